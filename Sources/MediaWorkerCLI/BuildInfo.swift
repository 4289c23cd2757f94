import MediaWorkerHTTP
import MediaWorkerMedia
import MediaWorkerSigning
import MediaWorkerXML

/// The version and the linked C libraries, for `--version` and the metadata JSON.
enum BuildInfo {
    static let version = "0.1.0"

    static var versionText: String {
        """
        media-worker \(version)
        \(HTTPClient.libraryVersion)
        \(LibcryptoInfo.version)
        \(XMLTree.libraryVersion)
        \(FFmpegLibraries.versions)
        """
    }
}
