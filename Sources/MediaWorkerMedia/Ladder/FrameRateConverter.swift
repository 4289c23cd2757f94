/// Turns frames with arbitrary timestamps (variable frame rate) into a constant-rate
/// sequence: each output slot shows the latest frame that started at or before it, frames
/// that arrive before their slot is free are dropped. A plain state machine: give it times,
/// it says how many slots to fill with which frame.
struct FrameRateConverter: Sendable, Equatable {
    /// What to emit for one input frame, in slot order.
    struct Emission: Equatable, Sendable {
        /// Slots to fill with the previous frame first (a gap in the input).
        var previousCopies: Int64
        /// Slots to fill with this frame: 0 drops it (it came too soon).
        var currentCopies: Int64
        /// The first slot written.
        var firstSlot: Int64
    }

    let slotDuration: Double
    private(set) var nextSlot: Int64 = 0

    init(framesPerSecond: Double) {
        slotDuration = 1 / framesPerSecond
    }

    /// A frame presented at `time` seconds from the start.
    mutating func accept(time: Double) -> Emission {
        let slot = Int64((max(0, time) / slotDuration).rounded())
        let first = nextSlot
        guard slot >= nextSlot else { return Emission(previousCopies: 0, currentCopies: 0, firstSlot: first) }
        nextSlot = slot + 1
        if first == 0 {
            // The first frame also covers the slots before it.
            return Emission(previousCopies: 0, currentCopies: slot + 1, firstSlot: 0)
        }
        return Emission(previousCopies: slot - first, currentCopies: 1, firstSlot: first)
    }

    /// The slots still to fill with the last frame so the output lasts until `endTime`.
    mutating func finish(endTime: Double) -> Int64 {
        let end = Int64((max(0, endTime) / slotDuration).rounded())
        guard end > nextSlot else { return 0 }
        defer { nextSlot = end }
        return end - nextSlot
    }
}
