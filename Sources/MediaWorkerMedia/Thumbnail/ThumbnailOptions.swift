/// How a thumbnail is taken.
public struct ThumbnailOptions: Sendable, Equatable {
    /// The time of the frame, in seconds from the start. Default: 7.
    public var atSeconds: Double
    /// The largest size, in display orientation; the picture is fitted inside, never upscaled.
    public var maxWidth: Int
    public var maxHeight: Int
    /// JPEG quantizer, 2 (best) to 31. Default: 3.
    public var quality: Int

    public init(atSeconds: Double = 7, maxWidth: Int = 1280, maxHeight: Int = 720, quality: Int = 3) {
        self.atSeconds = atSeconds
        self.maxWidth = maxWidth
        self.maxHeight = maxHeight
        self.quality = quality
    }

    /// The time actually used for media lasting `duration` seconds: `atSeconds` when the
    /// media is longer than that, otherwise the midpoint.
    public func effectiveTime(duration: Double?) -> (seconds: Double, isFallback: Bool) {
        guard let duration, duration > 0 else { return (atSeconds, false) }
        return atSeconds < duration ? (atSeconds, false) : (duration / 2, true)
    }
}
