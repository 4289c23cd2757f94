import Foundation
import MediaWorkerMedia
import MediaWorkerPipeline
import Testing

/// What a job record stands for in the bucket: outputs, and what their manifests reference.
@Suite("Job objects from a record and its manifests")
struct JobObjectsTests {
    static let master = """
        #EXTM3U
        #EXT-X-VERSION:6
        #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="English",URI="ep_audio.m3u8"
        #EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",URI="../subs/ep_en.m3u8"
        #EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=90000,URI="ep_720p_iframes.m3u8"
        #EXT-X-STREAM-INF:BANDWIDTH=2000000,AUDIO="aac",SUBTITLES="subs"
        ep_720p.m3u8
        #EXT-X-STREAM-INF:BANDWIDTH=900000
        https://cdn.example.com/elsewhere.m3u8
        """
    static let media = """
        #EXTM3U
        #EXT-X-KEY:METHOD=AES-128,URI="https://keys.example.com/k1"
        #EXT-X-MAP:URI="ep_720p_init.mp4"
        #EXTINF:6.0,
        ep_720p_00001.m4s
        #EXTINF:6.0,
        ep_720p_00002.m4s?token=1
        """
    static let mpd = """
        <?xml version="1.0"?>
        <MPD xmlns="urn:mpeg:dash:schema:mpd:2011"><Period><AdaptationSet>
        <SegmentTemplate media="ep_$RepresentationID$_$Number%05d$.m4s" initialization="ep_$RepresentationID$_init.mp4" startNumber="1"/>
        <Representation id="720p" bandwidth="1"/><Representation id="360p" bandwidth="1"/>
        </AdaptationSet><AdaptationSet><Representation id="subs"><BaseURL>ep_en.vtt</BaseURL></Representation></AdaptationSet></Period></MPD>
        """

    static func report(_ outputs: [(OutputRole, String)]) -> DeliveryReport {
        var report = DeliveryReport(status: .complete, input: .init(key: "inputs/show/ep.mp4", bytes: 1), startedAt: Date(), worker: "test")
        report.outputs = outputs.map { MediaOutput(role: $0.0, path: $0.1, bytes: 1) }
        return report
    }

    @Test("HLS: variant, audio, subtitle and I-frame playlists, init and media segments; no key server, no absolute URL, queries dropped")
    func hls() async throws {
        let files = [
            "audiovideo/show/ep.m3u8": Self.master, "audiovideo/show/ep_720p.m3u8": Self.media,
            "audiovideo/subs/ep_en.m3u8": "#EXTM3U\n#EXTINF:6,\nep_en_00001.vtt\n",
        ]
        let keys = try await JobObjects.keys(
            of: Self.report([(.original, "original/show/ep.mp4"), (.thumbnail, "thumbnail/show/ep.jpg"), (.rendition, "audiovideo/show/ep.m3u8")]),
            read: { files[$0].map { Array($0.utf8) } }, list: { _ in [] })
        #expect(keys == [
            "thumbnail/show/ep.jpg", "audiovideo/show/ep.m3u8", "audiovideo/show/ep_audio.m3u8", "audiovideo/subs/ep_en.m3u8",
            "audiovideo/show/ep_720p_iframes.m3u8", "audiovideo/show/ep_720p.m3u8", "audiovideo/subs/ep_en_00001.vtt",
            "audiovideo/show/ep_720p_init.mp4", "audiovideo/show/ep_720p_00001.m4s", "audiovideo/show/ep_720p_00002.m4s",
        ])
    }

    @Test("DASH: each representation's numbered segments found by listing, never another upload's; files by BaseURL")
    func dash() async throws {
        let listing = [
            "audiovideo/show/ep_720p_00001.m4s", "audiovideo/show/ep_720p_00002.m4s", "audiovideo/show/ep_720p_extra.m4s",
            "audiovideo/show/ep_720p_00001.m4s.bak", "audiovideo/show/ep_360p_00001.m4s",
        ]
        let keys = try await JobObjects.keys(
            of: Self.report([(.original, "original/show/ep.mp4"), (.rendition, "audiovideo/show/ep.mpd")]), includeOriginal: true,
            read: { $0 == "audiovideo/show/ep.mpd" ? Array(Self.mpd.utf8) : nil },
            list: { prefix in listing.filter { $0.hasPrefix(prefix) } })
        #expect(keys == [
            "original/show/ep.mp4", "audiovideo/show/ep.mpd", "audiovideo/show/ep_en.vtt", "audiovideo/show/ep_720p_init.mp4",
            "audiovideo/show/ep_360p_init.mp4", "audiovideo/show/ep_720p_00001.m4s", "audiovideo/show/ep_720p_00002.m4s",
            "audiovideo/show/ep_360p_00001.m4s",
        ])
    }

    @Test("a reference that climbs out of the bucket or is rooted is ignored")
    func outside() async throws {
        let keys = try await JobObjects.keys(
            of: Self.report([(.rendition, "a.m3u8")]), read: { _ in Array("#EXTM3U\n../../x.ts\n/abs.ts\nok.ts\n".utf8) }, list: { _ in [] })
        #expect(keys == ["a.m3u8", "ok.ts"])
    }
}
