// swift-tools-version: 6.1
// Micro benchmarks for Wiredesk (issue #6): each stage alone and the whole pipeline in process, with allocations
// per article, measured by ordo-one/benchmark. A separate package so the root package (and CI's `make test`) never
// pulls in the benchmark harness or its malloc interposer.
//
//   swift package --package-path Benchmarks benchmark            # run (release build)
//   swift build --package-path Benchmarks                         # what CI needs: it builds, it does not run
//
// Articles: $WIREDESK_BENCH_CORPUS, else ../../shared/corpora/bbc-train when present, else Fixtures/ (small,
// written for this repository).
import Foundation
import PackageDescription

/// SwiftPM names a path dependency after its folder, and a clone may live in any folder: ask the manifest's path.
let rootPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent

let package = Package(
    name: "WiredeskBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "WiredeskBenchmarks",
            dependencies: [
                .product(name: "WiredeskPipeline", package: rootPackage),
                .product(name: "WiredeskLab", package: rootPackage),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/WiredeskBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
