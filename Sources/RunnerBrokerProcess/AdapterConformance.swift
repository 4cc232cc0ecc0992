import Foundation
import RunnerBroker
import RunnerCore

/// Checks any adapter program against the protocol (docs/PROCESS_ADAPTER.md, "Conformance"): each check
/// starts the adapter afresh through ``ProcessBrokerAdapter`` (the runner's own client, so a pass means the
/// runner reads it), does one thing, and ends it. The checks send real orders: run them on paper accounts.
public struct AdapterConformance: Sendable {
    public var command: [String]
    public var workingDirectory: String
    /// The runner's environment; the adapter gets all of it.
    public var environment: [String: String]
    /// The symbol the checks trade.
    public var symbol: Symbol
    /// Shares per order (at least 1).
    public var quantity: Int64
    /// The bound for each reply, and for each report or state change a check waits for.
    public var replyTimeout: Duration

    public init(
        command: [String], workingDirectory: String, environment: [String: String], symbol: Symbol = "AAPL",
        quantity: Int64 = 10, replyTimeout: Duration = .seconds(5)
    ) {
        self.command = command
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.symbol = symbol
        self.quantity = max(1, quantity)
        self.replyTimeout = replyTimeout
    }

    /// One check's verdict.
    public struct Result: Sendable, Hashable, CustomStringConvertible {
        public var name: String
        public var passed: Bool
        /// What was seen when it passed, or why it failed.
        public var detail: String

        /// `PASS name: detail` or `FAIL name: reason`.
        public var description: String { "\(passed ? "PASS" : "FAIL") \(name): \(detail)" }
    }

    /// Every check's verdict, in the order run.
    public struct Report: Sendable, Hashable {
        public var results: [Result]
        public var passed: Bool { results.allSatisfy(\.passed) }

        /// `11 checks: 11 passed`, or which failed.
        public var summary: String {
            let failed = results.filter { !$0.passed }.map(\.name)
            guard !failed.isEmpty else { return "\(results.count) checks: all passed" }
            return
                "\(results.count) checks: \(results.count - failed.count) passed, \(failed.count) failed (\(failed.joined(separator: ", ")))"
        }
    }

    /// The checks, by name, in the order they run.
    public static var checkNames: [String] { checks.map(\.name) }

    /// Runs every check (or those named in `only`); `progress` hears each verdict as it comes.
    public func run(only: Set<String>? = nil, progress: @Sendable (Result) -> Void = { _ in }) async -> Report {
        var results: [Result] = []
        for check in Self.checks where only?.contains(check.name) ?? true {
            let result = await run(check)
            progress(result)
            results.append(result)
        }
        return Report(results: results)
    }

    /// Starts the adapter, runs `check` against it, and ends it, whatever happened.
    private func run(_ check: Check) async -> Result {
        let problems = Locked<[String]>([])
        let settings = ProcessAdapterSettings(
            command: command, workingDirectory: workingDirectory, environmentVariables: Array(environment.keys),
            replyTimeout: replyTimeout, startTimeout: replyTimeout * 2, stopTimeout: replyTimeout, onFailure: .fail)
        let adapter = ProcessBrokerAdapter(
            settings: settings, environment: environment, problems: { line in problems.withLock { $0.append(line) } })
        let recorder = ReportRecorder()
        let outcome: Swift.Result<String, ConformanceFailure> = await withTaskGroup(of: Void.self) { group in
            group.addTask { for await report in adapter.executions { recorder.add(report) } }
            defer { group.cancelAll() }
            do throws(BrokerError) {
                try await adapter.connect()
            } catch {
                _ = await adapter.close()
                return .failure(ConformanceFailure("the adapter did not connect: \(error)"))
            }
            let probe = Probe(
                adapter: adapter, recorder: recorder, symbol: symbol, quantity: quantity,
                timeout: replyTimeout, check: check.name)
            let outcome: Swift.Result<String, ConformanceFailure>
            do throws(ConformanceFailure) {
                outcome = .success(try await check.body(probe))
            } catch {
                outcome = .failure(error)
            }
            _ = await adapter.close()
            return outcome
        }
        switch outcome {
        case .success(let detail): return Result(name: check.name, passed: true, detail: detail)
        case .failure(let failure):
            var reason = failure.reason
            if let first = problems.withLock({ $0.first }), !reason.contains(first) { reason += " (problem: \(first))" }
            return Result(name: check.name, passed: false, detail: reason)
        }
    }

    /// A named check: returns what it saw, or throws why it failed.
    struct Check: Sendable {
        var name: String
        var body: @Sendable (Probe) async throws(ConformanceFailure) -> String
    }
}

/// Why a conformance check failed, in a sentence.
struct ConformanceFailure: Error, Sendable {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}

/// The execution reports an adapter sent during one check.
final class ReportRecorder: Sendable {
    private let reports = Locked<[ExecutionReport]>([])

    func add(_ report: ExecutionReport) { reports.withLock { $0.append(report) } }

    var all: [ExecutionReport] { reports.withLock { $0 } }

    /// The fills reported for `clientOrderID`.
    func fills(of clientOrderID: String) -> [Fill] {
        all.compactMap { report in
            if case .filled(let fill) = report, fill.clientOrderID == clientOrderID { return fill }
            return nil
        }
    }
}
