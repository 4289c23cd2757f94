import Foundation
import MediaWorkerJobs
import Testing

/// A ratchet on the local engine's gaps over the shared corpus: the members it does not
/// execute (warned) are exactly the known ones below, each named in docs/job-templates.md or
/// in an issue's open gaps. A member that becomes not executed (a regression, or a new
/// corpus template) fails this test; one that becomes executed fails it too, until it is
/// taken off the list, so the list is always the truth.
@Suite("The corpus's members not executed locally are exactly the known gaps")
struct TemplateCorpusGapsTests {
    /// Warned paths, indices as `[]`, the `Settings.` of job templates dropped, lowercased
    /// (one template is camelCase).
    static let known: Set<String> = [
        "inputs[].audioselectors.audio selector 1.externalaudiofileinput",
        "inputs[].inputclippings",
        "outputgroups",
        "outputgroups[].outputgroupsettings.dashisogroupsettings.audiochannelconfigschemeiduri",
        "outputgroups[].outputgroupsettings.dashisogroupsettings.hbbtvcompliance",
        "outputgroups[].outputgroupsettings.dashisogroupsettings.ptsoffsethandlingforbframes",
        "outputgroups[].outputgroupsettings.hlsgroupsettings.imagebasedtrickplay",
        "outputgroups[].outputs[].audiodescriptions[].codecsettings.aacsettings.codecprofile",
        "outputgroups[].outputs[].containersettings.m3u8settings.audioframesperpes",
        "outputgroups[].outputs[].containersettings.movsettings.paddingcontrol",
        "outputgroups[].outputs[].outputsettings.hlssettings.segmentmodifier",
        "outputgroups[].outputs[].videodescription.codecsettings.h264settings.flickeradaptivequantization",
        "outputgroups[].outputs[].videodescription.codecsettings.h264settings.parcontrol",
        "outputgroups[].outputs[].videodescription.codecsettings.h264settings.qualitytuninglevel",
        "outputgroups[].outputs[].videodescription.codecsettings.h264settings.scantypeconversionmode",
        "outputgroups[].outputs[].videodescription.codecsettings.h264settings.scenechangedetect",
        "outputgroups[].outputs[].videodescription.codecsettings.h264settings.unregisteredseitimecode",
        "outputgroups[].outputs[].videodescription.codecsettings.h265settings.flickeradaptivequantization",
        "outputgroups[].outputs[].videodescription.codecsettings.h265settings.qualitytuninglevel",
        "outputgroups[].outputs[].videodescription.codecsettings.h265settings.sampleadaptiveoffsetfiltermode",
        "outputgroups[].outputs[].videodescription.codecsettings.h265settings.temporalids",
        "outputgroups[].outputs[].videodescription.codecsettings.h265settings.tiles",
        "outputgroups[].outputs[].videodescription.timecodeinsertion",
        "timecodeconfig.source",
    ]

    static func normalized(_ path: String) -> String {
        var text = path.replacingOccurrences(of: #"\[[0-9]+\]"#, with: "[]", options: .regularExpression)
        for prefix in ["Settings.", "settings."] where text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
        return text.lowercased()
    }

    @Test("every not-executed member of the 24 templates is a known gap, and every known gap still occurs")
    func gaps() throws {
        var found = Set<String>()
        for url in try TemplateCorpus.files() {
            let template = try JobTemplate.parse(Array(try Data(contentsOf: url)), name: url.lastPathComponent)
            for warning in template.localWarnings { found.insert(Self.normalized(warning.path)) }
        }
        let new = found.subtracting(Self.known).sorted()
        let gone = Self.known.subtracting(found).sorted()
        #expect(new.isEmpty, "not executed and not a known gap: \(new)")
        #expect(gone.isEmpty, "executed now: take these off the known gaps: \(gone)")
        print("TemplateCorpusGapsTests: \(found.count) distinct members not executed over the corpus")
    }
}
