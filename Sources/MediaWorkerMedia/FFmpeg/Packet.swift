internal import CFFmpeg

/// Owns one `AVPacket`.
final class Packet: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<AVPacket>

    init() throws {
        guard let packet = av_packet_alloc() else { throw ffAllocationFailed("av_packet_alloc") }
        pointer = packet
    }

    private init(owning pointer: UnsafeMutablePointer<AVPacket>) {
        self.pointer = pointer
    }

    deinit {
        var packet: UnsafeMutablePointer<AVPacket>? = pointer
        av_packet_free(&packet)
    }

    /// A new packet sharing this packet's data.
    func reference() throws -> Packet {
        guard let copy = av_packet_clone(pointer) else { throw ffAllocationFailed("av_packet_clone") }
        return Packet(owning: copy)
    }

    func unreference() { av_packet_unref(pointer) }

    var streamIndex: Int { Int(pointer.pointee.stream_index) }
}
