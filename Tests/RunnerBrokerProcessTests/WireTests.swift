import Foundation
import RunnerBroker
import RunnerCore
import Testing

@testable import RunnerBrokerProcess

/// The protocol's values read and checked without a process: each shape error names its field.
@Suite struct WireTests {
    private func parse(_ line: String) throws(WireError) -> AdapterMessage { try AdapterMessage.parse(Data(line.utf8)) }

    private func failure(_ line: String) -> String? {
        do throws(WireError) {
            _ = try parse(line)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test func repliesAndEventsAreRead() throws {
        #expect(try parse(#"{"id":3,"ok":true,"result":null}"#) == .reply(id: 3, .result(.null)))
        #expect(
            try parse(#"{"id":4,"ok":false,"error":{"code":"unknown_order","message":"no"}}"#)
                == .reply(id: 4, .error(code: "unknown_order", message: "no")))
        #expect(try parse(#"{"event":"connection","state":"restored"}"#) == .connection(.restored))
        let fill =
            #"{"event":"execution","report":{"type":"filled","execution_id":"x1","client_order_id":"c1","symbol":"BRK.B","side":"sell","quantity":5,"price":"56.31","fee":"-0.0035","timestamp":17}}"#
        #expect(
            try parse(fill)
                == .execution(
                    .filled(
                        Fill(
                            executionID: "x1", clientOrderID: "c1", symbol: "BRK.B", side: .sell, quantity: 5,
                            price: Decimal(string: "56.31")!, fee: Decimal(string: "-0.0035")!, timestamp: 17))))
    }

    @Test(arguments: [
        ("hello", "the adapter printed a line that is not JSON: hello"),
        ("[1,2]", "the adapter printed JSON that is not an object: [1,2]"),
        (#"{"x":1}"#, #"the adapter printed an object with neither "id" (a reply) nor "event": {"x":1}"#),
        (#"{"id":1.5,"ok":true,"result":1}"#, "the line.id is 1.5, not an integer"),
        (#"{"id":1,"result":1}"#, "the reply to request 1.ok must be true or false"),
        (#"{"id":1,"ok":false,"error":{"code":"x"}}"#, "the reply to request 1.error.message is missing"),
        (
            #"{"event":"execution","report":{"type":"filled","execution_id":"x","client_order_id":"c","symbol":"AAPL","side":"buy","quantity":1,"price":190.25,"fee":"0","timestamp":1}}"#,
            "the execution event.report.price is a number, not a string"
        ),
        (
            #"{"event":"execution","report":{"type":"filled","execution_id":"x","client_order_id":"c","symbol":"AAPL","side":"buy","quantity":0,"price":"1","fee":"0","timestamp":1}}"#,
            "the execution event.report.quantity is 0; it must be greater than 0"
        ),
        (
            #"{"event":"execution","report":{"type":"partial"}}"#,
            #"the execution event.report.type is "partial"; it must be accepted, filled, cancelled or rejected"#
        ),
        (#"{"event":"connection","state":"lost"}"#, "the connection event.reason is missing"),
    ])
    func malformedLinesAreViolationsNamingTheField(line: String, reason: String) {
        #expect(failure(line) == reason)
    }

    @Test func ordersKeepTheirEchoedFieldsAndDefaultTheOptionalOnes() throws {
        let full = ChildOrder(
            clientOrderID: "c", parentID: "p", strategy: "s", symbol: "AAPL", side: .buy, quantity: 10,
            venue: "V", releaseAt: 5, sliceIndex: 2)
        guard case .object(var fields) = BrokerWire.encode(full) else { throw WireError("not an object") }
        fields["filled_quantity"] = .integer(4)
        fields["status"] = .string("partially_filled")
        fields["accepted_at"] = .integer(9)
        #expect(
            try BrokerWire.order(WireObject(fields, path: "result"))
                == BrokerOrder(order: full, filledQuantity: 4, status: .partiallyFilled, acceptedAt: 9))
        for key in ["parent_id", "strategy", "venue", "release_at", "slice_index"] { fields[key] = nil }
        let bare = try BrokerWire.order(WireObject(fields, path: "result"))
        #expect(
            bare.order
                == ChildOrder(
                    clientOrderID: "c", parentID: "", strategy: "", symbol: "AAPL", side: .buy,
                    quantity: 10, venue: "", releaseAt: 9, sliceIndex: 0))
        fields["filled_quantity"] = .integer(11)
        #expect(throws: WireError("result.filled_quantity is 11; it must be between 0 and the quantity 10")) {
            try BrokerWire.order(WireObject(fields, path: "result"))
        }
        fields["filled_quantity"] = .integer(0)
        fields["status"] = .string("scheduled")
        #expect(
            throws: WireError(
                "result.status is \"scheduled\"; it must be one of new, accepted, partially_filled, filled, cancelled, rejected"
            )
        ) {
            try BrokerWire.order(WireObject(fields, path: "result"))
        }
    }

    @Test func accountCashIsAnExactDecimal() throws {
        let account = try BrokerWire.account(
            .object([
                "cash": .string("100000.10"), "currency": .string("USD"),
                "positions": .object(["AAPL": .integer(3), "MSFT": .integer(0)]),
            ]), path: "result")
        #expect(account == AccountSnapshot(cash: Money(Decimal(string: "100000.10")!, "USD"), positions: ["AAPL": 3]))
        #expect(throws: WireError("result.positions has the key \"aapl\", not a symbol")) {
            try BrokerWire.positions(.object(["aapl": .integer(1)]), path: "result.positions")
        }
    }

    @Test(arguments: ["2026-11-30T14:31:00", "2026-11-30", "2026-11-30 14:31:00Z", "1732000000000"])
    func barTimestampTextWithoutAnOffsetOrNotISOIsRefused(text: String) {
        #expect(FeedBar.isoDate(text) == nil)
    }

    @Test func isoTimestampsWithAnOffsetAreRead() {
        #expect(FeedBar.isoDate("2026-11-30T14:31:00Z")?.timeIntervalSince1970 == 1_796_049_060)
        #expect(FeedBar.isoDate("2026-11-30T09:31:00-05:00")?.timeIntervalSince1970 == 1_796_049_060)
    }

    @Test func barsAcceptMillisecondsOrISOTimeAndNumbersOrDecimalText() throws {
        let line =
            #"{"symbol":"AAPL","timestamp":"2026-11-30T09:31:00.250-05:00","open":"1.5","high":2,"low":1,"close":1.75,"volume":0}"#
        let bar = try FeedBar.parse(Data(line.utf8), subscribed: ["AAPL"])
        #expect(
            bar == Bar(symbol: "AAPL", timestamp: 1_796_049_060_250, open: 1.5, high: 2, low: 1, close: 1.75, volume: 0)
        )
        #expect(
            throws: WireError("bar prices are inconsistent: low 1.0 and high 2.0 must bracket open 2.5 and close 1.75")
        ) {
            try FeedBar.parse(Data(line.replacingOccurrences(of: #""1.5""#, with: "2.5").utf8), subscribed: ["AAPL"])
        }
        #expect(
            throws: WireError(
                "bar.timestamp is \"yesterday\", not ISO 8601 with an offset such as 2026-11-30T14:31:00Z")
        ) {
            try FeedBar.parse(
                Data(line.replacingOccurrences(of: "2026-11-30T09:31:00.250-05:00", with: "yesterday").utf8),
                subscribed: ["AAPL"])
        }
    }
}
