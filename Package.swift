// swift-tools-version: 6.1
// Wiredesk: a Dispatch-based daemon that turns news articles dropped into an inbox into JSON results.
// Targets (docs/ARCHITECTURE.md): pure pipeline logic, daemon plumbing, systemd glue, a thin CLI, and one
// small C target per C library.
import PackageDescription

let package = Package(
    name: "wiredesk",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "wiredesk", targets: ["wiredesk"]),
        .library(name: "WiredeskPipeline", targets: ["WiredeskPipeline"]),
        .library(name: "WiredeskDaemon", targets: ["WiredeskDaemon"]),
        .library(name: "WiredeskLab", targets: ["WiredeskLab"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // MARK: C libraries (one small target each)
        .systemLibrary(
            name: "CSystemd", path: "Sources/CSystemd", pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]),
        .systemLibrary(
            name: "CUchardet", path: "Sources/CUchardet", pkgConfig: "uchardet",
            providers: [.apt(["libuchardet-dev"])]),
        .systemLibrary(
            name: "CGumbo", path: "Sources/CGumbo", pkgConfig: "gumbo",
            providers: [.apt(["libgumbo-dev"])]),
        // ICU behind a C file: Foundation ships its own ICU, so Swift must never see ICU's headers.
        .target(
            name: "CICUShim", path: "Sources/CICUShim",
            linkerSettings: [.linkedLibrary("icui18n"), .linkedLibrary("icuuc"), .linkedLibrary("icudata")]),
        // CLD2 is a C++ library: a C ABI wrapper keeps Swift out of C++ interop.
        .target(
            name: "CCLD2Shim", path: "Sources/CCLD2Shim",
            linkerSettings: [.linkedLibrary("cld2"), .linkedLibrary("stdc++")]),

        // renameat2(RENAME_NOREPLACE) and friends, which Swift's Glibc module does not import.
        .target(name: "CSpoolShim", path: "Sources/CSpoolShim"),
        // __builtin_prefetch, for the taggers' random reads of their weight tables.
        .target(name: "CPrefetchShim", path: "Sources/CPrefetchShim"),

        // MARK: Logic
        .target(
            name: "WiredeskPipeline",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                "CUchardet", "CGumbo", "CICUShim", "CCLD2Shim", "CPrefetchShim",
            ],
            path: "Sources/WiredeskPipeline",
            resources: [.copy("Models")],
            swiftSettings: [.swiftLanguageMode(.v6)]),
        // Training, evaluation and benchmarks: used by the CLI and Benchmarks/, never linked by the daemon.
        .target(
            name: "WiredeskLab",
            dependencies: ["WiredeskPipeline"],
            path: "Sources/WiredeskLab",
            swiftSettings: [.swiftLanguageMode(.v6)]),
        .target(
            name: "Systemd",
            dependencies: ["CSystemd", .product(name: "Logging", package: "swift-log")],
            path: "Sources/Systemd",
            swiftSettings: [.swiftLanguageMode(.v6)]),
        .target(
            name: "WiredeskDaemon",
            dependencies: [
                "WiredeskPipeline", "Systemd", "CSpoolShim",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "Sources/WiredeskDaemon",
            swiftSettings: [.swiftLanguageMode(.v6)]),
        .executableTarget(
            name: "wiredesk",
            dependencies: [
                "WiredeskPipeline", "WiredeskDaemon", "Systemd",
                "WiredeskLab",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/wiredesk",
            swiftSettings: [.swiftLanguageMode(.v6)]),

        // MARK: Tests (mirror the sources)
        .testTarget(
            name: "WiredeskPipelineTests", dependencies: ["WiredeskPipeline", "WiredeskLab"],
            path: "Tests/WiredeskPipelineTests", resources: [.copy("Fixtures")],
            swiftSettings: [.swiftLanguageMode(.v6)]),
        .testTarget(
            name: "WiredeskDaemonTests", dependencies: ["WiredeskDaemon", "WiredeskPipeline"],
            path: "Tests/WiredeskDaemonTests",
            swiftSettings: [.swiftLanguageMode(.v6)]),
        .testTarget(
            name: "SystemdTests", dependencies: ["Systemd"],
            path: "Tests/SystemdTests",
            swiftSettings: [.swiftLanguageMode(.v6)]),
        .testTarget(
            name: "wiredeskTests", dependencies: ["wiredesk"],
            path: "Tests/wiredeskTests",
            swiftSettings: [.swiftLanguageMode(.v6)]),
    ]
)
