import Foundation
import RunnerApp
import RunnerPipeline
import RunnerRisk
import RunnerTesting
import Testing

@Suite struct GraphCommandTests {
    @Test(arguments: GraphFormat.allCases)
    func thePaperPipelineMatchesItsGoldenRendering(_ format: GraphFormat) throws {
        let output = Workspace(root: Repository.root.path).graph(environment: nil, format: format, processEnvironment: [:])
        #expect(output.exitCode == .success)
        #expect(output.standardOutput == (try Repository.golden("graph-paper.\(format.rawValue)", actual: output.standardOutput)))
    }

    @Test func theGraphListsTheRiskChecksInTheGatesOrder() throws {
        let workspace = Workspace(root: Repository.root.path)
        let graph = try #require(PipelineGraphBuilder(registries: workspace.registries)
            .build(environment: "paper", from: workspace.load(environment: "paper")))
        let codes: [DenialCode] = graph.riskGate.checks.map { check in
            switch check {
            case .positionRisk: .positionRiskExceeded
            case .grossExposure: .grossExposureExceeded
            case .sectorNetExposure: .sectorExposureExceeded
            case .dailyLossHalt: .dailyLossHalt
            case .correlationBudget: .correlationBudgetExceeded
            case .restrictedSymbols: .restrictedSymbol
            case .priceBand: .priceOutOfBand
            case .maxOrderNotional: .orderNotionalExceeded
            case .maxOrdersPerMinute: .orderRateExceeded
            }
        }
        #expect(codes == RiskGate.checkOrder)
    }

    @Test(arguments: GraphFormat.allCases)
    func everyAttachedPartThatDoesNotRunIsDrawnAsConfiguredNotRunning(_ format: GraphFormat) throws {
        let workspace = Workspace(root: Repository.root.path)
        let graph = try #require(PipelineGraphBuilder(registries: workspace.registries)
            .build(environment: "paper", from: workspace.load(environment: "paper")))
        #expect(graph.attached.map(\.kind) == AttachedPart.Kind.allCases)
        #expect(graph.attached.filter { $0.status == .running }.map(\.kind) == [.bus, .clock, .reconciliation, .watchdog, .heartbeat, .alerts])
        let root = try Repository.scratchCopy(edits: ["environments/live.yaml": [("bus: memory", "bus: redis://127.0.0.1:6379")]])
        defer { try? FileManager.default.removeItem(at: root) }
        let redis = Workspace(root: root.path)
        let live = try #require(PipelineGraphBuilder(registries: redis.registries)
            .build(environment: "live", from: redis.load(environment: "live")))
        #expect(live.part(.bus)?.status == .configuredNotRunning, "a Redis bus does not run yet")
        #expect(live.part(.clock)?.status == .running)
        let output = graph.render(format)
        for part in graph.attached {
            let drawn = output.split(separator: "\n").filter { $0.contains("\(part.kind.rawValue) \(part.settings)") }
            #expect(!drawn.isEmpty, "\(part.kind) is not drawn")
        }
        #expect(output.contains("configured, not running"))
    }

    @Test func aLiveEnvironmentCanBeShownWithoutStartingIt() {
        let output = Workspace(root: Repository.root.path).graph(environment: "live", format: .text, processEnvironment: [:])
        #expect(output.exitCode == .success)
        #expect(output.standardOutput.contains("broker: fix (account LIVE-7, real money)"))
        #expect(output.standardOutput.contains("market data: process command=python3 examples/feeds/synthetic_feed.py"))
        #expect(output.standardOutput.contains("venue rule: symbols XOM,JPM -> arca"))
        #expect(output.standardOutput.contains(
            "  alerts to the journal and the log; webhook $RUNNER_ALERT_WEBHOOK (warning and above, 5 attempts, timeout 10s)\n"))
    }

    @Test func aBrokenEnvironmentPrintsItsDiagnosticsInstead() throws {
        let root = try Repository.scratchCopy(edits: ["limits/paper.yaml": [("position_risk: 1%", "position_risk: 1")]])
        defer { try? FileManager.default.removeItem(at: root) }
        let output = Workspace(root: root.path).graph(environment: "paper", format: .text, processEnvironment: [:])
        #expect(output.exitCode == .configurationErrors)
        #expect(output.standardOutput.contains("limits/paper.yaml:4:16: error: invalid 'position_risk'"))
    }
}

@Suite struct PreflightCommandTests {
    let workspace = Workspace(root: Repository.root.path)

    /// With its clock pointed at a port where nothing listens, so the output does not depend on this
    /// machine's NTP server (ClockPreflightTests measures real offsets).
    @Test func paperStartsByDefault() async throws {
        let port = try FreePort.closedUDP()
        let root = try Repository.scratchCopy(edits: ["environments/paper.yaml": [
            ("servers: [127.0.0.1:123]", "servers: [127.0.0.1:\(port)]"),
        ]])
        defer { try? FileManager.default.removeItem(at: root) }
        let workspace = Workspace(root: root.path)
        let output = try await OwnThread.run { workspace.preflight(requestedEnvironment: nil, processEnvironment: [:]) }
        #expect(output == CommandOutput(
            standardOutput: "preflight: environment 'paper' (mode: paper) may start\n"
                + "clock: no NTP server answered: 127.0.0.1:\(port): nothing listens there (connection refused)\n",
            standardError: "preflight: warning: the clock check failed (see the clock line); paper trading starts "
                + "anyway, a live environment would be refused\n"))
    }

    @Test func theEnvFlagAloneNeverSelectsLive() throws {
        let output = workspace.preflight(requestedEnvironment: "live", processEnvironment: ["RUNNER_ENV": "paper"])
        #expect(output.exitCode == .liveGuardRefused)
        let actual = output.standardError.replacingOccurrences(of: Repository.root.path + "/", with: "")
        #expect(actual == (try Repository.golden("preflight-live-refused.txt", actual: actual)))
    }

    @Test func aLiveEnvironmentTheGuardAllowsIsRefusedWhenItsBrokerCannotBeReached() async throws {
        let responder = try SNTPResponder(.answer(offset: .zero))
        defer { responder.stop() }
        // Nothing listens on the port: the logon cannot happen, and preflight says so.
        let port = try FreePort.tcp()
        let root = try Repository.scratchCopy(edits: ["environments/live.yaml": [
            ("servers: [127.0.0.1:123]", "servers: [\(responder.server)]"), ("port: 9878", "port: \(port)"),
        ]])
        defer { try? FileManager.default.removeItem(at: root) }
        let output = await Workspace(root: root.path).preflightWithBroker(requestedEnvironment: nil, processEnvironment: [
            "RUNNER_ENV": "live", "RUNNER_FIX_PASSWORD": "secret", "RUNNER_ALERT_WEBHOOK": "https://hooks.example.invalid/T000",
        ])
        #expect(output.exitCode == .liveGuardRefused)
        #expect(output.standardOutput.hasPrefix("preflight: environment 'live' (mode: live) may start\nclock: offset "))
        #expect(output.standardError.hasPrefix("preflight: refusing to start environment 'live' (mode: live):\n"
            + "  - cannot connect to the broker ('fix' adapter in \(root.path)/environments/live.yaml): the broker adapter "
            + "failed: cannot connect to 127.0.0.1:\(port)"), "\(output.standardError)")
    }

    @Test func preflightRefusesExactlyWhatThisVersionCannotRun() throws {
        let configuration = workspace.load()
        let paper = try #require(configuration.environments["paper"])
        let live = try #require(configuration.environments["live"])
        let rehearsal = try #require(configuration.environments["rehearsal"])
        #expect(Workspace.runRefusal(paper) == nil)
        #expect(Workspace.runRefusal(live) == nil)
        #expect(Workspace.runRefusal(rehearsal) == nil)
        // Real orders at historical times: never.
        var liveOverReplay = live
        liveOverReplay.marketData = paper.marketData
        #expect(Workspace.runRefusal(liveOverReplay) == "environment 'live' is live but replays its market data (source: "
            + "csv): a live run trades on a live feed (process, alpaca)")
    }

    @Test func aBusBetweenProcessesIsRefusedNeverRunInOneProcessInstead() async throws {
        let root = try Repository.scratchCopy(edits: ["environments/paper.yaml": [("bus: memory", "bus: redis://127.0.0.1:6379")]])
        defer { try? FileManager.default.removeItem(at: root) }
        let workspace = Workspace(root: root.path)
        let preflight = workspace.preflight(requestedEnvironment: nil, processEnvironment: [:])
        #expect(preflight.exitCode == .notRunnable)
        #expect(preflight.standardError.contains(
            "this version runs the stages over the in-process bus only (bus: memory); environment 'paper' sets "
                + "bus: redis://127.0.0.1:6379"))
        let run = await workspace.run(requestedEnvironment: nil, processEnvironment: [:])
        #expect(run.exitCode == .notRunnable)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("var/paper/journal.sqlite").path))
    }

    @Test func aLimitsDisagreementIsListedWithEveryOtherMismatchAndExitsWithThree() throws {
        let root = try Repository.scratchCopy(edits: ["limits/live.yaml": [("account: LIVE-7", "account: LIVE-8")]])
        defer { try? FileManager.default.removeItem(at: root) }
        let output = Workspace(root: root.path).preflight(requestedEnvironment: "live", processEnvironment: [
            "RUNNER_ENV": "paper", "RUNNER_FIX_PASSWORD": "secret", "RUNNER_ALERT_WEBHOOK": "https://hooks.example.invalid/T000",
        ])
        #expect(output.exitCode == .liveGuardRefused)
        #expect(output.standardError == """
            preflight: refusing to start environment 'live' (mode: live):
              - RUNNER_ENV is 'paper', not 'live'; --env alone never selects a live environment
              - limits/live.yaml governs account 'LIVE-8', but environment 'live' trades account 'LIVE-7'
              - the configuration has 1 error; run `runner validate` to see them

            """)
        #expect(output.standardOutput.contains("environments/live.yaml:8:15: error: limits/live.yaml governs account"))
    }

    @Test func configurationErrorsAloneExitWithOne() throws {
        let root = try Repository.scratchCopy(edits: ["strategies/ma_cross.yaml": [("ema(close, 12)", "ema(close, 0)")]])
        defer { try? FileManager.default.removeItem(at: root) }
        let output = Workspace(root: root.path).preflight(requestedEnvironment: nil, processEnvironment: [
            "RUNNER_ENV": "live", "RUNNER_FIX_PASSWORD": "secret", "RUNNER_ALERT_WEBHOOK": "https://hooks.example.invalid/T000",
        ])
        #expect(output.exitCode == .configurationErrors)
        #expect(output.standardError.hasSuffix("  - the configuration has 1 error; run `runner validate` to see them\n"))
        #expect(output.standardOutput.contains("strategies/ma_cross.yaml:6:20: error: the period of 'ema'"))
    }

    @Test func aMisspelledRunnerEnvIsRefusedByValidate() {
        let output = workspace.validate(environment: nil, format: .text, processEnvironment: ["RUNNER_ENV": "lvie"])
        #expect(output.exitCode == .liveGuardRefused)
        #expect(output.standardError.contains("there is no environment 'lvie'"))
    }
}

/// The committed schema files and config reference are exactly what the code generates.
@Suite struct GeneratedFilesTests {
    @Test(arguments: ["strategy", "limits", "environment"])
    func theCommittedSchemaIsCurrent(_ kind: String) throws {
        let committed = try String(contentsOf: Repository.root.appendingPathComponent("schema/\(kind).schema.json"),
                                   encoding: .utf8)
        let generated = Workspace().jsonSchema(of: try #require(.init(rawValue: kind)))
        #expect(committed == generated, "run `swift run runner schema --output schema`")
    }

    @Test func theCommittedReferenceIsCurrent() throws {
        let committed = try String(contentsOf: Repository.root.appendingPathComponent("docs/CONFIG.md"), encoding: .utf8)
        #expect(committed == Workspace().configReference, "run `swift run runner schema --format markdown > docs/CONFIG.md`")
    }
}
