// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "media-worker",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "media-worker", targets: ["MediaWorkerCLI"]),
        .library(name: "MediaWorkerSigning", targets: ["MediaWorkerSigning"]),
        .library(name: "MediaWorkerHTTP", targets: ["MediaWorkerHTTP"]),
        .library(name: "MediaWorkerAWS", targets: ["MediaWorkerAWS"]),
        .library(name: "MediaWorkerS3", targets: ["MediaWorkerS3"]),
        .library(name: "MediaWorkerMedia", targets: ["MediaWorkerMedia"]),
        .library(name: "MediaWorkerCaptions", targets: ["MediaWorkerCaptions"]),
        .library(name: "MediaWorkerPipeline", targets: ["MediaWorkerPipeline"]),
        .library(name: "MediaWorkerJSON", targets: ["MediaWorkerJSON"]),
        .library(name: "MediaWorkerJobs", targets: ["MediaWorkerJobs"]),
        .library(name: "MediaWorkerQueue", targets: ["MediaWorkerQueue"]),
        .library(name: "MediaWorkerService", targets: ["MediaWorkerService"]),
        .library(name: "MediaWorkerShorts", targets: ["MediaWorkerShorts"]),
        .library(name: "MediaWorkerConsole", targets: ["MediaWorkerConsole"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // Thin C modules: one per library, a module map plus a shim header for
        // macros and variadic functions Swift cannot import.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // FFmpeg's headers only: the libraries are not linked but loaded on first use by
        // CFFmpegLoader's generated forwarders (scripts/generate_ffmpeg_loader.py), so
        // S3 and queue commands run without mapping FFmpeg and its ~100 dependencies.
        .systemLibrary(
            name: "CFFmpeg",
            providers: [.apt(["libavformat-dev", "libavcodec-dev", "libavfilter-dev", "libswscale-dev", "libswresample-dev", "libavutil-dev"])]),
        .target(name: "CFFmpegLoader"),
        .systemLibrary(name: "CXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),

        // Our own C: CRC-32C with the CPU's instruction (no system library provides it).
        .target(name: "CCRC32C"),

        // Shared low-level pieces (a pthread lock ThreadSanitizer understands, the HTTP header type).
        .target(name: "MediaWorkerSupport", swiftSettings: strict),

        .target(name: "MediaWorkerSigning", dependencies: ["CCrypto", "CCRC32C", "MediaWorkerSupport"], swiftSettings: strict),
        .target(name: "MediaWorkerHTTP", dependencies: ["CCurl", "MediaWorkerSupport"], swiftSettings: strict),
        .target(name: "MediaWorkerXML", dependencies: ["CXML2"], swiftSettings: strict),
        .target(
            name: "MediaWorkerAWS",
            dependencies: [
                "MediaWorkerSigning", "MediaWorkerHTTP", "MediaWorkerXML", "MediaWorkerSupport",
            ],
            swiftSettings: strict),
        .target(name: "MediaWorkerS3", dependencies: ["MediaWorkerAWS", "MediaWorkerSigning", "MediaWorkerHTTP", "MediaWorkerXML", "MediaWorkerSupport"], swiftSettings: strict),
        .target(name: "MediaWorkerMedia", dependencies: ["CFFmpeg", "CFFmpegLoader", "MediaWorkerSupport", "MediaWorkerXML"], swiftSettings: strict),
        .target(name: "MediaWorkerJSON", swiftSettings: strict),
        .target(
            name: "MediaWorkerJobs",
            dependencies: [
                "MediaWorkerJSON", "MediaWorkerMedia", "MediaWorkerAWS", "MediaWorkerSigning", "MediaWorkerHTTP", "MediaWorkerSupport",
                "MediaWorkerCaptions",
            ],
            swiftSettings: strict),
        .target(name: "MediaWorkerQueue", dependencies: ["MediaWorkerAWS", "MediaWorkerSigning", "MediaWorkerXML", "MediaWorkerSupport"], swiftSettings: strict),
        .target(name: "MediaWorkerCaptions", dependencies: ["MediaWorkerXML"], swiftSettings: strict),
        .target(name: "MediaWorkerShorts", dependencies: ["MediaWorkerCaptions", "MediaWorkerJSON", "MediaWorkerJobs", "MediaWorkerMedia"], swiftSettings: strict),
        .target(
            name: "MediaWorkerPipeline",
            dependencies: [
                "MediaWorkerMedia", "MediaWorkerCaptions", "MediaWorkerS3", "MediaWorkerAWS", "MediaWorkerJobs", "MediaWorkerSupport",
                "MediaWorkerShorts",
            ],
            swiftSettings: strict),
        .target(
            name: "MediaWorkerService",
            dependencies: [
                "MediaWorkerPipeline", "MediaWorkerQueue", "MediaWorkerS3", "MediaWorkerAWS", "MediaWorkerJobs", "MediaWorkerMedia",
                "MediaWorkerSigning", "MediaWorkerHTTP", "MediaWorkerCaptions", "MediaWorkerSupport", "MediaWorkerShorts",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict),
        // The operator console: server-rendered pages (mustache templates and the project's own
        // small JavaScript in Resources/), local accounts with bcrypt, sessions, CSRF.
        .target(
            name: "MediaWorkerConsole",
            dependencies: [
                "MediaWorkerPipeline", "MediaWorkerService", "MediaWorkerQueue", "MediaWorkerS3", "MediaWorkerAWS", "MediaWorkerJobs",
                "MediaWorkerSigning", "MediaWorkerHTTP", "MediaWorkerSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: strict),
        .executableTarget(
            name: "MediaWorkerCLI",
            dependencies: [
                "MediaWorkerAWS", "MediaWorkerS3", "MediaWorkerMedia", "MediaWorkerHTTP", "MediaWorkerXML", "MediaWorkerSigning",
                "MediaWorkerPipeline", "MediaWorkerJobs", "MediaWorkerJSON", "MediaWorkerQueue", "MediaWorkerService",
                "MediaWorkerShorts", "MediaWorkerSupport", "MediaWorkerConsole",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict),
        // Fuzz targets: corpus replayers in a normal build; libFuzzer harnesses under `make fuzz`
        // (--sanitize=fuzzer --sanitize=address -Xswiftc -DFUZZING). Corpora in Fuzz/Corpus.
        .target(name: "FuzzSupport", swiftSettings: strict),
        .executableTarget(name: "FuzzEventDecoder", dependencies: ["FuzzSupport", "MediaWorkerService"], swiftSettings: strict),
        .executableTarget(name: "FuzzS3XML", dependencies: ["FuzzSupport", "MediaWorkerS3", "MediaWorkerAWS", "MediaWorkerHTTP", "MediaWorkerSupport"], swiftSettings: strict),
        .executableTarget(name: "FuzzJobTemplate", dependencies: ["FuzzSupport", "MediaWorkerJobs"], swiftSettings: strict),
        .executableTarget(name: "FuzzCaptions", dependencies: ["FuzzSupport", "MediaWorkerCaptions"], swiftSettings: strict),
        .testTarget(
            name: "MediaWorkerTests",
            dependencies: ["MediaWorkerSigning", "MediaWorkerHTTP", "MediaWorkerAWS", "MediaWorkerS3", "MediaWorkerXML", "MediaWorkerMedia",
                "MediaWorkerCaptions", "MediaWorkerPipeline", "MediaWorkerJobs", "MediaWorkerJSON", "MediaWorkerQueue", "MediaWorkerService",
                "MediaWorkerShorts", "MediaWorkerSupport", "MediaWorkerConsole",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
