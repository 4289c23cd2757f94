/// What a worker did, counted per outcome (logged at exit; exported as metrics later).
public struct WorkerStatistics: Sendable, Equatable {
    public var messages = 0
    public var completed = 0
    public var submitted = 0
    public var skipped = 0
    public var failed = 0
    public var retried = 0
    public var deadLettered = 0
    public var released = 0
    /// Messages left for later because another worker held the upload's claim.
    public var deferred = 0
    public init() {}
}
