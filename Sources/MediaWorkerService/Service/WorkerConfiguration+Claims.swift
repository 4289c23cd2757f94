extension WorkerConfiguration {
    /// Claims: one job at a time, across workers, writes an upload's outputs
    /// (`CLAIMS`, `CLAIM_LEASE_SECONDS`; docs/worker.md, Claims).
    public struct Claims: Sendable, Equatable {
        public enum Mode: String, Sendable, Equatable {
            /// Claims when the store takes conditional writes (checked at startup); else a
            /// warning and none.
            case auto
            /// Claims, or the worker refuses to start.
            case on
            /// No claims (one worker, or a store without conditional writes).
            case off
        }

        public var mode: Mode = .auto
        /// How long a claim holds without renewal; renewed every third of it. A worker killed
        /// while it holds one delays that upload by up to this long. Read from the
        /// environment, it defaults to 120 s but no more than the visibility timeout.
        public var leaseSeconds: Double = 120
        public init() {}
    }
}
