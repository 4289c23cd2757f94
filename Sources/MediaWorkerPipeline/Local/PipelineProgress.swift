/// Where a pipeline run is: the step and the overall fraction done (0…1).
public struct PipelineProgress: Sendable, Equatable {
    public var step: String
    public var fraction: Double
}
