import Foundation
import RunnerBroker
import RunnerBrokerPaper
import RunnerCore
import Testing

/// What happens at the venue without the runner (a trade, an order), a fill report that never arrives,
/// and a venue read from its book file without touching it.
@Suite struct PaperOutsideTradeTests {
    let time = ManualTimeSource(milliseconds: 0)
    let settings = PaperBrokerSettings(startingCash: Money(100_000, "USD"))

    private func scratch() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("paper-outside-\(UUID().uuidString)/book.tsv")
            .path
    }

    private func order(_ id: String, _ quantity: Int64, symbol: Symbol = "AAPL") -> ChildOrder {
        ChildOrder(
            clientOrderID: id, parentID: id, strategy: "s", symbol: symbol, side: .buy, quantity: quantity,
            venue: "primary", releaseAt: 0, sliceIndex: 0)
    }

    private func bar(_ minute: Int64, symbol: Symbol = "AAPL") -> Bar {
        Bar(symbol: symbol, timestamp: minute * 60_000, open: 50, high: 50, low: 50, close: 50, volume: 1_000_000)
    }

    @Test func aDroppedFillReportIsMadeAndRecordedButNeverDelivered() async throws {
        let paper = PaperBroker(settings: settings, time: time)
        var reports = paper.executions.makeAsyncIterator()
        _ = try paper.submitNow(order("a", 10))
        _ = try paper.submitNow(order("b", 5))
        paper.inject { $0.dropNextFillReport = true }
        let delivered = paper.process(bar(1))
        #expect(delivered.map(\.clientOrderID) == ["b"])
        #expect(try await paper.positions()["AAPL"] == 15)
        #expect(try await paper.fills(since: 0).map(\.clientOrderID) == ["a", "b"])
        var seen: [ExecutionReport] = []
        for _ in 0..<3 { if let report = await reports.next() { seen.append(report) } }
        #expect(seen == [.accepted(clientOrderID: "a"), .accepted(clientOrderID: "b"), .filled(delivered[0])])
        // Only the next fill is dropped.
        _ = try paper.submitNow(order("c", 1))
        #expect(paper.process(bar(2)).map(\.clientOrderID) == ["c"])
    }

    @Test func aTradeOutsideTheRunnerChangesThePositionAndCashInTheFile() async throws {
        let path = scratch()
        defer {
            try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path)
        }
        let paper = try PaperBroker(settings: settings, time: time, bookPath: path)
        let fill = try paper.tradeOutsideRunner(
            id: "desk-1", symbol: "MSFT", side: .sell, quantity: 7,
            price: Decimal(string: "401.5")!, at: 5)
        #expect(fill.executionID == "desk-1-x1")
        #expect(try await paper.positions() == ["MSFT": -7])
        #expect(try await paper.openOrders().isEmpty)
        #expect(throws: BrokerError.duplicateClientOrderID("desk-1")) {
            try paper.tradeOutsideRunner(id: "desk-1", symbol: "MSFT", side: .buy, quantity: 1, price: 1, at: 6)
        }
        let reopened = try PaperBroker(settings: settings, time: time, bookPath: path)
        let account = try await reopened.account()
        #expect(account.positions == ["MSFT": -7])
        #expect(account.cash.amount == 100_000 + Decimal(string: "2810.5")!)
        #expect(try await reopened.fills(since: 0) == [fill])
    }

    @Test func anOrderPlacedOutsideTheRunnerWorksAtTheVenue() async throws {
        let paper = PaperBroker(settings: settings, time: time)
        try paper.placeOrderOutsideRunner(order("desk-2", 4), at: 0)
        #expect(try await paper.openOrders().map(\.order.clientOrderID) == ["desk-2"])
        #expect(paper.process(bar(1)).map(\.quantity) == [4])
        #expect(try await paper.positions() == ["AAPL": 4])
    }

    @Test func aTradeRecordedInTheFileByAnotherProcessKeepsTheVenuesPlaceInTheData() async throws {
        let path = scratch()
        defer {
            try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path)
        }
        let running = try PaperBroker(settings: settings, time: time, bookPath: path)
        _ = try running.submitNow(order("a", 10))
        time.set(120_000)
        _ = running.process(bar(2))
        let cursor = try #require(running.lastProcessedBar)
        try PaperBroker.recordOutsideTrade(
            inBookAt: path, id: "desk-3", symbol: "AAPL", side: .buy, quantity: 3,
            price: 49, at: 130_000)
        let reopened = try PaperBroker(settings: settings, time: time, bookPath: path)
        #expect(try await reopened.positions() == ["AAPL": 13])
        #expect(reopened.lastProcessedBar?.symbol == cursor.symbol)
        #expect(reopened.lastProcessedBar?.timestamp == cursor.timestamp)
        #expect(throws: PaperBookFileError.self) {
            try PaperBroker.recordOutsideTrade(
                inBookAt: path, id: "a", symbol: "AAPL", side: .buy, quantity: 1,
                price: 1, at: 0)
        }
        #expect(throws: PaperBookFileError.self) {
            try PaperBroker.recordOutsideTrade(
                inBookAt: path + ".missing", id: "x", symbol: "AAPL", side: .buy,
                quantity: 1, price: 1, at: 0)
        }
        #expect(!FileManager.default.fileExists(atPath: path + ".missing"))
    }

    @Test func inspectingABookReadsItWithoutWritingOrCreatingAnything() async throws {
        let path = scratch()
        defer {
            try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path)
        }
        #expect(try PaperBroker.inspecting(bookAt: path, settings: settings) == nil)
        #expect(!FileManager.default.fileExists(atPath: path))
        let running = try PaperBroker(settings: settings, time: time, bookPath: path)
        _ = try running.submitNow(order("a", 10))
        _ = try running.submitNow(order("open", 5, symbol: "MSFT"))
        time.set(60_000)
        _ = running.process(bar(1))
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let inspected = try #require(try PaperBroker.inspecting(bookAt: path, settings: settings))
        #expect(try await inspected.positions() == ["AAPL": 10])
        #expect(try await inspected.openOrders().map(\.order.clientOrderID) == ["open"])
        #expect(try await inspected.fills(since: 0) == running.allFills)
        #expect(try await inspected.account() == running.account())
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }
}
