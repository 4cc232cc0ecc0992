import Foundation
import RunnerBroker
import RunnerCore
import RunnerTesting
import Testing

@testable import RunnerFIX

/// The adapter against a real FIX engine: tools/fix-acceptor (QuickFIX 4.4), started per test.
@Suite(.serialized) struct FIXScenarioTests {
    @Test func logsOnAndAnOrderFillsInFullAtTheExactPrice() async throws {
        let scenario = try await FIXScenario()
        let (adapter, recorder) = try await scenario.connected()
        _ = try await scenario.acceptor.waitForEvent(prefix: "LOGON", timeout: .seconds(30))
        try await scenario.acceptor.send("price AAPL 56.31")
        let accepted = try await adapter.submit(FIXScenario.order("full-1"))
        #expect(accepted.order.clientOrderID == "full-1")
        #expect(accepted.order.quantity == 100)
        _ = try await scenario.acceptor.waitForEvent(prefix: "NEW full-1 buy 100 AAPL market", timeout: .seconds(30))
        await eventually("the fill") { recorder.fills.count == 1 }
        let fill = try #require(recorder.fills.first)
        #expect(fill.clientOrderID == "full-1")
        #expect(fill.quantity == 100)
        #expect(fill.price == Decimal(string: "56.31"))
        #expect(fill.side == .buy)
        #expect(fill.symbol == "AAPL")
        #expect(recorder.reports.first == .accepted(clientOrderID: "full-1"))
        #expect(try await adapter.fills(since: 0) == [fill])
        #expect(try await adapter.order(clientOrderID: "full-1")?.status == .filled)
        await adapter.disconnect()
    }

    @Test func partialFillsCarryTheirOwnQuantitiesAndExecutionIDs() async throws {
        let scenario = try await FIXScenario(["--mode", "partial", "3", "--fee-per-share", "0.01"])
        let (adapter, recorder) = try await scenario.connected()
        _ = try await adapter.submit(FIXScenario.order("part-1", "MSFT", .sell, 100))
        await eventually("three fills") { recorder.fills.count == 3 }
        let fills = recorder.fills
        #expect(fills.map(\.quantity) == [34, 33, 33])
        #expect(Set(fills.map(\.executionID)).count == 3)
        #expect(fills.allSatisfy { $0.price == 100 && $0.side == .sell })
        #expect(fills.map(\.fee) == [Decimal(string: "0.34"), Decimal(string: "0.33"), Decimal(string: "0.33")])
        let status = try #require(try await adapter.order(clientOrderID: "part-1"))
        #expect(status.filledQuantity == 100)
        #expect(status.status == .filled)
        await adapter.disconnect()
    }

    @Test func aRejectedOrderAndADuplicateIDAreTheirErrors() async throws {
        let scenario = try await FIXScenario(["--mode", "reject"])
        let (adapter, recorder) = try await scenario.connected()
        await #expect(throws: BrokerError.rejected(clientOrderID: "rej-1", reason: "rejected by test acceptor")) {
            try await adapter.submit(FIXScenario.order("rej-1"))
        }
        #expect(recorder.reports.contains(.rejected(clientOrderID: "rej-1", reason: "rejected by test acceptor")))
        try await scenario.acceptor.send("mode hold")
        _ = try await adapter.submit(FIXScenario.order("dup-1"))
        await #expect(throws: BrokerError.duplicateClientOrderID("dup-1")) {
            try await adapter.submit(FIXScenario.order("dup-1"))
        }
        // The duplicate's rejection is not the working order's.
        #expect(!recorder.reports.contains { if case .rejected("dup-1", _) = $0 { true } else { false } })
        await adapter.disconnect()
    }

    @Test func aCancelAndTheCancelRejects() async throws {
        let scenario = try await FIXScenario(["--mode", "hold"])
        let (adapter, recorder) = try await scenario.connected()
        _ = try await adapter.submit(FIXScenario.order("can-1"))
        try await adapter.cancel(clientOrderID: "can-1")
        _ = try await scenario.acceptor.waitForEvent(prefix: "CANCEL_REQUEST can-1", timeout: .seconds(30))
        await eventually("the cancel report") { recorder.reports.contains(.cancelled(clientOrderID: "can-1")) }
        // The broker now knows the order by the cancel's id: it answers 102=1, unknown order.
        await #expect(throws: BrokerError.unknownOrder("can-1")) { try await adapter.cancel(clientOrderID: "can-1") }
        // A filled order is too late to cancel.
        _ = try await adapter.submit(FIXScenario.order("can-2"))
        try await scenario.acceptor.send("fill can-2 100")
        await eventually("the fill") { recorder.fills.count == 1 }
        do {
            try await adapter.cancel(clientOrderID: "can-2")
            Issue.record("the cancel of a filled order succeeded")
        } catch {
            guard case .rejected("can-2", let reason) = error else {
                Issue.record("expected a rejection, got \(error)")
                return
            }
            #expect(reason.contains("too late to cancel"))
        }
        // An id neither side knows.
        await #expect(throws: BrokerError.unknownOrder("never-sent")) {
            try await adapter.cancel(clientOrderID: "never-sent")
        }
        await adapter.disconnect()
    }

    @Test func aReplacedOrderIsKnownByItsNewID() async throws {
        let scenario = try await FIXScenario(["--mode", "hold"])
        let (adapter, _) = try await scenario.connected()
        _ = try await adapter.submit(FIXScenario.order("rep-1"))
        let replaced = try await adapter.replace(clientOrderID: "rep-1", newClientOrderID: "rep-1b", quantity: 150)
        #expect(replaced.order.clientOrderID == "rep-1b")
        #expect(replaced.order.quantity == 150)
        #expect(replaced.status == .accepted)
        _ = try await scenario.acceptor.waitForEvent(prefix: "REPLACE_REQUEST rep-1 rep-1b 150", timeout: .seconds(30))
        #expect(try await scenario.acceptor.send("orders").contains("rep-1b:AAPL:buy:0/150:"))
        #expect(try await adapter.order(clientOrderID: "rep-1b")?.order.quantity == 150)
        // The broker no longer knows the old id (39=8, 103=5).
        #expect(try await adapter.order(clientOrderID: "rep-1") == nil)
        _ = try await scenario.acceptor.waitForEvent(prefix: "STATUS_REQUEST rep-1", timeout: .seconds(30))
        await adapter.disconnect()
    }

    @Test func orderStatusOfAKnownAndAnUnknownOrder() async throws {
        let scenario = try await FIXScenario(["--mode", "hold"])
        let (adapter, _) = try await scenario.connected()
        _ = try await adapter.submit(FIXScenario.order("st-1", "IBM", .buy, 80))
        try await scenario.acceptor.send("fill st-1 30 101.25")
        try await eventually("the partial fill") { try await adapter.fills(since: 0).count == 1 }
        let status = try #require(try await adapter.order(clientOrderID: "st-1"))
        #expect(status.status == .partiallyFilled)
        #expect(status.filledQuantity == 30)
        #expect(status.order.quantity == 80)
        #expect(status.order.strategy == "scenario")
        _ = try await scenario.acceptor.waitForEvent(prefix: "STATUS_REQUEST st-1", timeout: .seconds(30))
        #expect(try await adapter.order(clientOrderID: "ghost") == nil)
        await adapter.disconnect()
    }

    @Test func openOrdersPositionsAndTheAccount() async throws {
        let scenario = try await FIXScenario(["--mode", "hold", "--cash", "1000000"])
        let (adapter, _) = try await scenario.connected()
        #expect(try await adapter.openOrders().isEmpty)
        #expect(try await adapter.positions().isEmpty)
        _ = try await adapter.submit(FIXScenario.order("acc-1", "AAPL", .buy, 100))
        _ = try await adapter.submit(FIXScenario.order("acc-2", "MSFT", .sell, 50))
        #expect(Set(try await adapter.openOrders().map(\.order.clientOrderID)) == ["acc-1", "acc-2"])
        try await scenario.acceptor.send("fill acc-1 100 10.5")
        try await scenario.acceptor.send("fill acc-2 20 200")
        try await eventually("both fills") { try await adapter.fills(since: 0).count == 2 }
        #expect(try await adapter.positions() == ["AAPL": 100, "MSFT": -20])
        #expect(try await adapter.openOrders().map(\.order.clientOrderID) == ["acc-2"])
        let account = try await adapter.account()
        // 1,000,000 - 100 x 10.5 + 20 x 200
        #expect(account.cash == Money(1_002_950, "USD"))
        #expect(account.positions == ["AAPL": 100, "MSFT": -20])
        _ = try await scenario.acceptor.waitForEvent(prefix: "COLLATERAL_INQUIRY", timeout: .seconds(30))
        await adapter.disconnect()
    }

    @Test func aDropMidOrderResumesAndTheMissedFillArrivesOnce() async throws {
        let scenario = try await FIXScenario(["--mode", "hold"])
        let (adapter, recorder) = try await scenario.connected(reconnectDelay: .seconds(1))
        _ = try await adapter.submit(FIXScenario.order("drop-1"))
        try await scenario.acceptor.send("drop")
        await eventually("the lost event") {
            recorder.events.first.map { if case .lost = $0 { true } else { false } } ?? false
        }
        // While down: calls fail at once, and the broker fills the order.
        await #expect(throws: BrokerError.disconnected) { try await adapter.openOrders() }
        try await scenario.acceptor.send("fill drop-1 100")
        await eventually("the restored event") { recorder.events.contains(.restored) }
        _ = try await scenario.acceptor.waitForEvent(prefix: "RESEND_REQUEST", timeout: .seconds(30))
        await eventually("the missed fill") { recorder.fills.count == 1 }
        try await Task.sleep(for: .milliseconds(300))
        #expect(recorder.fills.count == 1)
        #expect(recorder.fills.first?.clientOrderID == "drop-1")
        #expect(try await adapter.fills(since: 0).map(\.executionID) == recorder.fills.map(\.executionID))
        #expect(try await adapter.openOrders().isEmpty)
        await adapter.disconnect()
    }

    @Test func aRestartedAdapterResumesTheSessionFromItsStore() async throws {
        let scenario = try await FIXScenario(["--mode", "hold"])
        let (first, _) = try await scenario.connected()
        _ = try await first.submit(FIXScenario.order("rs-1"))
        try await scenario.acceptor.send("fill rs-1 40")
        try await eventually("the first fill") { try await first.fills(since: 0).count == 1 }
        await first.disconnect()
        // A fill while no runner is connected comes by resend to the next one.
        try await scenario.acceptor.send("fill rs-1 60")
        let (second, recorder) = try await scenario.connected()
        let numbers = second.sequenceNumbers
        #expect(numbers.nextOutgoing > 2)
        try await eventually("the fill made while down") { try await second.fills(since: 0).count == 2 }
        // The report stream is read by a task of its own: it may trail the execution log by a moment.
        try await eventually("the fill made while down, reported") { !recorder.fills.isEmpty }
        #expect(recorder.fills.map(\.quantity) == [60])
        #expect(try await second.order(clientOrderID: "rs-1")?.status == .filled)
        let seq = try await scenario.acceptor.send("seq")
        let now = second.sequenceNumbers
        #expect(seq == "OK sender=\(now.nextIncoming) target=\(now.nextOutgoing)")
        #expect(
            !scenario.acceptor.bufferedEvents.contains { $0.hasPrefix("EVENT SEQUENCE_RESET") && $0.hasSuffix(" N") })
        await second.disconnect()
    }

    @Test func anAcceptorRestartIsADropAndARestore() async throws {
        let scenario = try await FIXScenario(["--mode", "fill"])
        let (adapter, recorder) = try await scenario.connected()
        _ = try await adapter.submit(FIXScenario.order("ar-1"))
        try await scenario.acceptor.restart()
        await eventually("lost and restored") {
            let events = recorder.events
            return events.contains { if case .lost = $0 { true } else { false } } && events.contains(.restored)
        }
        _ = try await adapter.submit(FIXScenario.order("ar-2"))
        await eventually("both fills") { recorder.fills.count == 2 }
        let seq = try await scenario.acceptor.send("seq")
        let now = adapter.sequenceNumbers
        #expect(seq == "OK sender=\(now.nextIncoming) target=\(now.nextOutgoing)")
        await adapter.disconnect()
    }

    @Test func theKillSwitchLeavesNoOrdersAndNoPositions() async throws {
        let scenario = try await FIXScenario(["--mode", "hold"])
        let (adapter, recorder) = try await scenario.connected()
        _ = try await adapter.submit(FIXScenario.order("ks-1", "AAPL", .buy, 100))
        _ = try await adapter.submit(FIXScenario.order("ks-2", "MSFT", .sell, 30))
        _ = try await adapter.submit(FIXScenario.order("ks-3", "IBM", .buy, 10))
        try await scenario.acceptor.send("fill ks-1 40")
        try await scenario.acceptor.send("fill ks-2 30")
        await eventually("two fills") { recorder.fills.count == 2 }
        #expect(try await adapter.cancelAll() == 2)
        _ = try await scenario.acceptor.waitForEvent(prefix: "MASS_CANCEL_REQUEST", timeout: .seconds(30))
        try await scenario.acceptor.send("mode fill")
        let closing = try await adapter.closeAllPositions()
        #expect(closing.map(\.order.symbol) == ["AAPL", "MSFT"])
        #expect(closing.map(\.order.side) == [.sell, .buy])
        #expect(closing.map(\.order.quantity) == [40, 30])
        #expect(closing.allSatisfy { $0.order.clientOrderID.hasPrefix("close-\($0.order.symbol.rawValue)-") })
        await eventually("the closing fills") { recorder.fills.count == 4 }
        #expect(try await adapter.openOrders().isEmpty)
        #expect(try await adapter.positions().isEmpty)
        #expect(try await scenario.acceptor.send("positions") == "OK")
        await adapter.disconnect()
    }

    @Test func testRequestsAreAnsweredAndHeartbeatsGoOut() async throws {
        let scenario = try await FIXScenario(["--heartbeat-check"])
        let adapter = try FIXBrokerAdapter(
            settings: {
                var settings = scenario.settings()
                settings.heartbeatInterval = .seconds(1)
                return settings
            }())
        try await adapter.connect()
        try await scenario.acceptor.send("testrequest probe-1")
        _ = try await scenario.acceptor.waitForEvent(prefix: "HEARTBEAT probe-1", timeout: .seconds(30))
        // Our own heartbeats after a second of silence.
        _ = try await scenario.acceptor.waitForEvent(prefix: "HEARTBEAT -", timeout: .seconds(30))
        #expect(adapter.isConnected)
        await adapter.disconnect()
        _ = try await scenario.acceptor.waitForEvent(prefix: "LOGOUT", timeout: .seconds(30))
    }

    @Test func resetOnLogonStartsBothSidesAtOne() async throws {
        let scenario = try await FIXScenario(["--mode", "fill"])
        let (first, _) = try await scenario.connected()
        _ = try await first.submit(FIXScenario.order("rst-1"))
        try await eventually("the fill") { try await first.fills(since: 0).count == 1 }
        await first.disconnect()
        var settings = scenario.settings()
        settings.resetOnLogon = true
        let second = try FIXBrokerAdapter(settings: settings)
        try await second.connect()
        #expect(second.sequenceNumbers == FIXSequenceNumbers(nextOutgoing: 2, nextIncoming: 2))
        #expect(try await scenario.acceptor.send("seq") == "OK sender=2 target=2")
        // The execution log outlives the reset.
        #expect(try await second.fills(since: 0).map(\.clientOrderID) == ["rst-1"])
        await second.disconnect()
    }

    @Test func aWrongPasswordIsRefusedWithAClearError() async throws {
        let scenario = try await FIXScenario(["--password", "right"])
        let adapter = try FIXBrokerAdapter(settings: scenario.settings(password: "wrong"))
        do {
            try await adapter.connect()
            Issue.record("the logon was accepted")
        } catch {
            guard case .adapterFailure(let reason) = error else {
                Issue.record("expected an adapter failure, got \(error)")
                return
            }
            #expect(reason.contains("refused the Logon"), "\(reason)")
            #expect(reason.contains("invalid password"), "\(reason)")
        }
        _ = try await scenario.acceptor.waitForEvent(prefix: "LOGON_REFUSED", timeout: .seconds(30))
        #expect(!adapter.isConnected)
        // The right one is taken.
        let good = try FIXBrokerAdapter(settings: scenario.settings(password: "right"))
        try await good.connect()
        #expect(good.isConnected)
        await good.disconnect()
    }
}
