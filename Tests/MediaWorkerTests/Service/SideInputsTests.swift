import Foundation
import MediaWorkerAWS
import MediaWorkerJobs
import MediaWorkerS3
import MediaWorkerService
import Testing

/// Side inputs fetched from an in-memory store: what is fetched and how it is named, and each
/// way a fetch is refused (403, over the size limit, a placeholder without a value, not a URI).
@Suite("Side inputs: fetched once each under derived names; forbidden, too large and unusable URIs are named errors")
struct SideInputsTests {
    static func template(image: String, output: String, captions: String) throws -> JobTemplate {
        let text = """
            {"Inputs": [{"FileInput": "{{INPUT_URL}}", "ImageInserter": {"InsertableImages": [{"ImageInserterInput": "\(image)", "Layer": 1}]},
              "CaptionSelectors": {"Captions Selector 1": {"SourceSettings": {"SourceType": "SRT", "FileSourceSettings": {"SourceFile": "\(captions)"}}}}}],
             "OutputGroups": [{"OutputGroupSettings": {"Type": "FILE_GROUP_SETTINGS", "FileGroupSettings": {"Destination": "{{DESTINATION}}"}},
              "Outputs": [{"ContainerSettings": {"Container": "MP4"}, "VideoDescription": {"Width": 320, "Height": 180,
                "VideoPreprocessors": {"ImageInserter": {"InsertableImages": [{"ImageInserterInput": "\(output)", "Layer": 2}]}},
                "CodecSettings": {"Codec": "H_264", "H264Settings": {"RateControlMode": "CBR", "Bitrate": 500000}}}}]}]}
            """
        return try JobTemplate.parse(Array(text.utf8), name: "side.json")
    }

    static let values: [Placeholder: String] = [.destinationBucket: "delivery"]

    @Test("s3:// images and the sidecar are fetched into side-inputs/ (one fetch per URI, placeholders first); local paths stay as written")
    func fetched() async throws {
        let store = InMemoryObjectStore()
        store.put(S3Location(bucket: "delivery", key: "assets/logo.png"), bytes: Array("png".utf8))
        store.put(S3Location(bucket: "assets", key: "cues/../evil name.srt"), bytes: Array("1\n00:00:00,000 --> 00:00:01,000\nHi\n".utf8))
        let folder = try TestTools.temporaryDirectory("mw-side-fetched").path
        // The input's image by placeholder, the output's by bucket name: the same object.
        let template = try Self.template(image: "s3://{{DESTINATION_BUCKET}}/assets/logo.png", output: "s3://delivery/assets/logo.png", captions: "s3://assets/cues/../evil name.srt")
        let local = try await SideInputs(store: store).localize(template, values: Self.values, folder: folder)
        let members = Dictionary(SideInputs.members(of: local).map { ($0.path, $0.written) }) { first, _ in first }
        let image = try #require(members["Inputs[0].ImageInserter.InsertableImages[0].ImageInserterInput"])
        let output = try #require(members["OutputGroups[0].Outputs[0].VideoDescription.VideoPreprocessors.ImageInserter.InsertableImages[0].ImageInserterInput"])
        let captions = try #require(members["Inputs[0].CaptionSelectors.Captions Selector 1.SourceSettings.FileSourceSettings.SourceFile"])
        #expect(image == folder + "/side-inputs/1.png" && output == image, "\(members)")
        // Named by a counter and the extension, never by the key.
        #expect(captions == folder + "/side-inputs/2.srt", "\(captions)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/side-inputs").sorted() == ["1.png", "2.srt"])
        #expect(try String(contentsOfFile: captions, encoding: .utf8).hasSuffix("Hi\n"))

        let untouched = try Self.template(image: "/srv/logo.png", output: "file:///srv/logo.png", captions: "/srv/cues.srt")
        let same = try await SideInputs(store: store).localize(untouched, values: Self.values, folder: folder)
        #expect(SideInputs.members(of: same).map(\.written) == ["/srv/logo.png", "file:///srv/logo.png", "/srv/cues.srt"])
    }

    @Test("403: the error names the member, the URI and the permission to grant")
    func forbidden() async throws {
        let store = InMemoryObjectStore()
        let logo = S3Location(bucket: "brand", key: "logo.png")
        store.put(logo, bytes: Array("png".utf8))
        store.forbid(logo)
        let template = try Self.template(image: "/srv/in.png", output: "s3://brand/logo.png", captions: "/srv/cues.srt")
        let error = await #expect(throws: WorkerError.self) {
            try await SideInputs(store: store).localize(template, values: Self.values, folder: try TestTools.temporaryDirectory("mw-side-403").path)
        }
        #expect(error?.code == .sideInput)
        let message = error?.message ?? ""
        #expect(message.contains("OutputGroups[0].Outputs[0].VideoDescription.VideoPreprocessors.ImageInserter.InsertableImages[0].ImageInserterInput"), "\(message)")
        #expect(message.contains("s3://brand/logo.png") && message.contains("403") && message.contains("s3:GetObject on arn:aws:s3:::brand/logo.png"), "\(message)")
        #expect((error?.cause as? AWSServiceError)?.status == 403)
    }

    @Test("over the size limit: refused before the download, naming the size and the limit; nothing is left in side-inputs/")
    func tooLarge() async throws {
        let store = InMemoryObjectStore()
        store.put(S3Location(bucket: "assets", key: "big.srt"), bytes: [UInt8](repeating: 65, count: (1 << 20) + 1))
        let folder = try TestTools.temporaryDirectory("mw-side-large").path
        let template = try Self.template(image: "/srv/in.png", output: "/srv/out.png", captions: "s3://assets/big.srt")
        let error = await #expect(throws: WorkerError.self) {
            try await SideInputs(store: store, maxBytes: 1 << 20).localize(template, values: Self.values, folder: folder)
        }
        #expect(error?.code == .sideInputTooLarge)
        #expect(error?.message.contains("\((1 << 20) + 1) bytes") == true && error?.message.contains("limited to 1 MiB") == true, "\(error?.message ?? "")")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/side-inputs").isEmpty)
        // At the limit it is fetched.
        store.put(S3Location(bucket: "assets", key: "big.srt"), bytes: [UInt8](repeating: 65, count: 1 << 20))
        _ = try await SideInputs(store: store, maxBytes: 1 << 20).localize(template, values: Self.values, folder: folder)
        #expect(try FileManager.default.attributesOfItem(atPath: folder + "/side-inputs/1.srt")[.size] as? Int == 1 << 20)
    }

    @Test("a placeholder without a value here, and an s3:// URI without a key, are errors that say what to write")
    func unusable() async throws {
        let store = InMemoryObjectStore()
        let folder = try TestTools.temporaryDirectory("mw-side-unusable").path
        let placeholder = try Self.template(image: "s3://{{BASE_NAME}}/logo.png", output: "/srv/out.png", captions: "/srv/cues.srt")
        let kept = await #expect(throws: WorkerError.self) { try await SideInputs(store: store).localize(placeholder, values: Self.values, folder: folder) }
        #expect(kept?.code == .sideInput && kept?.message.contains("use {{DESTINATION_BUCKET}} or a bucket name") == true, "\(kept?.message ?? "")")
        let noKey = try Self.template(image: "s3://just-a-bucket", output: "/srv/out.png", captions: "/srv/cues.srt")
        let bad = await #expect(throws: WorkerError.self) { try await SideInputs(store: store).localize(noKey, values: Self.values, folder: folder) }
        #expect(bad?.code == .sideInput && bad?.message.contains("is not an s3://BUCKET/KEY URI") == true, "\(bad?.message ?? "")")
    }
}
