import Foundation
import RunnerBroker
import RunnerCore
import Testing

@testable import RunnerFIX

@Suite struct FIXReportsTests {
    static func trade(_ extra: [FIXField]) -> FIXMessage {
        FIXMessage(
            type: "8",
            [
                FIXField(11, "o-1"), FIXField(17, "E-9"), FIXField(150, "F"), FIXField(39, "1"), FIXField(55, "AAPL"),
                FIXField(54, "2"), FIXField(38, "100"), FIXField(14, "40"), FIXField(32, "40"), FIXField(31, "56.31"),
                FIXField(60, "20261201-14:30:05.123"),
            ] + extra)
    }

    @Test func aTradeReportIsAFillWithExactPriceAndTime() throws {
        let fill = try FIXReports.fill(Self.trade([FIXField(12, "0.40"), FIXField(13, "3")]), receivedAt: 0)
        #expect(
            fill
                == Fill(
                    executionID: "E-9", clientOrderID: "o-1", symbol: "AAPL", side: .sell, quantity: 40,
                    price: Decimal(string: "56.31")!, fee: Decimal(string: "0.4")!, timestamp: 1_796_135_405_123))
    }

    @Test(arguments: [("1", "0.005", "0.2"), ("2", "0.1", "2.2524"), ("3", "1.5", "1.5")])
    func commissionTypesGiveTheFee(type: String, commission: String, fee: String) throws {
        let fill = try FIXReports.fill(Self.trade([FIXField(12, commission), FIXField(13, type)]), receivedAt: 0)
        #expect(fill.fee == Decimal(string: fee))
    }

    @Test func aReportWithoutTransactTimeTakesTheReceiptTime() throws {
        var message = Self.trade([])
        message.fields.removeAll { $0.tag == 60 }
        #expect(try FIXReports.fill(message, receivedAt: 42).timestamp == 42)
    }

    @Test func malformedFieldsNameTheirTag() {
        var badPrice = Self.trade([])
        badPrice.set(31, "56,31")
        #expect(throws: FIXFieldProblem.incorrect(31, "56,31", "a decimal number")) {
            try FIXReports.fill(badPrice, receivedAt: 0)
        }
        var noExecID = Self.trade([])
        noExecID.fields.removeAll { $0.tag == 17 }
        #expect(throws: FIXFieldProblem.missing(17, in: "8")) { try FIXReports.fill(noExecID, receivedAt: 0) }
        var fractional = Self.trade([])
        fractional.set(32, "40.5")
        #expect((try? FIXReports.fill(fractional, receivedAt: 0)) == nil)
        var badSide = Self.trade([])
        badSide.set(54, "9")
        #expect((try? FIXReports.fill(badSide, receivedAt: 0)) == nil)
    }

    @Test func aReportOfAnOrderWeKnowKeepsItsParentAndStrategy() throws {
        let known = ChildOrder(
            clientOrderID: "o-1", parentID: "p", strategy: "s", symbol: "AAPL", side: .sell,
            quantity: 100, venue: "fix", releaseAt: 5, sliceIndex: 2)
        let order = try FIXReports.order(Self.trade([]), known: known, receivedAt: 0)
        #expect(order.order.parentID == "p")
        #expect(order.order.strategy == "s")
        #expect(order.filledQuantity == 40)
        #expect(order.status == .partiallyFilled)
        #expect(order.remainingQuantity == 60)
    }

    @Test func positionsAreLongMinusShortPerSymbol() throws {
        func report(_ symbol: String, _ long: String, _ short: String) -> FIXMessage {
            FIXMessage(
                type: "AP",
                [
                    FIXField(710, "r"), FIXField(727, "2"), FIXField(728, "0"), FIXField(55, symbol),
                    FIXField(702, "1"),
                    FIXField(703, "TQ"), FIXField(704, long), FIXField(705, short),
                ])
        }
        let none = FIXMessage(type: "AP", [FIXField(710, "r"), FIXField(727, "0"), FIXField(728, "2")])
        #expect(
            try FIXReports.positions([report("AAPL", "100", "30"), report("MSFT", "0", "20"), report("IBM", "5", "5")])
                == ["AAPL": 70, "MSFT": -20])
        #expect(try FIXReports.positions([none]).isEmpty)
        var broken = report("AAPL", "1", "0")
        broken.set(702, "2")
        #expect(throws: FIXFieldProblem.self) { try FIXReports.positions([broken]) }
    }

    @Test func duplicatesAreRecognisedByReasonOrText() {
        #expect(FIXReports.isDuplicate(FIXMessage(type: "8", [FIXField(103, "6")])))
        #expect(FIXReports.isDuplicate(FIXMessage(type: "8", [FIXField(58, "Duplicate ClOrdID")])))
        #expect(!FIXReports.isDuplicate(FIXMessage(type: "8", [FIXField(58, "insufficient buying power")])))
    }
}

@Suite struct FIXSettingsTests {
    @Test func everyWrongValueIsNamed() {
        let settings = FIXSettings(
            host: "", port: 70000, senderCompID: "RUN NER", targetCompID: "", password: "",
            heartbeatInterval: .milliseconds(1500),
            storeDirectory: "", requestTimeout: .zero, reconnectInitialDelay: .seconds(20),
            reconnectMaximumDelay: .seconds(10),
            currency: "usd")
        let problems = settings.problems
        for word in [
            "host", "port 70000", "sender_comp_id", "target_comp_id", "password", "heartbeat_interval",
            "store_directory", "request_timeout", "reconnect_maximum_delay", "currency",
        ] {
            #expect(problems.contains { $0.contains(word) }, "no problem names \(word): \(problems)")
        }
        #expect(throws: FIXSetupError.self) { try FIXBrokerAdapter(settings: settings) }
    }

    @Test func passwordsStayOutOfLogs() {
        let settings = FIXSettings(
            host: "h", port: 1, senderCompID: "A", targetCompID: "B", password: "hunter2",
            storeDirectory: "/tmp/x")
        #expect(!settings.description.contains("hunter2"))
        #expect(!"\(settings)".contains("hunter2"))
        let logon = FIXMessage(type: "A", [FIXField(553, "user"), FIXField(554, "hunter2")])
        #expect(logon.description == "35=A|553=user|554=***")
        #expect(
            FIXEncoder.encode(logon).count > 0
                && String(decoding: FIXEncoder.encode(logon), as: UTF8.self).contains("554=hunter2"))
    }

    @Test func theBackoffDoublesUpToItsMaximum() throws {
        let adapter = try FIXBrokerAdapter(
            settings: FIXSettings(
                host: "127.0.0.1", port: 1, senderCompID: "RUNNER", targetCompID: "BROKER",
                storeDirectory: NSTemporaryDirectory() + "fix-backoff-\(UUID().uuidString)"))
        #expect((0..<7).map { adapter.backoff(attempt: $0) } == [500, 1000, 2000, 4000, 8000, 10000, 10000])
        #expect(adapter.backoff(attempt: 500) == 10000)
    }

    @Test func anUnreachableAcceptorFailsTheConnectWithTheReason() async throws {
        let adapter = try FIXBrokerAdapter(
            settings: FIXSettings(
                host: "127.0.0.1", port: 1, senderCompID: "RUNNER", targetCompID: "BROKER",
                storeDirectory: NSTemporaryDirectory() + "fix-unreachable-\(UUID().uuidString)",
                logonTimeout: .seconds(2)))
        do {
            try await adapter.connect()
            Issue.record("connected to port 1")
        } catch {
            guard case .adapterFailure(let reason) = error else {
                Issue.record("expected an adapter failure, got \(error)")
                return
            }
            #expect(reason.contains("cannot connect to 127.0.0.1:1"), "\(reason)")
        }
        #expect(!adapter.isConnected)
        await #expect(throws: BrokerError.disconnected) { try await adapter.submit(FIXScenarioOrders.order("x")) }
    }
}

enum FIXScenarioOrders {
    static func order(_ id: String) -> ChildOrder {
        ChildOrder(
            clientOrderID: id, parentID: "p", strategy: "s", symbol: "AAPL", side: .buy, quantity: 1, venue: "fix",
            releaseAt: 0, sliceIndex: 0)
    }
}
