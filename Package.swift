// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "strategy-runner",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "runner", targets: ["runner"]),
        .library(name: "RunnerConfig", targets: ["RunnerConfig"]),
        .library(name: "RunnerPipeline", targets: ["RunnerPipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // libyaml from the system (Debian: libyaml-dev); never vendored.
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        .target(name: "RunnerDiagnostics"),
        .target(name: "RunnerYAML", dependencies: ["CYAML", "RunnerDiagnostics"]),
        .target(name: "RunnerCore"),
        .target(name: "RunnerExpressions", dependencies: ["RunnerDiagnostics"]),
        .target(name: "RunnerIndicators", dependencies: ["RunnerExpressions"]),
        .target(name: "RunnerEvaluation", dependencies: ["RunnerExpressions", "RunnerIndicators"]),
        .target(
            name: "RunnerSignals",
            dependencies: ["RunnerCore", "RunnerDiagnostics", "RunnerEvaluation", "RunnerExpressions", "RunnerIndicators"]
        ),
        .target(
            name: "RunnerConfig",
            dependencies: ["RunnerDiagnostics", "RunnerYAML", "RunnerCore", "RunnerExpressions"]
        ),
        .target(
            name: "RunnerPipeline",
            dependencies: [
                "RunnerDiagnostics", "RunnerCore", "RunnerExpressions", "RunnerConfig", "RunnerIndicators", "RunnerEvaluation",
                "RunnerSignals", "RunnerRisk", "RunnerRouting",
            ]
        ),
        .target(name: "RunnerRisk", dependencies: ["RunnerCore"]),
        .target(name: "RunnerRouting", dependencies: ["RunnerCore", "RunnerRisk"]),
        .target(name: "RunnerBroker", dependencies: ["RunnerCore"]),
        // The clock check against NTP: SNTP (RFC 4330) over POSIX UDP sockets, no other dependency.
        .target(name: "RunnerClock", dependencies: ["RunnerCore"]),
        // Positions, average cost, realized and unrealized PnL, fees and equity, from fills.
        .target(name: "RunnerAccounting", dependencies: ["RunnerCore", "RunnerBroker"]),
        // What stages journal, and the protocol they journal through: no storage, no SQLite.
        .target(name: "RunnerJournaling", dependencies: ["RunnerCore", "RunnerBroker", "RunnerRisk", "RunnerRouting"]),
        // The SQLite journal (GRDB): an adapter module; nothing in the core imports it.
        .target(
            name: "RunnerJournal",
            dependencies: [
                "RunnerCore", "RunnerBroker", "RunnerRisk", "RunnerRouting", "RunnerJournaling",
                .product(name: "GRDB", package: "GRDB.swift"),
                // The batch writer binds values through SQLite's C interface (GRDB's documented raw access).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .target(name: "RunnerBrokerPaper", dependencies: ["RunnerCore", "RunnerBroker"]),
        // Live bars: the feed protocol, and the policy for late, missing and duplicated bars.
        .target(name: "RunnerFeed", dependencies: ["RunnerCore"]),
        // FIX 4.4 initiator on SwiftNIO: tag=value codec, session state machine, the broker adapter.
        .target(
            name: "RunnerFIX",
            dependencies: [
                "RunnerCore", "RunnerBroker",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Alpaca's trading API v2 (REST and the trade-updates stream) and its market data stream.
        .target(
            name: "RunnerBrokerAlpaca",
            dependencies: [
                "RunnerCore", "RunnerBroker", "RunnerFeed",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOWebSocket", package: "swift-nio"),
            ]
        ),
        // Adapters in any language: a child process speaking line-delimited JSON (broker and bar feed).
        .target(name: "RunnerBrokerProcess", dependencies: ["RunnerCore", "RunnerBroker", "RunnerFeed"]),
        // Heartbeats, their schedule and the watchdog's judgement: pure values over any clock.
        .target(name: "RunnerHealth", dependencies: ["RunnerCore"]),
        // Broker versus journal: pure comparisons of two snapshots, and the check the run makes on a schedule.
        .target(name: "RunnerReconciliation", dependencies: ["RunnerCore", "RunnerBroker"]),
        // What stages hand each other (value-type messages) and the bus protocol they hand them through.
        .target(name: "RunnerBus", dependencies: ["RunnerCore", "RunnerBroker", "RunnerRisk"]),
        // The run loop: one engine for replay and live, over the adapter protocols.
        .target(
            name: "RunnerEngine",
            dependencies: [
                "RunnerCore", "RunnerBroker", "RunnerSignals", "RunnerRisk", "RunnerRouting", "RunnerAccounting",
                "RunnerJournaling", "RunnerIndicators", "RunnerBus", "RunnerHealth", "RunnerFeed",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The command channel into a running engine: a Unix socket (POSIX, no NIO) served as a Service.
        .target(
            name: "RunnerControl",
            dependencies: [
                "RunnerCore", "RunnerRisk", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The structured log: a swift-log handler writing JSON lines to a size-rotated file.
        .target(name: "RunnerLog", dependencies: ["RunnerCore", .product(name: "Logging", package: "swift-log")]),
        // Alerts that reach a person: journal, log, and the webhook and command sinks (URLSession, Process).
        .target(
            name: "RunnerAlerts",
            dependencies: [
                "RunnerCore", "RunnerJournaling", "RunnerLog", .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // An example indicator plugin: how a team adds its own indicator without touching the core.
        .target(name: "RunnerExamplePlugin", dependencies: ["RunnerIndicators", "RunnerExpressions"]),
        // Shared test support: seeded randomness for fuzz and mutation tests.
        .target(name: "RunnerTesting", dependencies: ["RunnerClock"]),
        // What one fuzz input does, shared by the fuzz targets and the tests that replay their corpora.
        .target(
            name: "RunnerFuzzing",
            dependencies: ["RunnerSignals", "RunnerCore", "RunnerConfig", "RunnerPipeline", "RunnerExpressions", "RunnerDiagnostics"]
        ),
        // The CSV reader's libFuzzer target (scripts/fuzz_csv.sh); built plainly, it replays inputs.
        .executableTarget(name: "FuzzCSV", dependencies: ["RunnerFuzzing"]),
        .target(
            name: "RunnerApp",
            dependencies: [
                "RunnerDiagnostics", "RunnerConfig", "RunnerPipeline", "RunnerCore", "RunnerExpressions",
                "RunnerIndicators", "RunnerEvaluation", "RunnerSignals", "RunnerExamplePlugin", "RunnerRisk",
                "RunnerRouting", "RunnerBroker", "RunnerBrokerPaper", "RunnerAccounting", "RunnerJournal", "RunnerEngine",
                "RunnerControl", "RunnerBus", "RunnerHealth", "RunnerReconciliation", "RunnerLog", "RunnerAlerts", "RunnerClock",
                "RunnerFeed", "RunnerFIX", "RunnerBrokerAlpaca", "RunnerBrokerProcess",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // libFuzzer targets (scripts/fuzz.sh); a plain build makes them replay the files named on the command line.
        .executableTarget(name: "FuzzYAMLLoader", dependencies: ["RunnerFuzzing"], path: "Fuzz/FuzzYAMLLoader"),
        .executableTarget(name: "FuzzExpressions", dependencies: ["RunnerFuzzing"], path: "Fuzz/FuzzExpressions"),
        .executableTarget(
            name: "runner",
            dependencies: [
                "RunnerApp", "RunnerEngine", "RunnerControl", "RunnerSignals", "RunnerCore", "RunnerPipeline",
                "RunnerConfig", "RunnerDiagnostics", "RunnerBrokerProcess",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "RunnerDiagnosticsTests", dependencies: ["RunnerDiagnostics"]),
        .testTarget(name: "RunnerCoreTests", dependencies: ["RunnerCore"]),
        .testTarget(name: "RunnerYAMLTests", dependencies: ["RunnerYAML", "RunnerDiagnostics"]),
        .testTarget(
            name: "RunnerIndicatorsTests", dependencies: ["RunnerIndicators", "RunnerExpressions", "RunnerTesting"],
            resources: [.copy("Golden")]
        ),
        .testTarget(
            name: "RunnerEvaluationTests",
            dependencies: ["RunnerEvaluation", "RunnerExpressions", "RunnerIndicators", "RunnerDiagnostics"]
        ),
        .testTarget(
            name: "RunnerSignalsTests",
            dependencies: [
                "RunnerSignals", "RunnerFuzzing", "RunnerConfig", "RunnerPipeline", "RunnerCore", "RunnerIndicators", "RunnerEvaluation",
                "RunnerDiagnostics",
            ]
        ),
        .testTarget(
            name: "RunnerExamplePluginTests",
            dependencies: ["RunnerExamplePlugin", "RunnerIndicators", "RunnerApp", "RunnerPipeline", "RunnerConfig"]
        ),
        .testTarget(name: "RunnerRiskTests", dependencies: ["RunnerRisk", "RunnerCore", "RunnerTesting"]),
        .testTarget(name: "RunnerRoutingTests", dependencies: ["RunnerRouting", "RunnerRisk", "RunnerCore"]),
        .testTarget(name: "RunnerBrokerPaperTests", dependencies: ["RunnerBrokerPaper", "RunnerBroker", "RunnerCore"]),
        .testTarget(name: "RunnerFeedTests", dependencies: ["RunnerFeed", "RunnerCore"]),
        .testTarget(
            name: "RunnerFIXTests",
            dependencies: [
                "RunnerFIX", "RunnerBroker", "RunnerCore", "RunnerTesting",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "RunnerBrokerAlpacaTests",
            dependencies: [
                "RunnerBrokerAlpaca", "RunnerBroker", "RunnerFeed", "RunnerCore", "RunnerTesting",
                // The in-memory Alpaca the contract tests run against: an HTTP/1.1 and websocket server.
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOWebSocket", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "RunnerBrokerProcessTests",
            dependencies: ["RunnerBrokerProcess", "RunnerBroker", "RunnerFeed", "RunnerCore", "RunnerTesting"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "RunnerReconciliationTests",
            dependencies: ["RunnerReconciliation", "RunnerBrokerPaper", "RunnerBroker", "RunnerCore", "RunnerTesting"]
        ),
        .testTarget(name: "RunnerClockTests", dependencies: ["RunnerClock", "RunnerCore", "RunnerTesting"]),
        .testTarget(name: "RunnerBusTests", dependencies: ["RunnerBus", "RunnerBroker", "RunnerCore"]),
        .testTarget(name: "RunnerHealthTests", dependencies: ["RunnerHealth", "RunnerCore"]),
        .testTarget(
            name: "RunnerEngineTests",
            dependencies: [
                "RunnerEngine", "RunnerCore", "RunnerBroker", "RunnerBrokerPaper", "RunnerJournal", "RunnerRisk",
                "RunnerRouting", "RunnerSignals", "RunnerConfig", "RunnerEvaluation", "RunnerAccounting", "RunnerPipeline",
                "RunnerBus",
            ]
        ),
        .testTarget(
            name: "RunnerControlTests",
            dependencies: [
                "RunnerControl", "RunnerCore", "RunnerRisk",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "RunnerLogTests", dependencies: ["RunnerLog", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "RunnerAlertsTests",
            dependencies: [
                "RunnerAlerts", "RunnerLog", "RunnerCore", "RunnerJournaling", "RunnerJournal", "RunnerTesting",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(name: "RunnerAccountingTests", dependencies: ["RunnerAccounting", "RunnerBroker", "RunnerCore"]),
        .testTarget(
            name: "RunnerJournalTests",
            dependencies: [
                "RunnerJournal", "RunnerCore", "RunnerBroker", "RunnerRisk", "RunnerRouting",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(name: "RunnerExpressionsTests", dependencies: ["RunnerExpressions", "RunnerDiagnostics", "RunnerTesting"]),
        .testTarget(
            name: "RunnerConfigTests",
            dependencies: ["RunnerConfig", "RunnerPipeline", "RunnerYAML", "RunnerCore", "RunnerDiagnostics", "RunnerTesting"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "RunnerPipelineTests", dependencies: ["RunnerPipeline", "RunnerConfig"]),
        .testTarget(name: "RunnerFuzzingTests", dependencies: ["RunnerFuzzing"]),
        .testTarget(
            name: "RunnerAppTests",
            dependencies: [
                "RunnerApp", "RunnerConfig", "RunnerPipeline", "RunnerCore", "RunnerSignals", "RunnerTesting",
                "RunnerEvaluation", "RunnerRisk", "RunnerJournal", "RunnerBroker", "RunnerBrokerPaper", "RunnerEngine",
                "RunnerControl", "RunnerDiagnostics", "RunnerReconciliation", "RunnerClock", "RunnerBus",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Golden")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
