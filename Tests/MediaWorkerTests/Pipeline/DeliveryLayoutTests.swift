import MediaWorkerPipeline
import Testing

@Suite("Upload classification and delivery layout")
struct DeliveryLayoutTests {
    @Test("plupload partials, captions and MP3 are told apart by name")
    func classification() {
        #expect(UploadKind(fileName: "inputs/movie.mp4.CHUNK0") == .chunkPart)
        #expect(UploadKind(fileName: "movie.mp4.chunk12") == .chunkPart)
        #expect(UploadKind(fileName: "movie.CHUNK.mp4") == .media)
        #expect(UploadKind(fileName: "inputs/show/ep1.SRT") == .captions(.srt))
        #expect(UploadKind(fileName: "a.dfxp") == .captions(.ttml))
        #expect(UploadKind(fileName: "song.MP3") == .mp3)
        #expect(UploadKind(fileName: "clip.mov") == .media)
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
