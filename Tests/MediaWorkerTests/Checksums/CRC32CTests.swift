import Foundation
import MediaWorkerSigning
import Testing

/// CRC-32C against published known answers (RFC 3720 B.4, the "123456789" check value)
/// and against itself: hardware and table paths agree, and combining parts gives the whole.
@Suite("CRC-32C", .serialized)
struct CRC32CTests {
    static func crc(_ bytes: [UInt8]) -> UInt32 {
        var crc = CRC32C()
        crc.update(bytes)
        return crc.value
    }

    @Test("known answers, with the hardware instruction and with the tables", arguments: [false, true])
    func knownAnswers(software: Bool) {
        CRC32C.forceSoftware(software)
        defer { CRC32C.forceSoftware(false) }
        #expect(Self.crc(Array("123456789".utf8)) == 0xE306_9283)
        #expect(Self.crc([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(Self.crc([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(Self.crc(Array(0..<32)) == 0x46DD_794E)
        #expect(Self.crc(Array((0..<32).reversed())) == 0x113F_DB5C)
        #expect(Self.crc([]) == 0)
        // S3's header form: base64 of the big-endian bytes.
        #expect(Data(CRC32C(value: 0xE306_9283).bigEndianBytes).base64EncodedString() == "4waSgw==")
    }

    @Test("hardware and tables agree at every alignment and length; incremental equals one pass")
    func pathsAgree() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<70_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for (start, length) in [(0, 70_000), (1, 8), (3, 1000), (7, 69_993), (5, 0), (2, 15)] {
            let slice = Array(bytes[start..<(start + length)])
            CRC32C.forceSoftware(true)
            let table = Self.crc(slice)
            CRC32C.forceSoftware(false)
            #expect(Self.crc(slice) == table, "start \(start) length \(length)")
        }
        var incremental = CRC32C()
        for chunk in stride(from: 0, to: bytes.count, by: 4097) {
            incremental.update(Array(bytes[chunk..<min(chunk + 4097, bytes.count)]))
        }
        #expect(incremental.value == Self.crc(bytes))
    }

    @Test("combine: the CRC of parts joined equals the CRC of the whole")
    func combine() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<50_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for cut in [0, 1, 8, 12_345, 49_999, 50_000] {
            let a = Self.crc(Array(bytes[..<cut]))
            let b = Self.crc(Array(bytes[cut...]))
            #expect(CRC32C.combine(a, b, lengthOfB: Int64(bytes.count - cut)) == Self.crc(bytes), "cut at \(cut)")
        }
        let parts = stride(from: 0, to: bytes.count, by: 7_000).map { Array(bytes[$0..<min($0 + 7_000, bytes.count)]) }
        let joined = parts.reduce(UInt32(0)) { CRC32C.combine($0, Self.crc($1), lengthOfB: Int64($1.count)) }
        #expect(joined == Self.crc(bytes))
    }
}
