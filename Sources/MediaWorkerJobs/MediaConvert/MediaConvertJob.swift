import Foundation

/// A MediaConvert job as CreateJob and GetJob return it (the members media-worker reads).
public struct MediaConvertJob: Sendable, Equatable {
    /// One output's figures: `outputGroupDetails[].outputDetails[]`.
    public struct OutputDetail: Sendable, Equatable {
        public var durationMilliseconds: Int?
        public var width: Int?
        public var height: Int?
        public var averageBitrate: Int?
        /// Only events carry the paths.
        public var paths: [String]
    }

    public var id: String
    public var arn: String?
    /// `SUBMITTED`, `PROGRESSING`, `COMPLETE`, `CANCELED` or `ERROR`.
    public var status: String
    public var errorCode: Int?
    public var errorMessage: String?
    public var jobPercentComplete: Int?
    public var userMetadata: [String: String]
    /// Per output group, per output.
    public var outputGroupDetails: [[OutputDetail]]
    /// HLS multivariant playlists (events only).
    public var playlistPaths: [String]

    /// Whether the job has finished, one way or the other.
    public var isFinal: Bool { ["COMPLETE", "ERROR", "CANCELED"].contains(status) }

    /// Decodes the wire form (`{"id": ..., "status": ..., "outputGroupDetails": ...}`).
    public init?(wire object: [String: Any]) {
        guard let id = object["id"] as? String ?? object["jobId"] as? String, let status = object["status"] as? String else { return nil }
        self.id = id
        self.status = status
        arn = object["arn"] as? String
        errorCode = (object["errorCode"] as? NSNumber)?.intValue
        errorMessage = object["errorMessage"] as? String
        jobPercentComplete = (object["jobPercentComplete"] as? NSNumber)?.intValue
        userMetadata = (object["userMetadata"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String }
        var playlists: [String] = []
        outputGroupDetails = (object["outputGroupDetails"] as? [[String: Any]] ?? []).map { group in
            playlists += group["playlistFilePaths"] as? [String] ?? []
            return (group["outputDetails"] as? [[String: Any]] ?? []).map { detail in
                let video = detail["videoDetails"] as? [String: Any] ?? [:]
                return OutputDetail(
                    durationMilliseconds: (detail["durationInMs"] as? NSNumber)?.intValue,
                    width: (video["widthInPx"] as? NSNumber)?.intValue, height: (video["heightInPx"] as? NSNumber)?.intValue,
                    averageBitrate: (video["averageBitrate"] as? NSNumber)?.intValue,
                    paths: detail["outputFilePaths"] as? [String] ?? [])
            }
        }
        playlistPaths = playlists
    }
}
