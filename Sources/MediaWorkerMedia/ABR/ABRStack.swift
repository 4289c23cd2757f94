/// Automated ABR's decision for one output: every candidate size measured, the renditions
/// chosen (largest first) and why the others were not (in the job record).
public struct ABRStack: Sendable, Equatable, Codable {
    public var measurements: [ABRMeasurement]
    public var rungs: [ABRRung]
    public var notes: [String]

    public init(measurements: [ABRMeasurement], rungs: [ABRRung], notes: [String]) {
        self.measurements = measurements
        self.rungs = rungs
        self.notes = notes
    }
}
