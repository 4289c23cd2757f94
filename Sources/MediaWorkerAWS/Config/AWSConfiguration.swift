/// Region and endpoints resolved the way the AWS SDKs resolve them.
public struct AWSConfiguration: Sendable {
    /// Where the region came from, for messages.
    public enum RegionSource: Sendable, Equatable {
        case explicit, awsRegion, awsDefaultRegion, profile(String), fallback
    }

    public var region: String
    public var regionSource: RegionSource
    /// Endpoint overrides by service id (`s3`, `sqs`, `sts`, ...), and the global one.
    public var endpointOverrides: [String: AWSEndpoint]
    public var globalEndpoint: AWSEndpoint?
    /// Partition DNS suffix.
    public var dnsSuffix: String

    /// Resolves from an environment and the shared files.
    ///
    /// Region: `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`, else `us-east-1`.
    /// Endpoints: `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, the profile's
    /// `<service>.endpoint_url` or `endpoint_url`, else AWS's regional endpoint.
    /// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` disables the overrides.
    public init(environment: AWSEnvironment, files: SharedConfigFiles? = nil, region explicitRegion: String? = nil) throws(AWSConfigurationError) {
        let files = files ?? SharedConfigFiles(environment: environment)
        let profileName = environment.profileName
        let profile = files.profile(profileName) ?? [:]
        if let explicitRegion {
            (region, regionSource) = (explicitRegion, .explicit)
        } else if let value = environment["AWS_REGION"] {
            (region, regionSource) = (value, .awsRegion)
        } else if let value = environment["AWS_DEFAULT_REGION"] {
            (region, regionSource) = (value, .awsDefaultRegion)
        } else if let value = profile["region"], !value.isEmpty {
            (region, regionSource) = (value, .profile(profileName))
        } else {
            (region, regionSource) = ("us-east-1", .fallback)
        }
        guard Self.isValidRegion(region) else {
            throw AWSConfigurationError("the region \"\(region)\" is not a valid AWS region name: set AWS_REGION to a name like us-east-1")
        }
        dnsSuffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        endpointOverrides = [:]
        globalEndpoint = nil
        if environment.flag("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") || profile["ignore_configured_endpoint_urls"]?.lowercased() == "true" {
            return
        }
        func parse(_ value: String, _ source: String) throws(AWSConfigurationError) -> AWSEndpoint {
            guard let endpoint = AWSEndpoint(url: value) else {
                throw AWSConfigurationError("\(source)=\(value) is not an endpoint URL: use the form http://host:port or https://host")
            }
            return endpoint
        }
        if let value = environment["AWS_ENDPOINT_URL"] {
            globalEndpoint = try parse(value, "AWS_ENDPOINT_URL")
        } else if let value = profile["endpoint_url"], !value.isEmpty {
            globalEndpoint = try parse(value, "endpoint_url in profile \(profileName)")
        }
        for service in ["s3", "sqs", "sts", "sns", "mediaconvert", "iam", "events", "cloudformation"] {
            let variable = "AWS_ENDPOINT_URL_" + service.uppercased()
            if let value = environment[variable] {
                endpointOverrides[service] = try parse(value, variable)
            } else if let value = profile[service + ".endpoint_url"], !value.isEmpty {
                endpointOverrides[service] = try parse(value, "\(service).endpoint_url in profile \(profileName)")
            }
        }
    }

    /// The endpoint of a service (`s3`, `sqs`, ...).
    public func endpoint(for service: String) -> AWSEndpoint {
        if let custom = endpointOverrides[service] ?? globalEndpoint { return custom }
        return AWSEndpoint(scheme: "https", host: "\(service).\(region).\(dnsSuffix)", isCustom: false)
    }

    static func isValidRegion(_ region: String) -> Bool {
        !region.isEmpty && region.count <= 64 && region.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }
}

/// Configuration that cannot be used; the message says what to set.
public struct AWSConfigurationError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
