/// The sprite sheets written and where each tile is: what a WebVTT thumbnails track needs.
public struct SpriteSheetResult: Sendable, Equatable {
    /// One JPEG of tiles.
    public struct Sheet: Sendable, Equatable {
        public var path: String
        public var name: String
        public var width: Int
        public var height: Int
        public var bytes: Int
    }

    /// One tile: the picture of `start`..<`end` seconds, at `x`,`y` in sheet `sheet`.
    public struct Tile: Sendable, Equatable {
        public var sheet: Int
        public var x: Int
        public var y: Int
        public var width: Int
        public var height: Int
        public var start: Double
        public var end: Double
    }

    public var sheets: [Sheet]
    public var tiles: [Tile]
}
