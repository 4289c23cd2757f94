import Foundation
import MediaWorkerJobs
import MediaWorkerMedia
import MediaWorkerPipeline
import Testing

/// FRAME_CAPTURE outputs, checked with ffprobe and against ffmpeg's own frames.
@Suite("FRAME_CAPTURE outputs: JPEGs at the capture rate under thumbnail/, named as MediaConvert names them")
struct FrameCaptureTests {
    @Test("1 capture a second, MaxCaptures 3, 160×90: three JPEGs, each the source's frame at its second")
    func captures() async throws {
        let text = """
            {"OutputGroups": [{"Name": "File Group", "OutputGroupSettings": {"Type": "FILE_GROUP_SETTINGS", "FileGroupSettings": {"Destination": "{{DESTINATION}}"}},
              "Outputs": [{"NameModifier": "_thumb", "ContainerSettings": {"Container": "RAW"}, "Extension": "jpg",
                "VideoDescription": {"Width": 160, "Height": 90, "CodecSettings": {"Codec": "FRAME_CAPTURE",
                  "FrameCaptureSettings": {"FramerateNumerator": 1, "FramerateDenominator": 1, "MaxCaptures": 3, "Quality": 80}}}}]}]}
            """
        let template = try JobTemplate.parse(Array(text.utf8), name: "frames.json")
        #expect(template.localWarnings.isEmpty, "\(template.localWarnings)")
        let file = try await HLSPackageTests.source()
        let (root, outputs) = try await HLSPackageTests.package(template, file: file)
        let files = try HLSPackageTests.files(root)
        #expect(files == ["thumbnail/clip_thumb.0000000.jpg", "thumbnail/clip_thumb.0000001.jpg", "thumbnail/clip_thumb.0000002.jpg"], "\(files)")
        #expect(outputs.map(\.path) == files && outputs.allSatisfy { $0.role == .thumbnail })
        for (index, name) in files.enumerated() {
            let path = root + "/" + name
            let stream = try #require(try await FFmpegTools.streams(path).first)
            #expect(stream["codec_name"] as? String == "mjpeg" && stream["width"] as? Int == 160 && stream["height"] as? Int == 90, "\(stream)")
            let reference = root + "/reference-\(index).png"
            try await FFmpegTools.run(["-ss", String(index), "-i", file, "-frames:v", "1", "-s", "160x90", reference])
            let psnr = try await FFmpegTools.psnr(path, reference: reference, width: 160, height: 90)
            #expect(psnr > 30, "\(name) vs ffmpeg's frame at \(index) s: \(psnr) dB")
            if index > 0 {
                let previous = root + "/reference-\(index - 1).png"
                let other = try await FFmpegTools.psnr(path, reference: previous, width: 160, height: 90)
                #expect(other < psnr, "\(name) is the frame at \(index) s, not the one before (\(other) vs \(psnr) dB)")
            }
        }
    }
}
