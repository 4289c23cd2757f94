/// How the scrub-bar sprite sheets are made: one tile every `intervalSeconds`, `width`
/// pixels wide (the display aspect kept, never upscaled), `columns`×`rows` tiles a sheet.
public struct SpriteSheetOptions: Sendable, Equatable {
    public var intervalSeconds: Double
    public var width: Int
    public var columns: Int
    public var rows: Int
    /// JPEG quantizer, 2 (best) to 31.
    public var quality: Int
    /// The folder the sheets go in, and their names: `<prefix><N>.jpg`, N from 1.
    public var directory: String
    public var prefix: String

    public init(intervalSeconds: Double = 5, width: Int = 160, columns: Int = 10, rows: Int = 10, quality: Int = 4, directory: String, prefix: String) {
        self.intervalSeconds = intervalSeconds
        self.width = width
        self.columns = columns
        self.rows = rows
        self.quality = quality
        self.directory = directory
        self.prefix = prefix
    }

    /// The file name of sheet `index` (0-based): `ep1_sprite_1.jpg`.
    public func sheetName(_ index: Int) -> String { "\(prefix)\(index + 1).jpg" }
}
