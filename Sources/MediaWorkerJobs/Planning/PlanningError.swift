/// Why a template cannot be planned for a source.
public struct PlanningError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// Nothing in the template applies to the source (audio-only source, video-only template...).
        case noOutputs
        /// The probe found nothing to encode.
        case noMedia
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
