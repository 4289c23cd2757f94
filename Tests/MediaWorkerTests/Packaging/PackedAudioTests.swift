import Foundation
import MediaWorkerJobs
import MediaWorkerMedia
import Testing

/// HLS audio-only outputs as MediaConvert's `AudioOnlyContainer` says: AUTOMATIC (the
/// default) packed audio (`.aac`, ADTS after an ID3 timestamp tag), M2TS transport stream
/// segments; `AudioOnlyHeader` EXCLUDE leaves the tag out.
@Suite("HLS packed audio: AudioOnlyContainer AUTOMATIC writes .aac segments with the ID3 timestamp; M2TS keeps TS; AudioOnlyHeader EXCLUDE")
struct PackedAudioTests {
    static func run(container: String?, header: String? = nil) async throws -> (root: String, audio: [String]) {
        var text = HLSPackageTests.templateText(.init(name: "packed", group: #""SegmentLength": 2"# + (header.map { #", "AudioOnlyHeader": "\#($0)""# } ?? ""), captions: false))
        if let container {
            text = text.replacingOccurrences(of: #""AudioTrackType": "ALTERNATE_AUDIO_AUTO_SELECT_DEFAULT""#, with: #""AudioTrackType": "ALTERNATE_AUDIO_AUTO_SELECT_DEFAULT", "AudioOnlyContainer": "\#(container)""#)
        }
        let template = try JobTemplate.parse(Array(text.utf8), name: "packed.json")
        #expect(!template.localWarnings.contains { $0.path.contains("AudioOnly") }, "\(template.localWarnings)")
        let (root, outputs) = try await HLSPackageTests.package(template, file: try await HLSPackageTests.source(seconds: 6))
        let master = try #require(outputs.first { $0.role == .playlist })
        _ = try await HLSPackageTests.check(root: root, master: master.path)
        let audio = try HLSPackageTests.files(root).filter { $0.contains("_audio_") }
        return (root, audio)
    }

    static func bytes(_ root: String, _ file: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: root + "/" + file)))
    }

    @Test("AUTOMATIC: each segment is the ID3 PRIV timestamp of its first PES plus the same ADTS frames M2TS carries in TS; EXCLUDE: the frames alone")
    func packedEqualsTransportStream() async throws {
        let packed = try await Self.run(container: nil)
        let transport = try await Self.run(container: "M2TS")
        let bare = try await Self.run(container: "AUTOMATIC", header: "EXCLUDE")
        #expect(packed.audio.count >= 3 && packed.audio.allSatisfy { $0.hasSuffix(".aac") }, "\(packed.audio)")
        #expect(transport.audio.count == packed.audio.count && transport.audio.allSatisfy { $0.hasSuffix(".ts") }, "\(transport.audio)")
        #expect(bare.audio.map { ($0 as NSString).deletingPathExtension } == packed.audio.map { ($0 as NSString).deletingPathExtension })
        var previous: Int64?
        for (index, file) in packed.audio.enumerated() {
            let segment = try Self.bytes(packed.root, file)
            let (frames, pts) = try PackedAudio.audioFrames(try Self.bytes(transport.root, transport.audio[index]))
            let timestamp = try #require(pts)
            #expect(segment == PackedAudio.id3Timestamp(timestamp) + frames, "\(file): not the tag of PTS \(timestamp) and the TS segment's frames")
            #expect(try Self.bytes(bare.root, bare.audio[index]) == frames, "\(bare.audio[index]): the ADTS frames alone")
            #expect(frames.first == 0xFF && frames[1] & 0xF0 == 0xF0)
            if let previous { #expect(timestamp > previous + 90_000, "2 s segments: \(timestamp) after \(previous)") }
            previous = timestamp
        }
    }

    @Test("the ID3 tag: ID3v2.4, one PRIV frame, the Apple owner and the 33-bit timestamp big-endian")
    func tagLayout() {
        let tag = PackedAudio.id3Timestamp(0x1_2345_6789 + (1 << 33))
        let owner = Array("com.apple.streaming.transportStreamTimestamp".utf8)
        #expect(Array(tag[0..<10]) == Array("ID3".utf8) + [4, 0, 0, 0, 0, 0, 63])
        #expect(Array(tag[10..<20]) == Array("PRIV".utf8) + [0, 0, 0, 53, 0, 0])
        #expect(Array(tag[20..<20 + owner.count]) == owner && tag[20 + owner.count] == 0)
        #expect(Array(tag.suffix(8)) == [0, 0, 0, 1, 0x23, 0x45, 0x67, 0x89], "bit 33 and above dropped")
        #expect(tag.count == 73)
    }

    @Test("a file that is not a transport stream, or has no audio, is refused with what it is")
    func refused() {
        #expect(throws: MediaError.self) { try PackedAudio.audioFrames([0x00, 0x01]) }
        var pat = [UInt8](repeating: 0xFF, count: 188)
        pat[0] = 0x47
        pat[1] = 0x40
        pat[3] = 0x10
        #expect { try PackedAudio.audioFrames(pat) } throws: { "\($0)".contains("no audio stream") }
    }
}
