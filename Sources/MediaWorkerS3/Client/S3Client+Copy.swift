import Foundation
import MediaWorkerAWS
import MediaWorkerSigning
import MediaWorkerXML

extension S3Client {
    /// CopyObject inside S3. Objects above `multipartCopyThreshold` (5 GiB, the most one
    /// CopyObject may copy) are copied as a multipart upload of UploadPartCopy ranges.
    /// With `options`, the metadata is replaced; without, it is copied.
    @discardableResult
    public func copyObject(from source: S3Location, to destination: S3Location, options: S3PutOptions? = nil, multipartCopyThreshold: Int64 = 5 << 30) async throws -> S3ObjectInfo {
        let head = try await headObject(source)
        let copySource = "/" + SigV4Encoding.encode(source.bucket) + "/" + SigV4Encoding.encode(source.key, keepSlash: true)
        if head.size <= multipartCopyThreshold {
            var headers = [("x-amz-copy-source", copySource), ("x-amz-copy-source-if-match", "\"\(head.etag)\"")]
            if let options {
                headers.append(("x-amz-metadata-directive", "REPLACE"))
                headers += options.headers
            }
            let response = try await aws.send(
                request("CopyObject", "PUT", destination, headers: headers),
                recheck: copiedAlready(destination, source: head, metadata: options?.metadata ?? head.metadata))
            let root = try XMLTree.parse(response.body)
            if root.name == "Error" {
                throw AWSServiceError(
                    code: root.text(of: "Code") ?? "InternalError", message: root.text(of: "Message") ?? "", status: 200, service: "s3",
                    operation: "CopyObject", resource: destination.description)
            }
            var info = head
            info.etag = (root.text(of: "ETag") ?? head.etag).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            return info
        }
        let partSize = max(partSize(for: head.size), min(multipartCopyThreshold, Self.maximumPartSize))
        let count = Int((head.size + partSize - 1) / partSize)
        var createHeaders = options?.headers ?? []
        if options == nil {
            if let type = head.contentType { createHeaders.append(("Content-Type", type)) }
            if let cache = head.cacheControl { createHeaders.append(("Cache-Control", cache)) }
            for (name, value) in head.metadata.sorted(by: { $0.key < $1.key }) { createHeaders.append(("x-amz-meta-\(name)", value)) }
        }
        let uploadID = try await createMultipartUpload(destination, headers: createHeaders)
        do {
            let parts = try await forEachPart(count: count) { number in
                let start = Int64(number - 1) * partSize
                let end = min(start + partSize, head.size) - 1
                let response = try await self.aws.send(self.request(
                    "UploadPartCopy", "PUT", destination, query: [QueryItem("partNumber", String(number)), QueryItem("uploadId", uploadID)],
                    headers: [("x-amz-copy-source", copySource), ("x-amz-copy-source-range", "bytes=\(start)-\(end)"), ("x-amz-copy-source-if-match", "\"\(head.etag)\"")]))
                let root = try XMLTree.parse(response.body)
                guard let etag = root.text(of: "ETag") else {
                    throw S3TransferError("UploadPartCopy \(number) of \(destination) returned no ETag")
                }
                return S3CompletedPart(number: number, etag: etag, length: end - start + 1, checksum: nil)
            }
            return try await completeMultipartUpload(destination, uploadID: uploadID, parts: parts, size: head.size)
        } catch {
            try? await abortMultipartUpload(destination, uploadID: uploadID)
            throw error
        }
    }
}
