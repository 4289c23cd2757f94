import Foundation

extension ManagedServer {
    /// Whether the socket listening on 127.0.0.1:`port` belongs to this server (its
    /// supervisor or a descendant), read from /proc (only for servers ready when their port
    /// listens, ``init(name:command:environment:port:timeout:ownListener:ready:)``). A port held by another process,
    /// whose start raced with this one, is not taken for this server being ready: the
    /// server then fails to bind and exits, and its start fails naming the log.
    /// False while /proc does not show the listener or its owner (a read of /proc/net/tcp can
    /// miss entries while sockets come and go; the next poll reads again); true without /proc.
    func ownsListener(_ port: Int) -> Bool {
        guard FileManager.default.fileExists(atPath: "/proc/net/tcp") else { return true }
        let inodes = Self.listeningInodes(port)
        guard !inodes.isEmpty else { return false }
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return true }
        for entry in entries where Int32(entry) != nil {
            guard let fds = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(entry)/fd") else { continue }
            for fd in fds {
                guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(entry)/fd/\(fd)"),
                    target.hasPrefix("socket:["), inodes.contains(String(target.dropFirst(8).dropLast()))
                else { continue }
                return Self.descends(Int32(entry)!, from: pid)
            }
        }
        return false
    }

    /// The inodes of the sockets listening on `port` (IPv4 and IPv6 tables).
    private static func listeningInodes(_ port: Int) -> Set<String> {
        let hexPort = String(format: "%04X", port)
        var inodes: Set<String> = []
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            guard let text = try? String(contentsOfFile: table, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                guard fields.count > 9, fields[1].hasSuffix(":" + hexPort), fields[3] == "0A" else { continue }
                inodes.insert(String(fields[9]))
            }
        }
        return inodes
    }

    /// Whether `process` is `ancestor` or one of its descendants (parents from /proc/PID/stat).
    private static func descends(_ process: pid_t, from ancestor: pid_t) -> Bool {
        var current = process
        for _ in 0..<64 {
            if current == ancestor { return true }
            guard current > 1, let stat = try? String(contentsOfFile: "/proc/\(current)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            // After "pid (comm)": state, then the parent's PID.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 1, let parent = Int32(fields[1]) else { return false }
            current = parent
        }
        return false
    }
}
