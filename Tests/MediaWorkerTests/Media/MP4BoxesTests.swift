import Foundation
import MediaWorkerJobs
import MediaWorkerMedia
import Testing

/// `Mp4Settings` `FreeSpaceBox` and `CslgAtom` on the local engine's MP4 files, read back box
/// by box; the rewritten file decodes to the very pictures and sounds of the muxer's own.
@Suite("MP4 boxes: FreeSpaceBox (default EXCLUDE) and CslgAtom (default INCLUDE) as Mp4Settings says")
struct MP4BoxesTests {
    static func template(_ mp4: String, container: String = "MP4", codec: String = "H_264") throws -> JobTemplate {
        let member = container == "MOV" ? "MovSettings" : "Mp4Settings"
        let codecMember = codec == "H_264" ? "H264Settings" : "\(codec.replacingOccurrences(of: "_", with: "").capitalized)Settings"
        let rate = codec == "VP9" ? #""RateControlMode": "VBR", "Bitrate": 800000"# : #""RateControlMode": "QVBR", "MaxBitrate": 800000, "NumberBFramesBetweenReferenceFrames": 2"#
        let text = """
            {"Inputs": [{"AudioSelectors": {"Audio Selector 1": {"DefaultSelection": "DEFAULT"}}}],
             "OutputGroups": [{"Name": "file", "OutputGroupSettings": {"Type": "FILE_GROUP_SETTINGS", "FileGroupSettings": {"Destination": "{{DESTINATION}}"}},
              "Outputs": [{"NameModifier": "_180p", "ContainerSettings": {"Container": "\(container)", "\(member)": {\(mp4)}},
                "VideoDescription": {"Width": 320, "Height": 180, "CodecSettings": {"Codec": "\(codec)", "\(codecMember)": {\(rate)}}},
                "AudioDescriptions": [{"CodecSettings": {"Codec": "AAC", "AacSettings": {"Bitrate": 96000, "SampleRate": 48000, "CodingMode": "CODING_MODE_2_0"}}}]}]}]}
            """
        return try JobTemplate.parse(Array(text.utf8), name: "mp4-boxes.json")
    }

    /// Top-level box types, and per track its stbl's child types.
    static func layout(_ path: String) throws -> (top: [String], tables: [[String]]) {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        func children(_ range: Range<Int>) -> [(String, Range<Int>)] {
            var result: [(String, Range<Int>)] = []
            var offset = range.lowerBound
            while offset + 8 <= range.upperBound {
                let size = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
                guard size >= 8 else { break }
                result.append((String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self), offset + 8..<offset + size))
                offset += size
            }
            return result
        }
        let top = children(0..<bytes.count)
        var tables: [[String]] = []
        for (_, moov) in top {
            for (type, trak) in children(moov) where type == "trak" {
                guard let mdia = children(trak).first(where: { $0.0 == "mdia" }), let minf = children(mdia.1).first(where: { $0.0 == "minf" }),
                    let stbl = children(minf.1).first(where: { $0.0 == "stbl" })
                else { continue }
                tables.append(children(stbl.1).map(\.0))
            }
        }
        return (top.map(\.0), tables)
    }

    static func hashes(_ path: String, streams: String = "0") async throws -> [String] {
        let result = try await ProcessRunner.run("/usr/bin/ffmpeg", ["-v", "error", "-nostdin", "-i", path, "-map", streams, "-f", "framemd5", "-"])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
    }

    @Test("left out (MediaConvert's defaults): no free box, a cslg after the video's ctts; INCLUDE/EXCLUDE: the muxer's own; both decode alike")
    func defaultsAndExplicit() async throws {
        let file = try await HLSPackageTests.source(seconds: 3)
        let defaults = try await LocalTemplateTests.run(try Self.template(""), file: file)
        let muxer = try await LocalTemplateTests.run(try Self.template(#""FreeSpaceBox": "INCLUDE", "CslgAtom": "EXCLUDE""#), file: file)
        let (top, tables) = try Self.layout(defaults)
        #expect(top.first == "ftyp" && top.contains("moov") && top.last == "mdat" && !top.contains("free"), "\(top)")
        let video = try #require(tables.first { $0.contains("ctts") }, "\(tables)")
        #expect(video.firstIndex(of: "cslg") == video.firstIndex(of: "ctts").map { $0 + 1 }, "\(video)")
        let (muxerTop, muxerTables) = try Self.layout(muxer)
        #expect(muxerTop.contains("free") && !muxerTables.joined().contains("cslg"), "\(muxerTop) \(muxerTables)")
        let decoded = try await Self.hashes(defaults)
        let reference = try await Self.hashes(muxer)
        #expect(decoded.count > 100 && decoded == reference, "the moved chunk offsets still point at the same samples")
        #expect(!(try Self.template("").localWarnings.contains { $0.path.contains("Mp4Settings") }))
    }

    @Test("cslg values: the least and greatest composition offsets and the composition span, from ctts and stts")
    func compositionValues() async throws {
        let file = try await HLSPackageTests.source(seconds: 2)
        let path = try await LocalTemplateTests.run(try Self.template(""), file: file)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let marker = Array("cslg".utf8)
        let at = try #require((0..<bytes.count - 4).first { Array(bytes[$0..<$0 + 4]) == marker })
        func field(_ index: Int) -> Int32 { Int32(bitPattern: bytes[at + 8 + index * 4..<at + 12 + index * 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }) }
        let (shift, least, greatest, start, end) = (field(0), field(1), field(2), field(3), field(4))
        let ctts = try #require((0..<bytes.count - 4).first { Array(bytes[$0..<$0 + 4]) == Array("ctts".utf8) })
        #expect(bytes[ctts + 4] == 0, "ctts version 0 (Mp4Settings.CttsVersion 0 is the engine's)")
        #expect(shift == 0 && least >= 0 && greatest > least, "B-frames: offsets \(least)...\(greatest)")
        #expect(start >= least && end > start, "\(start)...\(end)")
        // ffprobe's reading of the same track: composition span = the stream's duration in its time base.
        let probe = try await ProcessRunner.run("/usr/bin/ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=duration_ts", "-of", "csv=p=0", path])
        let durationTicks = Int32(probe.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        #expect(end - start == durationTicks, "cslg span \(end - start) vs ffprobe's duration_ts \(durationTicks)")
    }

    /// media2cloud's MOV proxy settings (the corpus's template 27) but PaddingControl NONE.
    static let movSettings = #""ClapAtom": "EXCLUDE", "CslgAtom": "INCLUDE", "PaddingControl": "NONE", "Reference": "SELF_CONTAINED", "Mpeg2FourCCControl": "MPEG""#

    @Test("Container MOV: a QuickTime file (brand qt), a cslg after the video's ctts, no clap; CslgAtom EXCLUDE: none; the pictures are the MP4's")
    func quickTime() async throws {
        let template = try Self.template(Self.movSettings, container: "MOV")
        #expect(!template.localWarnings.contains { $0.path.contains("ContainerSettings") }, "\(template.localWarnings)")
        let file = try await HLSPackageTests.source(seconds: 3)
        let mov = try await LocalTemplateTests.run(template, file: file)
        #expect(mov.hasSuffix("_180p.mov"), "\(mov)")
        let probe = try await FFmpegTools.probe(mov)
        let tags = (probe["format"] as? [String: Any])?["tags"] as? [String: Any]
        #expect((tags?["major_brand"] as? String)?.hasPrefix("qt") == true, "\(String(describing: tags))")
        let streams = (probe["streams"] as? [[String: Any]] ?? []).compactMap { $0["codec_name"] as? String }
        #expect(streams.sorted() == ["aac", "h264"], "\(streams)")
        let (top, tables) = try Self.layout(mov)
        #expect(top.first == "ftyp" && top.contains("moov") && top.last == "mdat", "\(top)")
        #expect(top.firstIndex(of: "moov")! < top.firstIndex(of: "mdat")!, "the index before the media (faststart): \(top)")
        let video = try #require(tables.first { $0.contains("ctts") }, "\(tables)")
        #expect(video.firstIndex(of: "cslg") == video.firstIndex(of: "ctts").map { $0 + 1 }, "\(video)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: mov)).range(of: Data("clap".utf8)) == nil, "ClapAtom EXCLUDE: no clap box")
        let mp4 = try await LocalTemplateTests.run(try Self.template(""), file: file)
        let movPictures = try await Self.hashes(mov, streams: "0:v")
        let mp4Pictures = try await Self.hashes(mp4, streams: "0:v")
        #expect(movPictures.count > 50 && movPictures == mp4Pictures, "the same pictures in either container")
        let without = try await LocalTemplateTests.run(try Self.template(#""CslgAtom": "EXCLUDE""#, container: "MOV"), file: file)
        #expect(!(try Self.layout(without).tables.joined().contains("cslg")))
    }

    @Test("a file output in a container the local engine does not write is warned, not silently left out")
    func unwrittenContainers() throws {
        for (container, codec) in [("MXF", "H_264"), ("MOV", "VP9"), ("M2TS", "H_264")] {
            let warnings = try Self.template("", container: container, codec: codec).localWarnings
            #expect(warnings.contains { $0.path.hasSuffix("ContainerSettings.Container") && $0.message.contains(container) }, "\(container)/\(codec): \(warnings)")
        }
        for (container, codec) in [("MP4", "H_264"), ("MOV", "H_265"), ("MOV", "H_264")] {
            let warnings = try Self.template("", container: container, codec: codec).localWarnings
            #expect(!warnings.contains { $0.path.hasSuffix("ContainerSettings.Container") }, "\(container)/\(codec): \(warnings)")
        }
        let omneon = try Self.template(#""PaddingControl": "OMNEON""#, container: "MOV").localWarnings
        #expect(omneon.contains { $0.path.hasSuffix("MovSettings.PaddingControl") }, "Omneon padding is not written: \(omneon)")
    }

    @Test("a head without moov is refused")
    func refused() {
        #expect(throws: MediaError.self) { try MP4BoxRewriter.rewrite(Data([0, 0, 0, 8, 0x66, 0x72, 0x65, 0x65]), to: MP4Boxes()) }
    }
}
