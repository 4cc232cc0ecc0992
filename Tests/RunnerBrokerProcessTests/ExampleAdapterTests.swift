import Foundation
import RunnerBroker
import RunnerBrokerProcess
import RunnerCore
import Testing

/// examples/adapters/paper_adapter.py through the runner's client: conformance, and a session end to end.
@Suite struct ExampleAdapterTests {
    @Test func theExamplePaperAdapterPassesEveryConformanceCheck() async {
        let conformance = AdapterConformance(
            command: ["python3", Fixtures.exampleAdapter, "--prices", "AAPL=190.25", "--fee", "0.35"],
            workingDirectory: Fixtures.repository.path, environment: Fixtures.environment)
        let report = await conformance.run()
        #expect(report.results.map(\.name) == AdapterConformance.checkNames)
        #expect(AdapterConformance.checkNames.count == 11)
        for result in report.results { #expect(result.passed, "\(result)") }
        #expect(report.summary == "11 checks: all passed")
    }

    @Test func conformanceNamesTheChecksAnAdapterFails() async {
        // unknown_id.py answers hello, then replies with ids nobody sent.
        let conformance = AdapterConformance(
            command: ["python3", Fixtures.path("unknown_id.py")], workingDirectory: Fixtures.repository.path,
            environment: Fixtures.environment, replyTimeout: .seconds(2))
        let report = await conformance.run(only: ["hello", "cancel_unknown", "shutdown"])
        #expect(report.results.map(\.passed) == [true, false, false])
        let failure = report.results[1].detail
        #expect(
            failure.hasPrefix(
                "cancel of an id never sent failed with the connection to the broker is down, not unknown_order"),
            "\(failure)")
        #expect(
            failure.contains(
                "(problem: the adapter replied with id 1002, which matches no request waiting for a reply)"),
            "\(failure)")
        #expect(
            report.results[2].detail
                == "shutdown was not answered: the adapter replied with id 1002, which matches no request waiting for a reply"
        )
        #expect(report.summary == "3 checks: 1 passed, 2 failed (cancel_unknown, shutdown)")
        #expect(!report.passed)
    }

    @Test func aSessionEndToEnd() async throws {
        let logs = Lines()
        let problems = Lines()
        let adapter = ProcessBrokerAdapter(
            settings: Fixtures.settings([
                "python3", Fixtures.exampleAdapter, "--prices", "AAPL=190.25,MSFT=410.1",
                "--fee", "0.35", "--cash", "100000.00",
            ]),
            environment: Fixtures.environment, log: logs.add, problems: problems.add)
        try await adapter.connect()
        #expect(adapter.adapterName == "paper-example")

        let taken = try await adapter.submit(Fixtures.order("e2e-1", .buy, 10))
        #expect(taken.order == Fixtures.order("e2e-1", .buy, 10))
        #expect(taken.status == .accepted)
        let reports = await first(2, of: adapter.executions, within: .seconds(30))
        let fill = Fill(
            executionID: "paper-x1", clientOrderID: "e2e-1", symbol: "AAPL", side: .buy, quantity: 10,
            price: Decimal(string: "190.25")!, fee: Decimal(string: "0.35")!, timestamp: 0)
        #expect(reports.count == 2)
        #expect(reports.first == .accepted(clientOrderID: "e2e-1"))
        guard case .filled(let reported)? = reports.last else {
            Issue.record("no fill report: \(reports)")
            return
        }
        #expect(reported.timestamp > 0)
        #expect(
            Fill(
                executionID: reported.executionID, clientOrderID: reported.clientOrderID, symbol: reported.symbol,
                side: reported.side, quantity: reported.quantity, price: reported.price, fee: reported.fee,
                timestamp: 0) == fill)

        await #expect(throws: BrokerError.duplicateClientOrderID("e2e-1")) {
            try await adapter.submit(Fixtures.order("e2e-1", .buy, 10))
        }
        await #expect(throws: BrokerError.unknownOrder("nope")) { try await adapter.cancel(clientOrderID: "nope") }
        #expect(try await adapter.order(clientOrderID: "nope") == nil)
        #expect(try await adapter.order(clientOrderID: "e2e-1")?.status == .filled)
        #expect(try await adapter.positions() == ["AAPL": 10])
        let account = try await adapter.account()
        #expect(account.cash == Money(Decimal(string: "98097.15")!, "USD"))  // 100000 - 1902.50 - 0.35
        #expect(account.positions == ["AAPL": 10])
        #expect(try await adapter.fills(since: 0).map(\.executionID) == ["paper-x1"])
        #expect(try await adapter.openOrders().isEmpty)
        #expect(try await adapter.cancelAll() == 0)
        let closing = try await adapter.closeAllPositions()
        #expect(
            closing.map { [$0.order.symbol.rawValue, $0.order.side.rawValue, String($0.order.quantity)] } == [
                ["AAPL", "sell", "10"]
            ])
        #expect(try await adapter.positions() == [:])

        await adapter.disconnect()
        #expect(problems.all.isEmpty, "\(problems.all)")
        #expect(logs.all.contains("paper-adapter: bye"), "\(logs.all)")
        await #expect(throws: BrokerError.disconnected) { try await adapter.positions() }
    }

    @Test func disconnectLeavesNoProcessBehind() async throws {
        let adapter = ProcessBrokerAdapter(
            settings: Fixtures.settings(["python3", Fixtures.exampleAdapter]), environment: Fixtures.environment)
        try await adapter.connect()
        let pid = try #require(adapter.processIdentifier)
        #expect(Fixtures.processExists(pid))
        await adapter.disconnect()
        #expect(!Fixtures.processExists(pid), "process \(pid) is still there (running or a zombie)")
    }
}
