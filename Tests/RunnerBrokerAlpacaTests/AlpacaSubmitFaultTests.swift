import Foundation
import RunnerBroker
import RunnerBrokerAlpaca
import RunnerCore
import Testing

/// The one rule for an unknown outcome, end to end: the adapter says `outcomeUnknown`, the engine's
/// `IdempotentSubmitter` looks the order up by its client order id, adopts it when Alpaca has it and resends
/// the same id when it does not; never two orders.
@Suite(.timeLimit(.minutes(1))) struct AlpacaSubmitFaultTests {
    @Test(arguments: [FakeAlpaca.OrderFault.serverErrorAfterStoring, .silenceAfterStoring, .unreadableAfterStoring])
    func anOrderThatArrivedIsFoundAndNotSentAgain(fault: FakeAlpaca.OrderFault) async throws {
        // The adapter's own timeout ends the silent call; the look-up after it must answer within the same bound,
        // so the bound leaves room for a loaded machine.
        try await withAlpaca(requestTimeout: .seconds(5)) { server, adapter in
            server.alpaca.failNextOrder(fault)
            await #expect(throws: BrokerError.outcomeUnknown(clientOrderID: "run-1")) {
                try await adapter.submit(childOrder("run-1"))
            }
            server.alpaca.failNextOrder(fault)
            let order = try await IdempotentSubmitter(broker: adapter, attempts: 3).submit(childOrder("run-2"))
            #expect(order.order.clientOrderID == "run-2")
            #expect(order.status == .accepted)
            #expect(server.alpaca.orderCount == 2)
            #expect(
                server.alpaca.requests.suffix(2) == ["POST /v2/orders", "GET /v2/orders:by_client_order_id"])
        }
    }

    @Test(arguments: [FakeAlpaca.OrderFault.serverErrorBeforeStoring, .silenceBeforeStoring])
    func anOrderThatNeverArrivedIsSentAgainWithTheSameID(fault: FakeAlpaca.OrderFault) async throws {
        // The adapter's own timeout ends the silent call; the look-up after it must answer within the same bound,
        // so the bound leaves room for a loaded machine.
        try await withAlpaca(requestTimeout: .seconds(5)) { server, adapter in
            server.alpaca.failNextOrder(fault)
            let order = try await IdempotentSubmitter(broker: adapter, attempts: 3).submit(childOrder("run-1"))
            #expect(order.order.clientOrderID == "run-1")
            #expect(server.alpaca.orderCount == 1)
            #expect(
                server.alpaca.requests.suffix(3) == [
                    "POST /v2/orders", "GET /v2/orders:by_client_order_id", "POST /v2/orders",
                ])
        }
    }

    @Test func theSubmittersOwnTimeoutCancelsTheCallAndTheLookupFindsTheOrder() async throws {
        // The submitter's bound (5 s) also bounds its look-up, so it must leave room for a loaded machine; the
        // adapter's (300 s) is far beyond it and beyond the suite's time limit, so what ends the silent call can
        // only be the submitter (a full parallel run on a loaded 2-core machine took over 30 s here).
        try await withAlpaca(requestTimeout: .seconds(300)) { server, adapter in
            server.alpaca.failNextOrder(.silenceAfterStoring)
            let start = ContinuousClock.now
            let submitter = IdempotentSubmitter(broker: adapter, attempts: 3, timeout: .seconds(5))
            let order = try await submitter.submit(childOrder("run-1"))
            #expect(order.order.clientOrderID == "run-1")
            #expect(server.alpaca.orderCount == 1)
            let waited = ContinuousClock.now - start
            #expect(waited >= .seconds(5) && waited < .seconds(50), "\(waited)")
        }
    }

    @Test func aResendThatMeetsItsEarlierSelfIsAdopted() async throws {
        try await withAlpaca { server, adapter in
            _ = try await adapter.submit(childOrder("run-1"))
            let again = try await IdempotentSubmitter(broker: adapter).submit(childOrder("run-1"))
            #expect(again.order.clientOrderID == "run-1")
            #expect(server.alpaca.orderCount == 1)
            // Another order under the same id is a collision, never a success.
            await #expect(throws: BrokerError.duplicateClientOrderID("run-1")) {
                try await IdempotentSubmitter(broker: adapter).submit(childOrder("run-1", "MSFT"))
            }
        }
    }

    @Test func aTimedOutCallIsGivenUpWithinTheTimeout() async throws {
        // The timeout also bounds the connect's stream handshake, so it leaves room for a loaded machine.
        try await withAlpaca(requestTimeout: .seconds(5)) { server, adapter in
            server.alpaca.failNextOrder(.silenceBeforeStoring)
            let start = ContinuousClock.now
            await #expect(throws: BrokerError.outcomeUnknown(clientOrderID: "run-1")) {
                try await adapter.submit(childOrder("run-1"))
            }
            // It waited its timeout, and is bounded (not fast: it gives up rather than hangs).
            let waited = ContinuousClock.now - start
            #expect(waited >= .seconds(5) && waited < .seconds(30), "\(waited)")
        }
    }

    @Test func aCancelledCallReturnsAtOnce() async throws {
        // A timeout far beyond the bound below, so a pass shows the cancellation ended the call.
        try await withAlpaca(requestTimeout: .seconds(60)) { server, adapter in
            server.alpaca.failNextOrder(.silenceBeforeStoring)
            let start = ContinuousClock.now
            let call = Task { try await adapter.submit(childOrder("run-1")) }
            try await Task.sleep(for: .milliseconds(200))
            call.cancel()
            await #expect(throws: BrokerError.outcomeUnknown(clientOrderID: "run-1")) { try await call.value }
            #expect(ContinuousClock.now - start < .seconds(20))
        }
    }
}
