import MediaWorkerJSON
import MediaWorkerShorts
import Testing

/// The MediaConvert rendering of a short: one input per shot, clipped and statically cropped.
@Suite("Shorts MediaConvert inputs")
struct ShortInputsTests {
    static func path() -> CropPath {
        // Three shots over 0–30 s; the camera holds left, pans, then holds right.
        let samples = (0..<150).map { index -> CameraSample in
            let time = Double(index) / 5
            let shot = time < 10 ? 0 : (time < 20 ? 1 : 2)
            let x = shot == 0 ? 0.25 : (shot == 1 ? 0.25 + 0.5 * (time - 10) / 10 : 0.75)
            return CameraSample(time: time, shot: shot, subjects: [SubjectBox(centreX: x, centreY: 0.5, width: 0.08, height: 0.15)])
        }
        return CameraPathSolver(limits: CameraLimits()).solve(samples, sourceWidth: 1920, sourceHeight: 1080, rate: 5)
    }

    @Test("timecodes are HH:MM:SS:FF at the nominal frame rate")
    func timecodes() {
        #expect(ShortInputs.timecode(0, frameRate: 25) == "00:00:00:00")
        #expect(ShortInputs.timecode(3723.48, frameRate: 25) == "01:02:03:12")
        #expect(ShortInputs.timecode(1.5, frameRate: 29.97) == "00:00:01:15")
    }

    @Test("a short spanning three shots is three inputs, each clipped to its part and cropped at the shot's median position")
    func threeShots() throws {
        let path = Self.path()
        let moment = MomentCandidate(start: 5, end: 25, signals: SignalScores(), score: 1)
        let inputs = try #require(ShortInputs.inputs(for: moment, path: path, frameRate: 25, fileInput: "s3://watch/inputs/ep.mp4").elements)
        #expect(inputs.count == 3)
        let clips = inputs.map { $0["InputClippings"]?.elements?.first }
        #expect(clips.map { $0?["StartTimecode"]?.stringValue } == ["00:00:05:00", "00:00:10:00", "00:00:20:00"])
        #expect(clips.map { $0?["EndTimecode"]?.stringValue } == ["00:00:10:00", "00:00:20:00", "00:00:25:00"])
        let lefts = inputs.compactMap { $0["Crop"]?["X"]?.intValue }
        #expect(lefts.count == 3 && lefts[0] < lefts[1] && lefts[1] < lefts[2], "\(lefts)")
        #expect(inputs.allSatisfy { $0["Crop"]?["Width"]?.intValue == 608 && $0["Crop"]?["Height"]?.intValue == 1080 })
    }

    @Test("the CreateJob request of a short passes botocore's MediaConvert model")
    func botocore() async throws {
        let path = Self.path()
        let moment = MomentCandidate(start: 2, end: 28, signals: SignalScores(), score: 1)
        let inputs = ShortInputs.inputs(for: moment, path: path, frameRate: 25, fileInput: "s3://watch/inputs/ep.mp4")
        let output = try JSONParser.parse(#"""
            {"OutputGroups": [{"Name": "File Group", "OutputGroupSettings": {"Type": "FILE_GROUP_SETTINGS",
              "FileGroupSettings": {"Destination": "s3://delivery/shorts/ep/ep"}},
              "Outputs": [{"NameModifier": "_short1", "ContainerSettings": {"Container": "MP4"},
                "VideoDescription": {"Width": 1080, "Height": 1920, "ScalingBehavior": "DEFAULT",
                  "CodecSettings": {"Codec": "H_264", "H264Settings": {"RateControlMode": "QVBR", "MaxBitrate": 6000000,
                    "QvbrSettings": {"QvbrQualityLevel": 8}}}},
                "AudioDescriptions": [{"AudioSourceName": "Audio Selector 1", "CodecSettings": {"Codec": "AAC",
                  "AacSettings": {"Bitrate": 128000, "CodingMode": "CODING_MODE_2_0", "SampleRate": 48000}}}]}]}]}
            """#).value
        var settings = output
        settings["Inputs"] = inputs
        let request = JSONValue.object(["Role": .string("arn:aws:iam::123456789012:role/MediaConvert"), "Settings": settings])
        let errors = try await BotocoreModel.errors([request])
        #expect(errors == [[]])
        #expect(inputs.elements?.count == 3)
    }
}
