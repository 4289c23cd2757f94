public import MediaWorkerAWS

extension S3Client.Configuration {
    /// The defaults, changed by `S3_CHECKSUM` (`crc32c`, `sha256` or `md5`): the checksum
    /// every upload carries. An unknown value is an error that names the variable.
    public static func fromEnvironment(_ environment: AWSEnvironment = .current) throws -> Self {
        var configuration = Self()
        if let value = environment["S3_CHECKSUM"] {
            guard let checksum = S3ChecksumAlgorithm(rawValue: value.lowercased()) else {
                let choices = S3ChecksumAlgorithm.allCases.map(\.rawValue).joined(separator: ", ")
                throw AWSConfigurationError("S3_CHECKSUM=\(value) is not a checksum media-worker knows: use one of \(choices)")
            }
            configuration.checksum = checksum
        }
        return configuration
    }
}

extension S3Client {
    /// A client configured from the environment: AWS settings (``AWSClient/fromEnvironment(_:http:onRetry:)``)
    /// and `S3_CHECKSUM`.
    public static func fromEnvironment(_ environment: AWSEnvironment = .current) throws -> S3Client {
        S3Client(aws: try AWSClient.fromEnvironment(environment), configuration: try .fromEnvironment(environment))
    }
}
