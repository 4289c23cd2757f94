/// Big-endian integers in ISO BMFF box bytes: the one reader and writer of the MP4 code
/// (``IndexedMP4``, ``MP4BoxRewriter``).
enum BigEndian {
    /// The unsigned integer of `width` bytes at `offset`.
    static func read<Bytes: RandomAccessCollection>(_ bytes: Bytes, at offset: Bytes.Index, width: Int) -> UInt64 where Bytes.Element == UInt8 {
        bytes[offset..<bytes.index(offset, offsetBy: width)].reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// `value` as `width` bytes, most significant first.
    static func bytes(_ value: UInt64, width: Int) -> [UInt8] {
        (0..<width).map { UInt8((value >> UInt64(8 * (width - 1 - $0))) & 0xff) }
    }
}
