/// Keys in S3 notifications are encoded as HTML forms encode values (`application/x-www-form-urlencoded`):
/// space as `+`, everything else percent-escaped (AWS keeps `/`; moto and MinIO escape it).
public enum FormDecoding {
    /// Decodes once: `+` becomes a space, then `%XX` sequences become bytes, read as UTF-8.
    /// A malformed escape is kept as it is (a key may contain a literal `%` in a broken
    /// encoder's output); invalid UTF-8 is refused.
    public static func decode(_ text: String) throws(EventDecodingError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        let input = Array(text.utf8)
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), index + 2 < input.count, let high = hex(input[index + 1]), let low = hex(input[index + 2]) {
                bytes.append(high << 4 | low)
                index += 2
            } else {
                bytes.append(byte)
            }
            index += 1
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw EventDecodingError("key \"\(text)\" does not decode to UTF-8")
        }
        return decoded
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
