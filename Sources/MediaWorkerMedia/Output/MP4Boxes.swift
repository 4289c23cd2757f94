/// The optional boxes of an MP4 output (`Mp4Settings`), MediaConvert's defaults when left
/// out: no free-space box (`FreeSpaceBox` EXCLUDE), a composition shift box in each track
/// with composition offsets (`CslgAtom` INCLUDE).
public struct MP4Boxes: Sendable, Equatable, Codable {
    /// `FreeSpaceBox` INCLUDE: the muxer's 8-byte `free` box before `mdat` is kept.
    public var freeSpace: Bool
    /// `CslgAtom` INCLUDE: a `cslg` box in the sample table of each track with a `ctts`.
    public var compositionShift: Bool

    public init(freeSpace: Bool = false, compositionShift: Bool = true) {
        self.freeSpace = freeSpace
        self.compositionShift = compositionShift
    }

    /// What libavformat's mp4 muxer writes on its own: a `free` box, no `cslg`.
    public static let muxerDefault = MP4Boxes(freeSpace: true, compositionShift: false)
}
