// swift-tools-version: 6.1
// A fuzz target for the normalize stage (issue 15), in a package of its own so its instrumented build never mixes
// with the main one. Two builds of the same source (Tests/fuzz/run.sh does both):
//   libFuzzer:  swift build --package-path Tests/fuzz --scratch-path .build-fuzz \
//                   -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING -Xswiftc -parse-as-library
//   replay:     swift build --package-path Tests/fuzz   (a deterministic mutation fuzzer over the corpus, no libFuzzer)
import Foundation
import PackageDescription

/// A path dependency's identity is its directory's name (the checkout may be called anything).
let rootPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "wiredesk-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(path: "../..")],
    targets: [
        .target(name: "CFuzzerDriver", path: "Sources/CFuzzerDriver"),
        .executableTarget(
            name: "normalize-fuzz",
            dependencies: [.product(name: "WiredeskPipeline", package: rootPackage), "CFuzzerDriver"],
            path: "Sources/normalize-fuzz",
            swiftSettings: [.swiftLanguageMode(.v6)]),
    ]
)
