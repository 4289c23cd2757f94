import MediaWorkerSigning
import Testing

/// AES-128 CBC with PKCS#7 padding, as HLS segments are encrypted.
@Suite("AES-128 CBC (libcrypto)")
struct AES128CBCTests {
    static func bytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
    }

    @Test("NIST SP 800-38A F.2.1: the first block as the standard gives it, then one block of padding; wrong sizes refused")
    func vector() throws {
        let cipher = try AES128CBC(key: Self.bytes("2b7e151628aed2a6abf7158809cf4f3c"))
        let iv = Self.bytes("000102030405060708090a0b0c0d0e0f")
        let plain = Self.bytes("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51")
        let sealed = try cipher.encrypt(plain, iv: iv)
        #expect(Hex.encode(Array(sealed.prefix(32))) == "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2")
        #expect(sealed.count == 48, "32 bytes and a whole block of padding")
        // The same cipher again with another IV: the context is reset on each call.
        #expect(try cipher.encrypt(plain, iv: [UInt8](repeating: 0, count: 16)).prefix(16) != sealed.prefix(16))
        #expect(try cipher.encrypt([1, 2, 3], iv: iv).count == 16)
        #expect(throws: CryptoError.self) { try cipher.encrypt(plain, iv: [0]) }
        #expect(throws: CryptoError.self) { try AES128CBC(key: [1, 2]) }
    }
}
