// swift-tools-version:6.1
import PackageDescription

/// The libFuzzer target for the DiscoProtocol codec. Built by `scripts/fuzz` with
/// `-Xswiftc -sanitize=fuzzer,address`, so that DiscoProtocol itself is instrumented (SwiftPM's separate
/// `--sanitize fuzzer --sanitize address` flags reach the compiler as two `-sanitize=` options, and only the last
/// one takes effect: the Swift code would not be instrumented for coverage).
let package = Package(
    name: "DiscoFuzz",
    dependencies: [
        .package(name: "Disco", path: ".."),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
    ],
    targets: [
        .executableTarget(
            name: "FrameFuzz",
            dependencies: [
                .product(name: "DiscoProtocol", package: "Disco"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ],
            path: ".",
            exclude: ["corpus", "artifacts", "make_corpus.py"],
            sources: ["FrameFuzz.swift"],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    ],
    swiftLanguageModes: [.v6]
)
