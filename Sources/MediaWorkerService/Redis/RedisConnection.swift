import Foundation
import MediaWorkerSupport

/// One blocking connection to Redis (RESP2 over TCP), owned by this object: opened and
/// checked in `init`, closed in `deinit`. Calls block their thread; run them with
/// `BlockingWork`, one call at a time.
final class RedisConnection {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var position = 0

    /// Connects to `host:port`; `timeout` bounds the connect and every read (a blocking
    /// command's own timeout must be shorter).
    init(host: String, port: Int, timeout: Double) throws(RedisError) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw RedisError("cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var lastErrno: Int32 = 0
        var address: UnsafeMutablePointer<addrinfo>? = first
        var connected: Int32 = -1
        while let entry = address {
            let socketFD = socket(entry.pointee.ai_family, entry.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), entry.pointee.ai_protocol)
            if socketFD >= 0 {
                var limit = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
                setsockopt(socketFD, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
                setsockopt(socketFD, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
                if connect(socketFD, entry.pointee.ai_addr, entry.pointee.ai_addrlen) == 0 {
                    connected = socketFD
                    break
                }
                lastErrno = errno
                close(socketFD)
            } else {
                lastErrno = errno
            }
            address = entry.pointee.ai_next
        }
        guard connected >= 0 else {
            throw RedisError("cannot connect to \(host):\(port): \(SystemError.reason(lastErrno))", cause: lastErrno)
        }
        fd = connected
    }

    deinit { close(fd) }

    /// Sends commands in one write and reads one reply per command (pipelining).
    func send(_ commands: [[String]]) throws(RedisError) -> [RedisReply] {
        var out: [UInt8] = []
        for command in commands {
            out += Array("*\(command.count)\r\n".utf8)
            for argument in command {
                let bytes = Array(argument.utf8)
                out += Array("$\(bytes.count)\r\n".utf8) + bytes + [13, 10]
            }
        }
        var sent = 0
        while sent < out.count {
            let written = out[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw RedisError("write failed: \(SystemError.reason(errno))", cause: errno) }
            sent += written
        }
        var replies: [RedisReply] = []
        for _ in commands { replies.append(try readReply()) }
        return replies
    }

    /// One command; an error reply is thrown.
    func call(_ command: String...) throws(RedisError) -> RedisReply {
        let reply = try send([command])[0]
        if case .error(let message) = reply { throw RedisError("\(command.first ?? "") failed: \(message)") }
        return reply
    }

    private func readReply() throws(RedisError) -> RedisReply {
        let line = try readLine()
        guard let kind = line.first else { throw RedisError("empty reply line") }
        let rest = String(decoding: line.dropFirst(), as: UTF8.self)
        switch kind {
        case UInt8(ascii: "+"): return .status(rest)
        case UInt8(ascii: "-"): return .error(rest)
        case UInt8(ascii: ":"):
            guard let number = Int(rest) else { throw RedisError("bad integer reply \(rest)") }
            return .integer(number)
        case UInt8(ascii: "$"):
            guard let length = Int(rest) else { throw RedisError("bad bulk length \(rest)") }
            if length < 0 { return .bulk(nil) }
            guard length <= 512 << 20 else { throw RedisError("bulk reply of \(length) bytes") }
            let bytes = try readBytes(length + 2)
            return .bulk(Array(bytes.dropLast(2)))
        case UInt8(ascii: "*"):
            guard let count = Int(rest) else { throw RedisError("bad array length \(rest)") }
            if count < 0 { return .array(nil) }
            var items: [RedisReply] = []
            for _ in 0..<count { items.append(try readReply()) }
            return .array(items)
        default:
            throw RedisError("unexpected reply type \(Character(UnicodeScalar(kind)))")
        }
    }

    private func readLine() throws(RedisError) -> [UInt8] {
        while true {
            if let end = buffer[position...].firstIndex(of: 10), end > position, buffer[end - 1] == 13 {
                let line = Array(buffer[position..<(end - 1)])
                position = end + 1
                return line
            }
            try fill()
        }
    }

    private func readBytes(_ count: Int) throws(RedisError) -> [UInt8] {
        while buffer.count - position < count { try fill() }
        let bytes = Array(buffer[position..<(position + count)])
        position += count
        return bytes
    }

    private func fill() throws(RedisError) {
        if position > 0 {
            buffer.removeFirst(position)
            position = 0
        }
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count == 0 { throw RedisError("the server closed the connection") }
        if count < 0 {
            let code = errno
            throw RedisError(code == EAGAIN || code == EWOULDBLOCK ? "no reply in time" : "read failed: \(SystemError.reason(code))", cause: code)
        }
        buffer += chunk[0..<count]
    }
}
