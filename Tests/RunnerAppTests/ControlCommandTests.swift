import Foundation
import RunnerApp
import RunnerConfig
import RunnerControl
import RunnerCore
import RunnerRisk
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite struct ControlCommandTests {
    /// A status as an engine fills it in: halted, two positions, one order partly filled.
    static let status = RunStatus(
        environment: "paper",
        tradingState: TradingState(mode: .halted, reason: .command, since: 1_767_623_400_000, tradingDay: 20_458),
        positions: [
            .init(symbol: "AAPL", quantity: 100, averageCost: Decimal(string: "187.25")!),
            .init(symbol: "BRK.B", quantity: -1_250, averageCost: Decimal(string: "402.105")!),
        ],
        workingOrders: [
            .init(
                clientOrderID: "paper-ma_cross-AAPL-1767623400000-2", symbol: "AAPL", side: .sell, quantity: 100,
                remaining: 40, status: .partiallyFilled),
            .init(
                clientOrderID: "paper-ma_cross-BRK.B-1767623460000-1", symbol: "BRK.B", side: .buy, quantity: 1_250,
                remaining: 1_250, status: .new),
        ],
        equity: Decimal(string: "100012.34")!, dayPnL: Decimal(string: "-123.45")!, currency: "USD",
        lastEventTime: 1_767_628_740_000, scheduledSlices: 3)

    @Test func theStatusReportMatchesItsGoldenRendering() throws {
        let report = Self.status.report
        #expect(report == (try Repository.golden("status-report.txt", actual: report)))
    }

    @Test func aQuietRunReportsNoPositionsNoOrdersAndNoEventYet() {
        var status = Self.status
        status.positions = []
        status.workingOrders = []
        status.lastEventTime = nil
        status.tradingState = TradingState(mode: .active, reason: .started, since: 0, tradingDay: 0)
        #expect(
            status.report == """
                environment:      paper
                trading:          active (started) since 1970-01-01T00:00:00Z
                equity:           100012.34 USD
                day PnL:          -123.45 USD
                last event:       none yet
                scheduled slices: 3
                positions (0): none
                working orders (0): none

                """)
    }

    @Test func theSocketIsBesideTheJournal() throws {
        let workspace = Workspace(root: "/srv/runner")
        let environment = try #require(
            Workspace(root: Repository.root.path).load(environment: "paper").environments["paper"])
        #expect(workspace.controlSocketPath(for: environment) == "/srv/runner/var/paper/control.sock")
        #expect(Workspace(root: ".").controlSocketPath(for: environment) == "var/paper/control.sock")
    }

    @Test func withNoRunAliveEachCommandSaysSoAndExitsWithFour() throws {
        let root = try Repository.scratchCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = Workspace(root: root.path).control(
            .halt, requestedEnvironment: nil, processEnvironment: [:],
            reason: nil)
        #expect(output.exitCode == .noRunAlive)
        #expect(output.standardOutput == "")
        let actual = output.standardError.replacingOccurrences(of: root.path + "/", with: "")
        #expect(actual == (try Repository.golden("control-no-run-alive.txt", actual: actual)))
        for kind in ControlCommandKind.allCases {
            let output = Workspace(root: root.path).control(
                kind, requestedEnvironment: nil, processEnvironment: [:],
                reason: nil)
            #expect(output.exitCode == .noRunAlive)
            #expect(output.standardError.hasPrefix("\(kind): no run is alive: nothing listens at "))
        }
    }

    @Test func aSocketLeftByADeadRunIsNoRunAliveToo() throws {
        let root = try Repository.scratchCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let workspace = Workspace(root: root.path)
        let path = try Self.socketPath(in: workspace, environment: "paper")
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true)
        try Self.leaveDeadSocket(at: path)
        let output = workspace.control(.status, requestedEnvironment: nil, processEnvironment: [:], reason: nil)
        #expect(
            output
                == CommandOutput(
                    standardError: "status: no run is alive: \(path) is left from a run that died\n",
                    exitCode: .noRunAlive))
    }

    @Test func runnerEnvChoosesWhichRunIsCommanded() throws {
        let root = try Repository.scratchCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = Workspace(root: root.path).control(
            .halt, requestedEnvironment: nil,
            processEnvironment: ["RUNNER_ENV": "live"], reason: nil)
        #expect(
            output.standardError == "halt: no run is alive: nothing listens at \(root.path)/var/live/control.sock\n")
    }

    @Test func aCommandReachesTheRunWithItsReasonAndOriginAndItsAnswerIsPrinted() async throws {
        let root = try Repository.scratchCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let workspace = Workspace(root: root.path)
        let path = try Self.socketPath(in: workspace, environment: "paper")
        let received = Locked<[ControlCommand]>([])
        let server = try ControlServer(path: path) { command in
            received.withLock { $0.append(command) }
            switch command.kind {
            case .status: return ControlReply(accepted: true, message: "status", status: Self.status)
            case .resume: return ControlReply(accepted: false, message: "trading is active already")
            default: return ControlReply(accepted: true, message: "halted; 2 working orders stay")
            }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            let halt = await Self.offThePool {
                workspace.control(
                    .halt, requestedEnvironment: nil, processEnvironment: [:], reason: "news at 14:00",
                    timeout: Self.patience)
            }
            #expect(halt == CommandOutput(standardOutput: "halt: halted; 2 working orders stay\n"))
            let status = await Self.offThePool {
                workspace.control(
                    .status, requestedEnvironment: nil, processEnvironment: [:], reason: nil, timeout: Self.patience)
            }
            #expect(status == CommandOutput(standardOutput: Self.status.report))
            let resume = await Self.offThePool {
                workspace.control(
                    .resume, requestedEnvironment: nil, processEnvironment: [:], reason: nil, timeout: Self.patience)
            }
            #expect(
                resume
                    == CommandOutput(
                        standardError: "resume: the engine refused: trading is active already\n",
                        exitCode: .commandNotApplied))
            group.cancelAll()
            try await group.waitForAll()
        }
        let commands = received.withLock { $0 }
        #expect(commands.map(\.kind) == [.halt, .status, .resume])
        #expect(commands.map(\.reason) == ["news at 14:00", "by hand", "by hand"])
        #expect(commands[0].origin.hasPrefix("runner halt (pid \(ProcessInfo.processInfo.processIdentifier), user "))
    }

    /// How long to wait for an answer that should come at once: the whole test run can keep the few
    /// threads that run tasks busy for many seconds.
    static let patience: Duration = .seconds(120)

    static func socketPath(in workspace: Workspace, environment name: String) throws -> String {
        let environment = try #require(workspace.load(environment: name).environments[name])
        return workspace.controlSocketPath(for: environment)
    }

    /// The sending side blocks; run it on a thread of its own, off the few that run the tests' tasks.
    static func offThePool<Value: Sendable>(_ body: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: body()) }.start()
        }
    }

    /// A socket file nobody listens on, as a run that was killed leaves it.
    static func leaveDeadSocket(at path: String) throws {
        #if canImport(Glibc)
            let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let descriptor = socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        #expect(descriptor >= 0)
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(path.utf8)
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        #expect(bound == 0)
    }
}
