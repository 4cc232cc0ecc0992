import Foundation
import RunnerBroker
import RunnerBrokerAlpaca
import RunnerCore
import Testing

/// Every REST operation of the adapter against the in-memory Alpaca.
@Suite(.timeLimit(.minutes(1))) struct AlpacaRESTContractTests {
    @Test func submitSendsAMarketDayOrderAndReturnsAlpacasRecord() async throws {
        try await withAlpaca { server, adapter in
            let sent = childOrder("run-1")
            let order = try await adapter.submit(sent)
            #expect(order.order == sent)
            #expect(order.status == .accepted)
            #expect(order.filledQuantity == 0)
            #expect(order.acceptedAt == 1_614_009_060_000)
            let stored = try #require(server.alpaca.order(clientOrderID: "run-1"))
            #expect(stored.symbol == "AAPL" && stored.side == "buy" && stored.quantity == 10)
        }
    }

    @Test func aRefusedOrderIsRejectedWithAlpacasStatusAndMessage() async throws {
        try await withAlpaca { server, adapter in
            server.alpaca.refuse(symbol: "GME", status: 403, message: "insufficient buying power")
            await #expect(
                throws: BrokerError.rejected(clientOrderID: "run-2", reason: "HTTP 403: insufficient buying power")
            ) {
                try await adapter.submit(childOrder("run-2", "GME"))
            }
            await #expect(throws: BrokerError.rejected(clientOrderID: "run-3", reason: "HTTP 422: qty must be > 0")) {
                try await adapter.submit(childOrder("run-3", "AAPL", .buy, 0))
            }
        }
    }

    @Test func aSecondOrderWithTheSameClientOrderIDIsADuplicate() async throws {
        try await withAlpaca { server, adapter in
            _ = try await adapter.submit(childOrder("run-1"))
            await #expect(throws: BrokerError.duplicateClientOrderID("run-1")) {
                try await adapter.submit(childOrder("run-1", "MSFT"))
            }
            #expect(server.alpaca.orderCount == 1)
        }
    }

    @Test func anOrderIsFoundByItsClientOrderIDOrNot() async throws {
        try await withAlpaca { server, adapter in
            _ = try await adapter.submit(childOrder("run-1"))
            server.alpaca.fill(clientOrderID: "run-1", quantity: 4, price: "56.31")
            let found = try #require(try await adapter.order(clientOrderID: "run-1"))
            #expect(found.status == .partiallyFilled)
            #expect(found.filledQuantity == 4)
            #expect(found.order.strategy == "ma_cross")
            #expect(try await adapter.order(clientOrderID: "nobody") == nil)
        }
    }

    @Test func cancelFindsTheOrderThenDeletesIt() async throws {
        try await withAlpaca { server, adapter in
            _ = try await adapter.submit(childOrder("run-1"))
            try await adapter.cancel(clientOrderID: "run-1")
            #expect(server.alpaca.order(clientOrderID: "run-1")?.status == "canceled")
            #expect(
                server.alpaca.requests.suffix(2) == ["GET /v2/orders:by_client_order_id", "DELETE /v2/orders/order-1"])
            await #expect(
                throws: BrokerError.rejected(clientOrderID: "run-1", reason: "HTTP 422: order is not cancelable")
            ) {
                try await adapter.cancel(clientOrderID: "run-1")
            }
            await #expect(throws: BrokerError.unknownOrder("nobody")) {
                try await adapter.cancel(clientOrderID: "nobody")
            }
        }
    }

    @Test func cancelAllCountsTheCancelledOrders() async throws {
        try await withAlpaca { server, adapter in
            for id in ["a", "b", "c"] { _ = try await adapter.submit(childOrder(id)) }
            server.alpaca.fill(clientOrderID: "c", quantity: 10, price: "1")
            #expect(try await adapter.cancelAll() == 2)
            #expect(try await adapter.openOrders().isEmpty)
            #expect(try await adapter.cancelAll() == 0)
        }
    }

    @Test func anOrderAlpacaCouldNotCancelFailsCancelAllByName() async throws {
        try await withAlpaca { server, adapter in
            for id in ["a", "b"] { _ = try await adapter.submit(childOrder(id)) }
            server.alpaca.makeStuck(clientOrderID: "b")
            await #expect(
                throws: BrokerError.adapterFailure(
                    "cancel all orders: Alpaca could not cancel 1 of 2 orders: order-2 (HTTP 500: internal server error)"
                )
            ) { try await adapter.cancelAll() }
            #expect(try await adapter.openOrders().map(\.order.clientOrderID) == ["b"])
        }
    }

    @Test func closeAllPositionsReturnsTheClosingOrders() async throws {
        try await withAlpaca { server, adapter in
            server.alpaca.setPosition("AAPL", 10)
            server.alpaca.setPosition("TSLA", -3)
            _ = try await adapter.submit(childOrder("open-1", "MSFT"))
            let orders = try await adapter.closeAllPositions()
            #expect(orders.map(\.order.symbol) == ["AAPL", "TSLA"])
            #expect(orders.map(\.order.side) == [.sell, .buy])
            #expect(orders.map(\.order.quantity) == [10, 3])
            #expect(orders.allSatisfy { $0.status == .accepted })
            // cancel_orders=true: the working order is gone.
            #expect(server.alpaca.order(clientOrderID: "open-1")?.status == "canceled")
        }
    }

    @Test func openOrdersListsWhatIsWorking() async throws {
        try await withAlpaca { server, adapter in
            _ = try await adapter.submit(childOrder("a"))
            _ = try await adapter.submit(childOrder("b", "MSFT", .sell, 5))
            server.alpaca.fill(clientOrderID: "a", quantity: 10, price: "1")
            let open = try await adapter.openOrders()
            #expect(open.map(\.order.clientOrderID) == ["b"])
            #expect(open.first?.order.side == .sell)
        }
    }

    @Test func positionsAreSignedAndTheAccountCashIsExact() async throws {
        try await withAlpaca { server, adapter in
            server.alpaca.setPosition("AAPL", 10)
            server.alpaca.setPosition("TSLA", -3)
            server.alpaca.setCash("12345.67")
            #expect(try await adapter.positions() == ["AAPL": 10, "TSLA": -3])
            let account = try await adapter.account()
            #expect(account.cash == Money(Decimal(string: "12345.67")!, "USD"))
            #expect(account.positions == ["AAPL": 10, "TSLA": -3])
        }
    }

    @Test func fillsComePageByPageWithExactPricesAndClientOrderIDs() async throws {
        try await withAlpaca { server, adapter in
            server.alpaca.seedFills(205, symbol: "AAPL")
            let fills = try await adapter.fills(since: 0)
            #expect(fills.count == 205)
            #expect(fills.map(\.clientOrderID) == (0..<205).map { "seed-\($0)" })
            #expect(fills.allSatisfy { $0.price == Decimal(string: "10.01")! && $0.quantity == 1 && $0.side == .buy })
            #expect(Set(fills.map(\.executionID)).count == 205)
            #expect(fills.map(\.timestamp) == fills.map(\.timestamp).sorted())
            let pages = server.alpaca.requests.filter { $0 == "GET /v2/account/activities/FILL" }.count
            #expect(pages == 3)
            // At or after: the 101st fill's own millisecond includes it.
            let later = try await adapter.fills(since: fills[100].timestamp)
            #expect(later.map(\.clientOrderID) == (100..<205).map { "seed-\($0)" })
        }
    }

    @Test func aFillOfAnOrderThisAdapterNeverSawIsNamedThroughTheOrderLookup() async throws {
        try await withAlpaca(connect: false) { server, adapter in
            server.alpaca.seedFills(1, symbol: "MSFT")
            let fills = try await adapter.fills(since: 0)
            #expect(fills.map(\.clientOrderID) == ["seed-0"])
            #expect(server.alpaca.requests.contains("GET /v2/orders/order-1"))
        }
    }

    @Test func a429IsWaitedOutAsRetryAfterSays() async throws {
        let recorder = RecordingSleep()
        try await withAlpaca(connect: false, sleep: recorder.sleep) { server, adapter in
            server.alpaca.rateLimitNext(2, retryAfter: "2")
            let positions = try await adapter.positions()
            #expect(positions == [:])
            #expect(recorder.recorded == [.seconds(2), .seconds(2)])
            #expect(server.alpaca.requests == Array(repeating: "GET /v2/positions", count: 3))
        }
    }

    @Test func a429WithoutRetryAfterWaitsUntilTheRateLimitResets() async throws {
        let recorder = RecordingSleep()
        try await withAlpaca(connect: false, maxRateLimitWait: .seconds(60), sleep: recorder.sleep) { server, adapter in
            // A reset 30 s ahead: far from the 1 s backoff, and still well ahead when a loaded machine is slow
            // to answer (the wait is counted from when the 429 is read).
            let reset = Int(Date().timeIntervalSince1970) + 30
            server.alpaca.rateLimitNext(1, retryAfter: nil, reset: String(reset))
            let positions = try await adapter.positions()
            #expect(positions == [:])
            let wait = try #require(recorder.recorded.first)
            #expect(recorder.recorded.count == 1)
            #expect(wait > .seconds(20) && wait <= .seconds(30), "\(wait)")
        }
    }

    @Test func a429BeyondTheLongestWaitIsAnAdapterFailure() async throws {
        let recorder = RecordingSleep()
        try await withAlpaca(connect: false, maxRateLimitWait: .seconds(5), sleep: recorder.sleep) { server, adapter in
            server.alpaca.rateLimitNext(10, retryAfter: "2")
            await #expect(
                throws: BrokerError.adapterFailure(
                    "list positions: Alpaca still answers 429 (rate limit) after waiting 4.0 s, the most allowed")
            ) { try await adapter.positions() }
            #expect(recorder.recorded == [.seconds(2), .seconds(2)])
        }
    }

    @Test func wrongKeysAreRefusedCredentialsAtConnect() async throws {
        let server = try await FakeAlpacaServer.start()
        let adapter = AlpacaBrokerAdapter(settings: try server.settings(secretKey: "wrong"))
        await #expect(
            throws: BrokerError.adapterFailure(
                "Alpaca refused the credentials (GET /v2/account: HTTP 401: request is not authorized): "
                    + "check the key id and secret key")
        ) { try await adapter.connect() }
        await #expect(throws: BrokerError.disconnected) { try await adapter.submit(childOrder("x")) }
        await #expect(
            throws: BrokerError.adapterFailure(
                "list positions: Alpaca refused the credentials (HTTP 401: request is not authorized): "
                    + "check the key id and secret key")
        ) { try await adapter.positions() }
        await server.stop()
    }

    @Test func submitNeedsTheStreamButTheKillSwitchCallsDoNot() async throws {
        try await withAlpaca(connect: false) { server, adapter in
            server.alpaca.setPosition("AAPL", 10)
            await #expect(throws: BrokerError.disconnected) { try await adapter.submit(childOrder("x")) }
            let outcome = await BrokerFlattening.flatten(adapter, attempts: 1, pause: .milliseconds(1))
            #expect(outcome.closingOrders.count == 1)
            #expect(server.alpaca.orderCount == 1)
        }
    }
}
