import Foundation
import MediaWorkerPipeline
import Testing

/// The thumbnails track through the worker, in-process over the in-memory store: what is
/// written and in which order.
@Suite("The WebVTT thumbnails track delivered by the worker: after its sprite sheets, listed in the record")
struct ThumbnailTrackDeliveryTests {
    @Test("an HLS template with MediaWorkerThumbnails: the sheets before the track, the segments before the playlists, each listed with its content type")
    func delivered() async throws {
        let rig = try UploadProcessorInProcessTests.Rig(template: try ThumbnailTrackTests.template())
        rig.upload("inputs/clip.mp4", bytes: Array(try Data(contentsOf: URL(fileURLWithPath: try await ThumbnailTrackTests.source()))), id: "clip")
        try await rig.worker.run()
        let record = try rig.record("json/clip.json")
        #expect(record.status == .complete, "\(record.error?.message ?? "")")
        let sprites = record.outputs.filter { $0.role == .sprite }
        #expect(sprites.map(\.path) == ["thumbnail/clip_sprite_1.jpg", "thumbnail/clip_sprite_2.jpg"] && sprites.allSatisfy { $0.contentType == "image/jpeg" }, "\(sprites)")
        let track = try #require(record.outputs.first { $0.role == .thumbnailTrack })
        #expect(track.path == "thumbnail/clip_thumbnails.vtt" && track.contentType == "text/vtt", "\(track)")
        let vtt = String(decoding: try #require(rig.store.bytes("delivery", track.path)), as: UTF8.self)
        #expect(vtt.hasPrefix("WEBVTT") && vtt.contains("clip_sprite_2.jpg#xywh=160,0,160,90"), "\(vtt)")

        let order = rig.store.writeOrder
        let position = { (key: String) in order.firstIndex(of: "delivery/" + key) ?? -1 }
        #expect(sprites.allSatisfy { position($0.path) >= 0 && position($0.path) < position(track.path) }, "\(order)")
        let segments = order.filter { $0.hasPrefix("delivery/audiovideo/") && !$0.hasSuffix(".m3u8") }.compactMap { order.firstIndex(of: $0) }
        let playlists = order.filter { $0.hasSuffix(".m3u8") }.compactMap { order.firstIndex(of: $0) }
        #expect(!segments.isEmpty && !playlists.isEmpty && segments.max()! < playlists.min()!, "\(order)")
    }
}
