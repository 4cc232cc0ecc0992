import Foundation
import RunnerBroker
import RunnerBrokerPaper
import RunnerCore
import Testing

/// The paper broker's book file: a venue opened on it again answers for every order and fill, a replica
/// stands where the venue stood at an earlier bar, and the venue catches up with a replica by id.
@Suite struct PaperBookFileTests {
    let time = ManualTimeSource(milliseconds: 0)
    let settings = PaperBrokerSettings(slippage: 0.0002, maxParticipation: 0.1, feeRate: 0.0001,
                                       startingCash: Money(1_000_000, "USD"))

    private func scratch() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("paper-book-\(UUID().uuidString)/book.tsv").path
    }

    /// A morning of trading: a partial fill, a cancel, a rejection and a fill at a later bar.
    private func trade(_ paper: PaperBroker) throws {
        time.set(0)
        _ = try paper.submitNow(order("big", .buy, 2500))
        time.set(60_000)
        _ = paper.process(bar(1, volume: 10_000))
        _ = try paper.submitNow(order("short", .sell, 40, symbol: "MSFT"))
        _ = try paper.submitNow(order("gone", .sell, 10))
        try paper.cancelNow(clientOrderID: "gone")
        paper.inject { $0.rejectNext = "halted" }
        #expect(throws: BrokerError.rejected(clientOrderID: "nope", reason: "halted")) {
            _ = try paper.submitNow(order("nope", .buy, 1))
        }
        time.set(120_000)
        _ = paper.process(bar(2, volume: 10_000))
        _ = paper.process(bar(2, open: 50, volume: 1_000, symbol: "MSFT"))
    }

    @Test func aBrokerOpenedOnTheFileAgainHoldsEveryOrderFillAndCent() async throws {
        let path = scratch()
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path) }
        let first = try PaperBroker(settings: settings, time: time, bookPath: path)
        try trade(first)
        let reopened = try PaperBroker(settings: settings, time: time, bookPath: path)
        #expect(reopened.allOrders == first.allOrders)
        #expect(reopened.allFills == first.allFills)
        #expect(try await reopened.account() == first.account())
        #expect(try await reopened.openOrders().map(\.order.clientOrderID) == ["big"])
        #expect(reopened.lastProcessedBar?.symbol == "MSFT" && reopened.lastProcessedBar?.timestamp == 120_000)
        // The next fill numbers on from the last: execution ids stay unique across a restart.
        time.set(180_000)
        #expect(reopened.process(bar(3, volume: 10_000)).map(\.executionID) == ["big-x4"])
        // And a duplicate id is still refused after the restart.
        #expect(throws: BrokerError.duplicateClientOrderID("short")) { _ = try reopened.submitNow(order("short", .sell, 40)) }
    }

    @Test func aTornLastLineIsIgnoredAndADamagedOneNamesItsLine() throws {
        let path = scratch()
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path) }
        try trade(try PaperBroker(settings: settings, time: time, bookPath: path))
        let whole = try String(contentsOfFile: path, encoding: .utf8)
        try (whole + "AAPL\t1\tF\tbig-x9\tbig").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try PaperBroker(settings: settings, time: time, bookPath: path).allFills.count == 3)
        var lines = whole.split(separator: "\n").map(String.init)
        lines[2] = "AAPL\t60000\tX\tnonsense"
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: PaperBookFileError.unreadable(path: path, line: 3, reason: "'AAPL\t60000\tX\tnonsense' is not a book line")) {
            _ = try PaperBroker(settings: settings, time: time, bookPath: path)
        }
    }

    @Test func aReplicaStandsWhereTheVenueStoodAndTheVenueCatchesUpWithItByID() throws {
        let path = scratch()
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path) }
        let venue = try PaperBroker(settings: settings, time: time, bookPath: path)
        try trade(venue)
        let replica = try venue.replica(through: 60_000)
        #expect(replica.allOrders.map(\.order.clientOrderID).sorted() == ["big", "gone", "nope", "short"])
        #expect(replica.allFills.map(\.quantity) == [1000])
        #expect(try replica.orderNow(clientOrderID: "big")?.filledQuantity == 1000)
        #expect(try venue.replica(through: nil).allOrders.map(\.order.clientOrderID) == ["big"])

        // The replica goes on as the venue did, then further: one more order and one more cancel.
        time.set(120_000)
        _ = replica.process(bar(2, volume: 10_000))
        _ = replica.process(bar(2, open: 50, volume: 1_000, symbol: "MSFT"))
        #expect(replica.allFills == venue.allFills)
        _ = try replica.submitNow(order("late", .buy, 5))
        try replica.cancelNow(clientOrderID: "big")
        let (sent, cancelled, fillsAgree) = try venue.catchUp(with: replica)
        #expect(sent == ["late"] && cancelled == ["big"] && fillsAgree)
        #expect(try venue.orderNow(clientOrderID: "late")?.isOpen == true)
        #expect(try venue.orderNow(clientOrderID: "big")?.status == .cancelled)
        // Caught up, and written: a broker opened on the file sees the same.
        #expect(try PaperBroker(settings: settings, time: time, bookPath: path).allOrders == venue.allOrders)
        #expect(try venue.catchUp(with: replica).sent.isEmpty)
    }

    @Test func fillPricesAndFeesAreWrittenAsExactDecimalTextAndReadBackEqual() async throws {
        let path = scratch()
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path) }
        let settings = PaperBrokerSettings(slippage: 0.001, feeRate: 0.0001, startingCash: Money(1_000_000, "USD"))
        let first = try PaperBroker(settings: settings, time: time, bookPath: path)
        _ = try first.submitNow(order("a", .buy, 100))
        _ = try first.submitNow(order("p", .sell, 3000, symbol: "PENNY"))
        time.set(60_000)
        _ = first.process(bar(1, open: 56.25))
        _ = first.process(bar(1, open: 0.5, volume: 100_000, symbol: "PENNY"))
        #expect(first.allFills.map(\.price) == [Decimal(string: "56.31")!, Decimal(string: "0.4995")!])
        #expect(first.allFills.map(\.fee) == [Decimal(string: "0.56")!, Decimal(string: "0.15")!])

        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("\t100\t56.31\t0.56\t60000\n"))
        #expect(text.contains("\t3000\t0.4995\t0.15\t60000\n"))
        let reopened = try PaperBroker(settings: settings, time: time, bookPath: path)
        #expect(reopened.allFills == first.allFills)
        #expect(try await reopened.account() == first.account())
    }

    @Test func aBookWrittenWithBinaryPricesReadsBackTheDigitsItWrote() throws {
        let path = scratch()
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path) }
        try FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
        let accepted = "-\t0\t0\tA\t0\tx\tp\ts\tAAPL\tbuy\t100\tprimary\t0\t0\n"
        let filled = "AAPL\t60000\t60000\tF\tx-x1\tx\tAAPL\tbuy\t100\t56.30624999999999\t1e-05\t60000\n"
        try ("paper-book v2\n" + accepted + filled).write(toFile: path, atomically: true, encoding: .utf8)
        let fills = try PaperBroker(settings: settings, time: time, bookPath: path).allFills
        #expect(fills.map(\.price) == [Decimal(string: "56.30624999999999")!])
        #expect(fills.map(\.fee) == [Decimal(string: "0.00001")!])

        let damaged = filled.replacingOccurrences(of: "56.30624999999999", with: "56.3x")
        try ("paper-book v2\n" + accepted + damaged).write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: PaperBookFileError.self) { _ = try PaperBroker(settings: settings, time: time, bookPath: path) }
    }
}

/// A venue with a book file keeps only open orders in memory; closed ones are still refused as
/// duplicates and still answered for, from the file.
@Suite struct PaperBookMemoryTests {
    @Test func closedOrdersLeaveMemoryButStayKnown() throws {
        let time = ManualTimeSource(milliseconds: 0)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("paper-book-\(UUID().uuidString).tsv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let paper = try PaperBroker(settings: PaperBrokerSettings(startingCash: Money(1_000_000, "USD")), time: time,
                                    bookPath: path)
        for index in 0..<50 { _ = try paper.submitNow(order("o\(index)", .buy, 10)) }
        time.set(60_000)
        #expect(paper.process(bar(1)).count == 50)
        #expect(try paper.orderNow(clientOrderID: "o7")?.status == .filled)
        #expect(throws: BrokerError.duplicateClientOrderID("o7")) { _ = try paper.submitNow(order("o7", .buy, 10)) }
        #expect(paper.allFills.count == 50 && paper.allOrders.count == 50)
        _ = try paper.submitNow(order("o50", .buy, 10))
        #expect(paper.process(bar(2)).map(\.executionID) == ["o50-x51"])
    }
}
