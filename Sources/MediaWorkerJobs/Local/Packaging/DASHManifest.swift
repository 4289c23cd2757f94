import Foundation
import MediaWorkerMedia

/// An MPD as MediaConvert writes DASH ISO and CMAF groups: static, one period, a video
/// adaptation set with a representation per video output, an audio one per language, a
/// WebVTT text one, each representation with a `SegmentTemplate` (`$Number%09d$`, start 1,
/// timescale 90000) and its `SegmentTimeline`.
enum DASHManifest {
    struct Representation {
        var id: String
        var index: SegmentIndex
        /// Segment file names relative to the MPD (`clip_720p_$Number%09d$.mp4`, `clip_720pinit.mp4`).
        var media: String
        var initialization: String
        var bandwidth: Int
        var language: String?
        /// SINGLE_FILE: the one file and where its parts are (`SegmentBase`), instead of a template.
        var segmentBase: SegmentBase?
    }

    struct SegmentBase {
        var file: String
        var layout: IndexedMP4.Layout
    }

    struct Subtitles {
        var id: String
        var uri: String
        var language: String?
    }

    /// `MpdProfile`: MAIN_PROFILE (default) or ON_DEMAND_PROFILE.
    static func profile(_ member: String?) -> String {
        member == "ON_DEMAND_PROFILE" ? "urn:mpeg:dash:profile:isoff-on-demand:2011" : "urn:mpeg:dash:profile:isoff-main:2011"
    }

    static func render(video: [Representation], audio: [Representation], subtitles: [Subtitles], segmentSeconds: Int, minBufferMilliseconds: Int, profile: String) -> String {
        let duration = (video + audio).map(\.index.totalDuration).max() ?? 0
        var text = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        text += #"<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" profiles="\#(profile)" minBufferTime="\#(iso(Double(minBufferMilliseconds) / 1000))" mediaPresentationDuration="\#(iso(duration))">"# + "\n"
        text += #"  <Period id="1" start="PT0S" duration="\#(iso(duration))">"# + "\n"
        var set = 1
        if !video.isEmpty {
            let maxWidth = video.compactMap { $0.index.streams.first?.width }.max() ?? 0
            let maxHeight = video.compactMap { $0.index.streams.first?.height }.max() ?? 0
            text += #"    <AdaptationSet id="\#(set)" contentType="video" mimeType="video/mp4" segmentAlignment="true" startWithSAP="1" maxWidth="\#(maxWidth)" maxHeight="\#(maxHeight)">"# + "\n"
            for representation in video.sorted(by: { $0.bandwidth > $1.bandwidth }) {
                let stream = representation.index.streams.first { $0.kind == .video }
                var attributes = #"id="\#(representation.id)" bandwidth="\#(representation.bandwidth)" codecs="\#(stream?.codec ?? "")" width="\#(stream?.width ?? 0)" height="\#(stream?.height ?? 0)""#
                if let rate = stream?.frameRate { attributes += #" frameRate="\#(frameRate(rate))""# }
                text += "      <Representation \(attributes)>\n" + template(representation, segmentSeconds: segmentSeconds) + "      </Representation>\n"
            }
            text += "    </AdaptationSet>\n"
            set += 1
        }
        for (language, group) in Dictionary(grouping: audio, by: { $0.language ?? "" }).sorted(by: { $0.key < $1.key }) {
            let lang = language.isEmpty ? "" : #" lang="\#(language)""#
            text += #"    <AdaptationSet id="\#(set)" contentType="audio" mimeType="audio/mp4" segmentAlignment="true" startWithSAP="1"\#(lang)>"# + "\n"
            for representation in group {
                let codec = representation.index.streams.first { $0.kind == .audio }?.codec ?? ""
                text += #"      <Representation id="\#(representation.id)" bandwidth="\#(representation.bandwidth)" codecs="\#(codec)">"# + "\n"
                text += template(representation, segmentSeconds: segmentSeconds) + "      </Representation>\n"
            }
            text += "    </AdaptationSet>\n"
            set += 1
        }
        for track in subtitles {
            let lang = track.language.map { #" lang="\#($0)""# } ?? ""
            text += #"    <AdaptationSet id="\#(set)" contentType="text" mimeType="text/vtt"\#(lang)>"# + "\n"
            text += #"      <Role schemeIdUri="urn:mpeg:dash:role:2011" value="subtitle"/>"# + "\n"
            text += #"      <Representation id="\#(track.id)" bandwidth="256"><BaseURL>\#(track.uri)</BaseURL></Representation>"# + "\n"
            text += "    </AdaptationSet>\n"
            set += 1
        }
        return text + "  </Period>\n</MPD>\n"
    }

    /// `SegmentTemplate` with a `SegmentTimeline` of the segments' real durations (cut at
    /// keyframes, the last one shorter), so the MPD names exactly the files written.
    private static func template(_ representation: Representation, segmentSeconds: Int) -> String {
        if let base = representation.segmentBase {
            let range = { (bytes: ClosedRange<Int64>) in "\(bytes.lowerBound)-\(bytes.upperBound)" }
            return "        <BaseURL>\(base.file)</BaseURL>\n"
                + #"        <SegmentBase indexRange="\#(range(base.layout.index))" indexRangeExact="true"><Initialization range="\#(range(base.layout.initialization))"/></SegmentBase>"#
                + "\n"
        }
        var text = #"        <SegmentTemplate timescale="90000" media="\#(representation.media)" initialization="\#(representation.initialization)" startNumber="1">"# + "\n"
        text += "          <SegmentTimeline>\n"
        var time = 0
        var runs: [(start: Int, duration: Int, repeats: Int)] = []
        for segment in representation.index.segments {
            let duration = Int((segment.duration * 90_000).rounded())
            if let last = runs.last, last.duration == duration {
                runs[runs.count - 1].repeats += 1
            } else {
                runs.append((time, duration, 0))
            }
            time += duration
        }
        for run in runs {
            text += #"            <S t="\#(run.start)" d="\#(run.duration)""# + (run.repeats > 0 ? #" r="\#(run.repeats)""# : "") + "/>\n"
        }
        return text + "          </SegmentTimeline>\n        </SegmentTemplate>\n"
    }

    /// `PT4.000S`.
    static func iso(_ seconds: Double) -> String { String(format: "PT%.3fS", seconds) }

    static func frameRate(_ rate: Double) -> String {
        for denominator in [1, 1001] {
            let numerator = rate * Double(denominator)
            if abs(numerator - numerator.rounded()) < 0.01 { return denominator == 1 ? "\(Int(numerator.rounded()))" : "\(Int(numerator.rounded()))/1001" }
        }
        return String(format: "%.3f", rate)
    }
}
