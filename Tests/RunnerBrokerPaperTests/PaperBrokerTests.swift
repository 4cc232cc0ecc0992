import Foundation
import RunnerBroker
import RunnerBrokerPaper
import RunnerCore
import Testing

func order(_ id: String, _ side: OrderSide, _ quantity: Int64, symbol: Symbol = "AAPL") -> ChildOrder {
    ChildOrder(clientOrderID: id, parentID: "p", strategy: "s", symbol: symbol, side: side, quantity: quantity,
               venue: "primary", releaseAt: 0, sliceIndex: 0)
}

func bar(_ minute: Int64, open: Double = 100, volume: Double = 10_000, symbol: Symbol = "AAPL") -> Bar {
    Bar(symbol: symbol, timestamp: minute * 60_000, open: open, high: open + 1, low: open - 1, close: open, volume: volume)
}

@Suite struct PaperBrokerTests {
    let time = ManualTimeSource(milliseconds: 0)

    func broker(latency: Int64 = 0, slippage: Double = 0, participation: Double = 1, fees: Double = 0) -> PaperBroker {
        PaperBroker(settings: PaperBrokerSettings(latency: latency, slippage: slippage, maxParticipation: participation,
                                                  feeRate: fees, startingCash: Money(1_000_000, "USD")),
                    time: time)
    }

    @Test func fillsAtTheNextBarsOpenWithSlippageAndFees() async throws {
        let paper = broker(slippage: 0.0002, fees: 0.0001)
        _ = try await paper.submit(order("o1", .buy, 100))
        _ = try await paper.submit(order("o2", .sell, 10, symbol: "MSFT"))
        let fills = paper.process(bar(1, open: 100))
        #expect(fills.map(\.quantity) == [100])
        #expect(fills[0].price == Decimal(string: "100.02")!)
        #expect(fills[0].fee == 1)  // 10,002 x 0.01% = 1.0002, to the cent
        let account = try await paper.account()
        #expect(account.cash == Money(Decimal(string: "989997")!, "USD"))  // 1,000,000 - 10,002 - 1
        #expect(account.positions == ["AAPL": 100])
        #expect(try await paper.openOrders().map(\.order.clientOrderID) == ["o2"])
    }

    @Test func aDuplicateClientOrderIDIsRefusedLikeARealBroker() async throws {
        let paper = broker()
        _ = try await paper.submit(order("same", .buy, 100))
        await #expect(throws: BrokerError.duplicateClientOrderID("same")) {
            _ = try await paper.submit(order("same", .buy, 100))
        }
        #expect(try await paper.openOrders().count == 1)
    }

    @Test func ordersLargerThanTheParticipationCapFillPartiallyOverSeveralBars() async throws {
        let paper = broker(participation: 0.1)
        _ = try await paper.submit(order("big", .buy, 2500))
        #expect(paper.process(bar(1, volume: 10_000)).map(\.quantity) == [1000])
        #expect(try await paper.order(clientOrderID: "big")?.status == .partiallyFilled)
        #expect(paper.process(bar(2, volume: 10_000)).map(\.quantity) == [1000])
        #expect(paper.process(bar(3, volume: 10_000)).map(\.quantity) == [500])
        #expect(try await paper.order(clientOrderID: "big")?.status == .filled)
        #expect(try await paper.positions() == ["AAPL": 2500])
    }

    @Test func latencyKeepsAnOrderFromFillingOnTheBarItArrivedIn() async throws {
        let paper = broker(latency: 50)
        time.set(60_000 - 10)
        _ = try await paper.submit(order("late", .buy, 10))
        #expect(paper.process(bar(1)).isEmpty)  // 59,990 + 50 > 60,000
        #expect(paper.process(bar(2)).map(\.quantity) == [10])
    }

    @Test func cancelAllCancelsEveryOpenOrder() async throws {
        let paper = broker()
        _ = try await paper.submit(order("a", .buy, 10))
        _ = try await paper.submit(order("b", .sell, 10, symbol: "MSFT"))
        #expect(try await paper.cancelAll() == 2)
        #expect(try await paper.openOrders().isEmpty)
        #expect(paper.process(bar(1)).isEmpty)
        await #expect(throws: BrokerError.unknownOrder("a")) { try await paper.cancel(clientOrderID: "a") }
    }

    @Test func aLostAcknowledgementIsResolvedByLookupNotBySendingTwice() async throws {
        let paper = broker()
        paper.inject { $0.dropNextAcknowledgement = true }
        let submitter = IdempotentSubmitter(broker: paper)
        let accepted = try await submitter.submit(order("once", .buy, 100))
        #expect(accepted.order.clientOrderID == "once")
        #expect(try await paper.openOrders().count == 1)
        // Sending it again after a restart finds the same order instead of creating another.
        #expect(try await submitter.submit(order("once", .buy, 100)).order.clientOrderID == "once")
        #expect(try await paper.openOrders().count == 1)
    }

    @Test func aDisconnectFailsEveryCallUntilReconnected() async throws {
        let paper = broker()
        paper.inject { $0.disconnected = true }
        await #expect(throws: BrokerError.disconnected) { _ = try await paper.positions() }
        await #expect(throws: BrokerError.outcomeUnknown(clientOrderID: "x")) {
            _ = try await IdempotentSubmitter(broker: paper, attempts: 2).submit(order("x", .buy, 1))
        }
        paper.inject { $0.disconnected = false }
        #expect(try await paper.order(clientOrderID: "x") == nil)  // never arrived, so a resend is safe
    }

    @Test func rejectionsAndDuplicateFillReportsAreVisible() async throws {
        let paper = broker()
        // A venue keeps reports only once someone listens.
        let reports = paper.executions
        paper.inject { $0.rejectNext = "symbol halted" }
        await #expect(throws: BrokerError.rejected(clientOrderID: "r", reason: "symbol halted")) {
            _ = try await paper.submit(order("r", .buy, 1))
        }
        paper.inject { $0.duplicateNextFillReport = true }
        _ = try await paper.submit(order("d", .buy, 5))
        paper.process(bar(1))
        var executions: [String] = []
        for await report in reports {
            if case .filled(let fill) = report { executions.append(fill.executionID) }
            if executions.count == 2 { break }
        }
        // The same execution twice: consumers deduplicate by execution id; the broker's own record has one.
        #expect(executions == ["d-x1", "d-x1"])
        #expect(try await paper.fills(since: 0).count == 1)
    }
}
