import Foundation
import RunnerBroker
import RunnerBrokerAlpaca
import RunnerCore
import Testing

/// The trade-updates stream: reports as orders change, drops and recoveries.
@Suite(.timeLimit(.minutes(1))) struct AlpacaTradeStreamTests {
    @Test func orderEventsArriveAsExecutionReports() async throws {
        try await withAlpaca { server, adapter in
            let reports = EventCollector(adapter.executions)
            _ = try await adapter.submit(childOrder("run-1"))
            _ = try await adapter.submit(childOrder("run-2", "MSFT", .sell, 5))
            let partial = server.alpaca.fill(clientOrderID: "run-1", quantity: 4, price: "56.31")
            let rest = server.alpaca.fill(clientOrderID: "run-1", quantity: 6, price: "56.32")
            try await adapter.cancel(clientOrderID: "run-2")
            try await reports.wait(for: "the cancellation") { $0 == .cancelled(clientOrderID: "run-2") }
            let fills = reports.all.compactMap { report -> Fill? in
                if case .filled(let fill) = report { return fill }
                return nil
            }
            #expect(reports.all.first == .accepted(clientOrderID: "run-1"))
            #expect(reports.all.contains(.accepted(clientOrderID: "run-2")))
            #expect(fills.map(\.executionID) == [partial, rest])
            #expect(fills.map(\.quantity) == [4, 6])
            #expect(fills.map(\.price) == [Decimal(string: "56.31")!, Decimal(string: "56.32")!])
            #expect(fills.allSatisfy { $0.clientOrderID == "run-1" && $0.symbol == "AAPL" && $0.side == .buy })
            // The same executions through the activities carry the same ids, so a consumer deduplicates them.
            let polled = try await adapter.fills(since: 0)
            #expect(polled == fills)
        }
    }

    @Test func aRejectionOnTheStreamIsAReport() async throws {
        try await withAlpaca { server, adapter in
            let reports = EventCollector(adapter.executions)
            _ = try await adapter.submit(childOrder("run-1"))
            server.alpaca.rejectOnStream(clientOrderID: "run-1")
            try await reports.wait(for: "the rejection") {
                $0 == .rejected(clientOrderID: "run-1", reason: "Alpaca rejected the order (rejected)")
            }
        }
    }

    @Test func textFramesAreReadLikeBinaryOnes() async throws {
        try await withAlpaca { server, adapter in
            let reports = EventCollector(adapter.executions)
            _ = try await adapter.submit(childOrder("run-1"))
            let order = try #require(server.alpaca.order(clientOrderID: "run-1"))
            server.alpaca.publishRawTradeUpdate(
                #"{"stream":"trade_updates","data":{"event":"fill","execution_id":"text-1","price":"12.5","qty":"10","#
                    + #""timestamp":"2021-02-22T15:51:02Z","order":{"id":"\#(order.id)","client_order_id":"run-1","#
                    + #""symbol":"AAPL","side":"buy","qty":"10","filled_qty":"10","status":"filled"}}}"#,
                binary: false)
            let fill = Fill(
                executionID: "text-1", clientOrderID: "run-1", symbol: "AAPL", side: .buy, quantity: 10,
                price: Decimal(string: "12.5")!, fee: 0, timestamp: 1_614_009_062_000)
            try await reports.wait(for: "the fill from a text frame") { $0 == .filled(fill) }
        }
    }

    @Test func aDroppedStreamIsLostThenRestoredAndReportsResume() async throws {
        try await withAlpaca { server, adapter in
            let events = EventCollector(adapter.connectionEvents)
            let reports = EventCollector(adapter.executions)
            server.alpaca.dropStreams()
            try await events.wait(for: "the restoration") { $0 == .restored }
            #expect(events.all.first == .lost(reason: "the trade stream closed"))
            _ = try await adapter.submit(childOrder("run-1"))
            try await reports.wait(for: "the new order's report") { $0 == .accepted(clientOrderID: "run-1") }
            #expect(server.alpaca.openStreams(.trading) == 1)
        }
    }

    @Test func aMessageThatDoesNotReadDropsTheStreamSoTheRunReconciles() async throws {
        try await withAlpaca { server, adapter in
            let events = EventCollector(adapter.connectionEvents)
            server.alpaca.publishRawTradeUpdate(#"{"stream":"trade_updates","data":{"event":"fill"}}"#)
            try await events.wait(for: "the restoration") { $0 == .restored }
            guard case .lost(let reason) = events.all.first else {
                Issue.record("no loss: \(events.all)")
                return
            }
            #expect(reason.contains("a trade update has no event or order"))
        }
    }

    @Test func refusedCredentialsOnAReconnectFailTheAdapter() async throws {
        try await withAlpaca { server, adapter in
            let events = EventCollector(adapter.connectionEvents)
            server.alpaca.setKeys(keyID: "rotated", secretKey: "rotated")
            server.alpaca.dropStreams()
            try await events.wait(for: "the failure") {
                if case .failed = $0 { return true }
                return false
            }
            #expect(
                events.all.last
                    == .failed(
                        reason: "Alpaca refused the credentials (trade stream authorization: unauthorized): "
                            + "check the key id and secret key"))
            await #expect(throws: BrokerError.disconnected) { try await adapter.submit(childOrder("run-1")) }
        }
    }

    @Test func aStreamThatNeverAuthorizesFailsConnectWithinTheTimeout() async throws {
        // The timeout also bounds the credential check before the stream, so it leaves room for a loaded machine.
        try await withAlpaca(connect: false, requestTimeout: .seconds(5)) { server, adapter in
            server.alpaca.silenceStreams()
            let start = ContinuousClock.now
            await #expect(
                throws: BrokerError.adapterFailure("trade stream handshake: no answer from Alpaca within 5.0 s")
            ) { try await adapter.connect() }
            // It waited its timeout, and is bounded (not fast: it gives up rather than hangs).
            let waited = ContinuousClock.now - start
            #expect(waited >= .seconds(5) && waited < .seconds(30), "\(waited)")
            await #expect(throws: BrokerError.disconnected) { try await adapter.submit(childOrder("run-1")) }
        }
    }

    @Test func aWSSStreamURLIsRefusedAtConnectForWantOfTLS() async throws {
        let server = try await FakeAlpacaServer.start()
        let settings = try AlpacaSettings(
            baseURL: server.baseURL, tradingStreamURL: URL(string: "wss://127.0.0.1:\(server.port)/stream")!,
            keyID: FakeAlpacaServer.keyID, secretKey: FakeAlpacaServer.secretKey)
        let adapter = AlpacaBrokerAdapter(settings: settings)
        await #expect(
            throws: BrokerError.adapterFailure(
                AlpacaError.tlsNotBuiltIn(url: "wss://127.0.0.1:\(server.port)/stream").description)
        ) { try await adapter.connect() }
        #expect(server.alpaca.requests.isEmpty)
        await server.stop()
    }

    @Test func disconnectEndsBothStreams() async throws {
        let server = try await FakeAlpacaServer.start()
        let adapter = AlpacaBrokerAdapter(settings: try server.settings())
        try await adapter.connect()
        await adapter.disconnect()
        var reports = adapter.executions.makeAsyncIterator()
        var events = adapter.connectionEvents.makeAsyncIterator()
        #expect(await reports.next() == nil)
        #expect(await events.next() == nil)
        await #expect(throws: BrokerError.self) { try await adapter.connect() }
        await server.stop()
    }
}
