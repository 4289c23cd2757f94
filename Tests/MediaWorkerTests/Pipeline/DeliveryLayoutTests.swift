import MediaWorkerPipeline
import Testing

@Suite("Upload classification and delivery layout")
struct DeliveryLayoutTests {
    @Test("plupload partials, captions and MP3 are told apart by name")
    func classification() {
        #expect(MediaKind(fileName: "inputs/movie.mp4.CHUNK0") == .uploadPartial)
        #expect(MediaKind(fileName: "movie.mp4.chunk12") == .uploadPartial)
        #expect(MediaKind(fileName: "movie.CHUNK.mp4") == .video)
        #expect(MediaKind(fileName: "inputs/show/ep1.SRT") == .captions(.srt))
        #expect(MediaKind(fileName: "a.dfxp") == .captions(.ttml))
        #expect(MediaKind(fileName: "song.MP3") == .mp3)
        #expect(MediaKind(fileName: "clip.mov") == .video)
        #expect(MediaKind(fileName: "take.WAV") == .audio)
        #expect(MediaKind(fileName: "notes.bin") == .other(extension: "bin"))
        #expect(MediaKind(fileName: "README") == .other(extension: ""))
    }

    @Test("routing, the pipeline and the layout agree on every caption name (.xml and .webvtt included)")
    func oneDecision() {
        for name in ["a.srt", "a.vtt", "a.webvtt", "a.sbv", "a.ttml", "a.dfxp", "a.xml", "a.SRT"] {
            let kind = MediaKind(fileName: name)
            #expect(kind.isCaptions, "\(name)")
            #expect(DeliveryLayout(key: "inputs/" + name).metadata == "json/\(name).json", "\(name): captions keep their extension")
        }
        #expect(DeliveryLayout(key: "inputs/a.mp4").metadata == "json/a.json")
    }

    @Test("outputs keep the folders below inputs/ and drop the extension")
    func layout() {
        let layout = DeliveryLayout(key: "inputs/show/ep 1.final.mp4")
        #expect(layout.original == "original/show/ep 1.final.mp4")
        #expect(layout.metadata == "json/show/ep 1.final.json")
        #expect(layout.rendition("720p") == "audiovideo/show/ep 1.final_720p.mp4")
        #expect(layout.thumbnail == "thumbnail/show/ep 1.final.jpg")
        #expect(layout.captions == "closed-caption/show/ep 1.final.vtt")
        #expect(DeliveryLayout(key: "inputs/README").metadata == "json/README.json")
        // A video and its captions, same name: two metadata files.
        #expect(DeliveryLayout(key: "inputs/show/ep1.mp4").metadata == "json/show/ep1.json")
        #expect(DeliveryLayout(key: "inputs/show/ep1.SRT").metadata == "json/show/ep1.SRT.json")
        #expect(DeliveryLayout(key: "inputs/.hidden").metadata == "json/.hidden.json")
    }
}
