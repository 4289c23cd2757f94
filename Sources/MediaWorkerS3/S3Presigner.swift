public import Foundation
public import MediaWorkerAWS
public import MediaWorkerSigning

/// Presigned S3 URLs, as `aws s3 presign` makes them.
public struct S3Presigner: Sendable {
    public var client: AWSClient
    public var addressing: S3Addressing

    public init(client: AWSClient, style: S3AddressingStyle = .auto) {
        self.client = client
        self.addressing = S3Addressing(endpoint: client.configuration.endpoint(for: "s3"), style: style)
    }

    /// A URL that performs `method` on the object for `expires` seconds (at most 7 days),
    /// with `query` signed in (`partNumber` and `uploadId` for an UploadPart).
    public func presign(_ location: S3Location, method: String = "GET", expires: Int = 3600, query: [QueryItem] = [], date: Date? = nil) async throws -> String {
        let credentials = try await client.credentialProvider.credentials()
        let (endpoint, path) = addressing.address(location)
        let request = SignableRequest(method: method, scheme: endpoint.scheme, host: endpoint.hostHeader, path: endpoint.basePath + path, query: query)
        let signer = client.signer(for: "s3", credentials: credentials)
        return try signer.presign(request, expires: expires, payload: .unsigned, date: date ?? client.signingDate).request.url
    }
}
