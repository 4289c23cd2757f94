/// HLS packed audio (RFC 8216 3.4; MediaConvert's `AudioOnlyContainer` AUTOMATIC): an
/// audio-only segment as its raw ADTS frames, after an ID3 tag whose PRIV frame
/// `com.apple.streaming.transportStreamTimestamp` holds the first frame's 33-bit MPEG-2
/// timestamp, so that players place it on the same timeline as the TS video segments.
/// Made from the TS segment libavformat cut: the audio PES payloads, without I/O.
public enum PackedAudio {
    public static let timestampOwner = "com.apple.streaming.transportStreamTimestamp"

    /// The ADTS frames of `transportStream`'s first audio stream (PES stream ids 0xC0…0xDF)
    /// and the PTS (90 kHz) of its first PES.
    public static func audioFrames(_ transportStream: [UInt8]) throws(MediaError) -> (frames: [UInt8], pts: Int64?) {
        guard transportStream.count % 188 == 0, transportStream.first == 0x47 else {
            throw MediaError(.invalidOutput, "not an MPEG-2 transport stream of 188-byte packets (\(transportStream.count) bytes)")
        }
        var audioPID: Int?
        var frames: [UInt8] = []
        var firstPTS: Int64?
        for offset in stride(from: 0, to: transportStream.count, by: 188) {
            let packet = transportStream[offset..<offset + 188]
            guard packet[offset] == 0x47 else { throw MediaError(.invalidOutput, "lost TS sync at byte \(offset)") }
            let start = packet[offset + 1] & 0x40 != 0
            let pid = Int(packet[offset + 1] & 0x1f) << 8 | Int(packet[offset + 2])
            let control = (packet[offset + 3] >> 4) & 0x3
            guard control & 0x1 != 0 else { continue }
            var payload = offset + 4
            if control & 0x2 != 0 { payload += 1 + Int(packet[offset + 4]) }
            guard payload < offset + 188 else { continue }
            if start, audioPID == nil || audioPID == pid,
                packet[payload] == 0, packet[payload + 1] == 0, packet[payload + 2] == 1, (0xC0...0xDF).contains(packet[payload + 3])
            {
                audioPID = pid
                let flags = packet[payload + 7]
                let headerLength = Int(packet[payload + 8])
                if firstPTS == nil, flags & 0x80 != 0 { firstPTS = pts(packet, at: payload + 9) }
                let body = payload + 9 + headerLength
                if body < offset + 188 { frames += packet[body..<offset + 188] }
            } else if pid == audioPID, !start {
                frames += packet[payload..<offset + 188]
            }
        }
        guard audioPID != nil else { throw MediaError(.invalidOutput, "the TS segment has no audio stream to pack") }
        return (frames, firstPTS)
    }

    /// The packed segment: the ID3 timestamp tag (unless `header` is false,
    /// `AudioOnlyHeader` EXCLUDE) and the ADTS frames.
    public static func segment(_ transportStream: [UInt8], header: Bool) throws(MediaError) -> [UInt8] {
        let (frames, pts) = try audioFrames(transportStream)
        guard header, let pts else { return frames }
        return id3Timestamp(pts) + frames
    }

    /// An ID3v2.4 tag with one PRIV frame: the owner, a NUL, and the timestamp as 8 bytes
    /// big-endian (its low 33 bits).
    public static func id3Timestamp(_ pts: Int64) -> [UInt8] {
        var body = Array(timestampOwner.utf8) + [0]
        let value = UInt64(pts) & 0x1_FFFF_FFFF
        body += (0..<8).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
        let frame = Array("PRIV".utf8) + syncsafe(body.count) + [0, 0] + body
        return Array("ID3".utf8) + [4, 0, 0] + syncsafe(frame.count) + frame
    }

    static func syncsafe(_ value: Int) -> [UInt8] {
        [UInt8((value >> 21) & 0x7f), UInt8((value >> 14) & 0x7f), UInt8((value >> 7) & 0x7f), UInt8(value & 0x7f)]
    }

    static func pts(_ bytes: ArraySlice<UInt8>, at index: Int) -> Int64 {
        let high = Int64(bytes[index] >> 1) & 0x7
        let middle = Int64(bytes[index + 1]) << 7 | Int64(bytes[index + 2] >> 1)
        let low = Int64(bytes[index + 3]) << 7 | Int64(bytes[index + 4] >> 1)
        return high << 30 | middle << 15 | low
    }
}
