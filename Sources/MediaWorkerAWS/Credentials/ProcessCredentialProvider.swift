public import Foundation
public import MediaWorkerSigning

/// Credentials from a profile's `credential_process`, as botocore runs it: the command line
/// is split into words like `shlex.split` (see ``ShellWords``) and run without a shell
/// (stdin is /dev/null: a worker has no terminal). The program must exit 0 and print
///
///     {"Version": 1, "AccessKeyId": "...", "SecretAccessKey": "...",
///      "SessionToken": "...", "Expiration": "2026-12-01T23:00:00Z"}
///
/// `Version` must be 1; `SessionToken` and `Expiration` (ISO 8601) are optional, and
/// without `Expiration` the credentials never expire. Each call runs the program; wrap the
/// provider in a ``CachingCredentialProvider`` (``ProfileCredentialProvider`` does) to run
/// it again only shortly before the credentials expire.
///
/// Errors name the profile and the program (not its arguments, which may hold secrets),
/// include the program's stderr when it fails, and never its stdout.
public struct ProcessCredentialProvider: CredentialProvider {
    public var name: String { "credential_process of profile \(profile)" }
    /// The command line as written in the profile.
    public let command: String
    /// The profile it comes from, for messages.
    public let profile: String
    private let environment: [String: String]
    private let timeout: Duration

    /// - Parameters:
    ///   - command: the `credential_process` value.
    ///   - profile: the profile's name, for messages.
    ///   - environment: the program's environment (``AWSEnvironment/variables``).
    ///   - timeout: how long the program may run before it is killed and the call fails.
    public init(command: String, profile: String, environment: [String: String], timeout: Duration = .seconds(120)) {
        self.command = command
        self.profile = profile
        self.environment = environment
        self.timeout = timeout
    }

    public func credentials() async throws(CredentialProviderError) -> AWSCredentials {
        let arguments: [String]
        do {
            arguments = try ShellWords.split(command)
        } catch {
            throw CredentialProviderError(.failed, provider: name, "credential_process in profile \"\(profile)\" cannot be split into words: \(error.message); quote it as a POSIX shell would")
        }
        guard let program = arguments.first, !program.isEmpty else {
            throw CredentialProviderError(.failed, provider: name, "credential_process in profile \"\(profile)\" is empty: give the command that prints the credentials")
        }
        let environment = self.environment
        let timeout = self.timeout
        let outcome: Result<ChildProcess.Result, ChildProcess.StartFailure>
        do {
            outcome = try await BlockingWork.run("media-worker.credential-process") { () -> Result<ChildProcess.Result, ChildProcess.StartFailure> in
                do throws(ChildProcess.StartFailure) { return .success(try ChildProcess.run(arguments, environment: environment, timeout: timeout)) } catch { return .failure(error) }
            }
        } catch {
            throw CredentialProviderError(.failed, provider: name, "cannot run credential_process \(program) of profile \"\(profile)\": \(error)")
        }
        let result: ChildProcess.Result
        switch outcome {
        case .failure(let failure):
            throw CredentialProviderError(.failed, provider: name, "cannot run credential_process \(program) of profile \"\(profile)\": \(failure.message); check the path (no shell runs it, so there are no pipes, variables or ~)")
        case .success(let value):
            result = value
        }
        let stderr = Self.excerpt(result.stderr)
        let shown = stderr.isEmpty ? "" : "; its stderr: \(stderr)"
        if result.timedOut {
            throw CredentialProviderError(.failed, provider: name, "credential_process \(program) of profile \"\(profile)\" did not finish within \(timeout) and was killed\(shown)")
        }
        if let signal = result.signal {
            throw CredentialProviderError(.failed, provider: name, "credential_process \(program) of profile \"\(profile)\" was killed by signal \(signal)\(shown)")
        }
        guard result.status == 0 else {
            throw CredentialProviderError(.failed, provider: name, "credential_process \(program) of profile \"\(profile)\" exited with status \(result.status)\(shown)")
        }
        do {
            return try Self.decode(result.stdout, provider: name, what: "the output of credential_process \(program) of profile \"\(profile)\"")
        } catch {
            throw CredentialProviderError(error.code, provider: error.provider, error.message + shown)
        }
    }

    /// Decodes a credential process's output (see the type's documentation). `what` names
    /// the output in messages; the output itself is never quoted (it may hold secrets).
    public static func decode(_ output: [UInt8], provider: String, what: String) throws(CredentialProviderError) -> AWSCredentials {
        let fields: Output
        do {
            fields = try JSONDecoder().decode(Output.self, from: Data(output))
        } catch let error as Output.FieldError {
            throw CredentialProviderError(.failed, provider: provider, "\(what) has \(error.field) that is not a \(error.expected)")
        } catch {
            throw CredentialProviderError(
                .failed, provider: provider, "\(what) is not a JSON object: it must print {\"Version\": 1, \"AccessKeyId\": ..., \"SecretAccessKey\": ..., \"SessionToken\": ..., \"Expiration\": ...}")
        }
        guard let version = fields.version else {
            throw CredentialProviderError(.failed, provider: provider, "\(what) has no \"Version\": it must be 1")
        }
        guard version == .number(1) else {
            throw CredentialProviderError(.failed, provider: provider, "\(what) has \"Version\": \(version), which is not supported: only Version 1 is")
        }
        for (key, value) in [("AccessKeyId", fields.accessKeyID), ("SecretAccessKey", fields.secretAccessKey)] where value?.isEmpty ?? true {
            throw CredentialProviderError(.failed, provider: provider, "\(what) has no \"\(key)\"")
        }
        var expiration: Date?
        if let text = fields.expiration {
            guard let date = ISO8601Time.parse(text) else {
                throw CredentialProviderError(.failed, provider: provider, "\(what) has \"Expiration\": \"\(text)\", which is not an ISO 8601 time such as 2026-12-01T23:00:00Z")
            }
            expiration = date
        }
        let token = fields.sessionToken.flatMap { $0.isEmpty ? nil : $0 }
        return AWSCredentials(accessKeyID: fields.accessKeyID!, secretAccessKey: fields.secretAccessKey!, sessionToken: token, expiration: expiration)
    }

    /// The last part of a program's stderr, trimmed, for a message.
    static func excerpt(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes.suffix(2000), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return bytes.count > 2000 ? "…" + text : text
    }

    /// The process output's members, each checked for its type.
    struct Output: Decodable {
        enum Version: Equatable, CustomStringConvertible {
            case number(Double), text(String), other
            var description: String {
                switch self {
                case .number(let value): value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
                case .text(let value): "\"\(value)\""
                case .other: "a value that is not a number"
                }
            }
        }
        struct FieldError: Error {
            var field: String
            var expected: String
        }
        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(_ name: String) { stringValue = name }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        var version: Version?
        var accessKeyID: String?
        var secretAccessKey: String?
        var sessionToken: String?
        var expiration: String?

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            func string(_ name: String) throws -> String? {
                let key = Key(name)
                guard container.contains(key), !(try container.decodeNil(forKey: key)) else { return nil }
                guard let value = try? container.decode(String.self, forKey: key) else {
                    throw FieldError(field: "\"\(name)\"", expected: "string")
                }
                return value
            }
            accessKeyID = try string("AccessKeyId")
            secretAccessKey = try string("SecretAccessKey")
            sessionToken = try string("SessionToken")
            expiration = try string("Expiration")
            let key = Key("Version")
            if container.contains(key) {
                if let number = try? container.decode(Double.self, forKey: key) {
                    version = .number(number)
                } else if let bool = try? container.decode(Bool.self, forKey: key) {
                    version = .text(String(bool))
                } else if let text = try? container.decode(String.self, forKey: key) {
                    version = .text(text)
                } else {
                    version = .other
                }
            }
        }
    }
}

/// ISO 8601 times as credential sources write them: `2026-12-01T23:00:00Z`, with
/// fractional seconds, a `+02:00` / `+0200` offset, or none (UTC).
public enum ISO8601Time {
    /// The time `text` names, or nil when it is not such a time.
    public static func parse(_ text: String) -> Date? {
        let scalars = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= scalars.count else { return nil }
            var value = 0
            for byte in scalars[index..<index + digits] {
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += digits
            return value
        }
        func expect(_ characters: String) -> Bool {
            guard index < scalars.count, characters.utf8.contains(scalars[index]) else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
            expect("Tt "), let hour = number(2), expect(":"), let minute = number(2), expect(":"), let second = number(2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var fraction = 0.0
        if index < scalars.count, scalars[index] == UInt8(ascii: ".") || scalars[index] == UInt8(ascii: ",") {
            index += 1
            var scale = 0.1
            var any = false
            while index < scalars.count, scalars[index] >= 0x30 && scalars[index] <= 0x39 {
                fraction += Double(scalars[index] - 0x30) * scale
                scale /= 10
                index += 1
                any = true
            }
            guard any else { return nil }
        }
        var offset = 0
        if index < scalars.count {
            if expect("Zz") {
                offset = 0
            } else if scalars[index] == UInt8(ascii: "+") || scalars[index] == UInt8(ascii: "-") {
                let sign = scalars[index] == UInt8(ascii: "-") ? -1 : 1
                index += 1
                guard let hours = number(2) else { return nil }
                _ = expect(":")
                let minutes = index < scalars.count ? number(2) : 0
                guard let minutes, hours < 24, minutes < 60 else { return nil }
                offset = sign * (hours * 3600 + minutes * 60)
            } else {
                return nil
            }
        }
        guard index == scalars.count else { return nil }
        // Days from 1970-01-01 (Howard Hinnant's days_from_civil).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146097 + dayOfEra - 719468
        let seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }
}
