import Foundation
import MediaWorkerSigning
import MediaWorkerXML

extension S3ListPage {
    /// Parses a ListObjectsV2 answer. `location` names the listing in errors.
    public static func parse(_ body: [UInt8], location: String) throws -> S3ListPage {
        let root = try XMLTree.parse(body)
        let objects = root.elements(named: "Contents").map { element in
            S3ObjectSummary(
                key: element.text(of: "Key") ?? "", size: Int64(element.text(of: "Size") ?? "") ?? 0,
                etag: (element.text(of: "ETag") ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "\"")),
                lastModified: element.text(of: "LastModified").flatMap(SigV4Timestamp.parse))
        }
        let prefixes = root.elements(named: "CommonPrefixes").compactMap { $0.text(of: "Prefix") }
        let truncated = root.text(of: "IsTruncated") == "true"
        let token = truncated ? root.text(of: "NextContinuationToken") : nil
        if truncated && token == nil {
            throw S3TransferError("ListObjectsV2 of \(location) is truncated but has no continuation token")
        }
        return S3ListPage(objects: objects, commonPrefixes: prefixes, nextContinuationToken: token)
    }
}
