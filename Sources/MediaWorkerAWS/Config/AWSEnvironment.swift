import Foundation
public import MediaWorkerSupport

/// The process environment and home directory, captured once so configuration can be
/// resolved (and tested) from an explicit snapshot.
public struct AWSEnvironment: Sendable {
    public var variables: [String: String]
    public var homeDirectory: String
    /// The command's settings reader, when the environment comes from one: names read
    /// through the subscript are recorded there, and its flags apply.
    public let reader: ConfigReader?

    public init(variables: [String: String], homeDirectory: String? = nil) {
        self.variables = variables
        self.homeDirectory = homeDirectory ?? variables["HOME"] ?? NSHomeDirectory()
        self.reader = nil
    }

    /// The environment of a command's settings reader (its flags applied).
    public init(reader: ConfigReader, homeDirectory: String? = nil) {
        self.variables = reader.layered
        self.homeDirectory = homeDirectory ?? reader.environment["HOME"] ?? NSHomeDirectory()
        self.reader = reader
    }

    /// The current process's environment.
    public static var current: AWSEnvironment {
        AWSEnvironment(variables: ProcessInfo.processInfo.environment)
    }

    /// A non-empty variable.
    public subscript(_ name: String) -> String? {
        guard let value = reader?.raw(name) ?? variables[name], !value.isEmpty else { return nil }
        return value
    }

    /// A boolean variable: `true`/`1`/`yes` (any case).
    public func flag(_ name: String) -> Bool {
        guard let value = self[name]?.lowercased() else { return false }
        return ["true", "1", "yes", "on"].contains(value)
    }

    /// The selected profile: `AWS_PROFILE`, else `AWS_DEFAULT_PROFILE`, else `default`.
    public var profileName: String {
        self["AWS_PROFILE"] ?? self["AWS_DEFAULT_PROFILE"] ?? "default"
    }

    /// `AWS_SHARED_CREDENTIALS_FILE` or `~/.aws/credentials`.
    public var credentialsFilePath: String {
        expand(self["AWS_SHARED_CREDENTIALS_FILE"] ?? "~/.aws/credentials")
    }

    /// `AWS_CONFIG_FILE` or `~/.aws/config`.
    public var configFilePath: String {
        expand(self["AWS_CONFIG_FILE"] ?? "~/.aws/config")
    }

    /// The proxy variables (`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`, either case), as the
    /// transport reads them.
    public var proxyVariables: [String: String] {
        var values: [String: String] = [:]
        for name in ["HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY"] {
            for spelling in [name.lowercased(), name] {
                if let value = self[spelling] { values[spelling] = value }
            }
        }
        return values
    }

    func expand(_ path: String) -> String {
        path.hasPrefix("~/") ? homeDirectory + path.dropFirst(1) : path
    }
}
