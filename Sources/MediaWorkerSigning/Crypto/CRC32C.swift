internal import CCRC32C

/// CRC-32C (Castagnoli), the checksum S3 names `CRC32C`: hardware-accelerated where the
/// CPU has the instruction. Cheap enough to run over every byte uploaded or downloaded,
/// and combinable, so parts checked separately give the whole object's value.
public struct CRC32C: Sendable, Equatable {
    /// The CRC of everything added so far.
    public private(set) var value: UInt32

    /// A CRC continuing from `value` (0 for no data).
    public init(value: UInt32 = 0) {
        self.value = value
    }

    /// Adds bytes.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        value = mw_crc32c_update(value, base, bytes.count)
    }

    /// Adds bytes.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The CRC of A followed by B, from the CRCs of A and B and B's length.
    public static func combine(_ a: UInt32, _ b: UInt32, lengthOfB: Int64) -> UInt32 {
        mw_crc32c_combine(a, b, UInt64(max(0, lengthOfB)))
    }

    /// The CRC of parts joined in order, from each part's CRC and length.
    public static func combined(_ parts: [(crc: UInt32, length: Int64)]) -> CRC32C {
        CRC32C(value: parts.reduce(UInt32(0)) { combine($0, $1.crc, lengthOfB: $1.length) })
    }

    /// The value as 4 big-endian bytes, the form S3 base64-encodes in `x-amz-checksum-crc32c`.
    public var bigEndianBytes: [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xff), UInt8((value >> 8) & 0xff), UInt8(value & 0xff)]
    }

    /// Whether the CPU's CRC32C instruction is in use.
    public static var usesHardware: Bool { mw_crc32c_hardware() != 0 }

    /// For tests: forces the table implementation on (true) or back to automatic (false).
    public static func forceSoftware(_ force: Bool) { mw_crc32c_force_software(force ? 1 : 0) }
}
