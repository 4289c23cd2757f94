import Foundation
public import MediaWorkerJobs
import MediaWorkerJSON

extension ShortsParameters {
    /// The template's extension member holding the shorts parameters (left out of the
    /// MediaConvert request).
    public static let templateMember = "MediaWorkerShorts"

    /// The parameters of `template`'s `MediaWorkerShorts` member; the defaults without one.
    public init(template: JobTemplate) throws(ShortsError) {
        guard let member = template.extensions.first(where: { $0.key == Self.templateMember }) else {
            self.init()
            return
        }
        do {
            self = try JSONDecoder().decode(ShortsParameters.self, from: Data(JSONWriter.write(member.value).utf8))
        } catch {
            throw ShortsError(.invalidParameters, "\(template.name): \(Self.templateMember) is not valid: \(error)", cause: "\(error)")
        }
        if let problem = problems.first { throw ShortsError(.invalidParameters, "\(template.name): \(Self.templateMember): \(problem)") }
    }
}
