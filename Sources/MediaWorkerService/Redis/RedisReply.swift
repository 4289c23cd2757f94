/// A RESP2 reply.
public enum RedisReply: Sendable, Equatable {
    case status(String)
    case error(String)
    case integer(Int)
    case bulk([UInt8]?)
    case array([RedisReply]?)

    /// A bulk or status reply as text; `nil` for a nil bulk.
    public var text: String? {
        switch self {
        case .status(let text): text
        case .bulk(let bytes?): String(decoding: bytes, as: UTF8.self)
        case .integer(let number): String(number)
        default: nil
        }
    }

    public var integer: Int? {
        if case .integer(let number) = self { return number }
        return text.flatMap(Int.init)
    }
}
