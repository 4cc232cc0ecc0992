import Foundation
import RunnerBroker
import RunnerCore
import Testing

@testable import RunnerBrokerAlpaca

@Suite struct TradeStreamMessageTests {
    private let order =
        #"{"id":"904837e3","client_order_id":"run-1","symbol":"AAPL","side":"buy","qty":"10","filled_qty":"4","#
        + #""status":"partially_filled","submitted_at":"2021-02-22T15:51:00.123Z"}"#

    private func parse(_ text: String, previouslyFilled: Int64? = nil) throws -> TradeStreamMessage {
        try TradeStreamMessage.parse(Array(text.utf8), previouslyFilled: { _ in previouslyFilled })
    }

    @Test func aPartialFillIsAnExecutionWithItsExactPrice() throws {
        let message = try parse(
            #"{"stream":"trade_updates","data":{"event":"partial_fill","execution_id":"x-1","price":"56.31","#
                + #""qty":"4","position_qty":"4","timestamp":"2021-02-22T15:51:01.5Z","order":\#(order)}}"#)
        guard case .update(.filled(let fill), let record) = message else {
            Issue.record("not a fill: \(message)")
            return
        }
        #expect(record.id == "904837e3")
        #expect(
            fill
                == Fill(
                    executionID: "x-1", clientOrderID: "run-1", symbol: "AAPL", side: .buy, quantity: 4,
                    price: Decimal(string: "56.31")!, fee: 0, timestamp: 1_614_009_061_500))
        #expect("\(fill.price)" == "56.31")
    }

    @Test func aFillWithoutQtyTakesTheOrdersNewlyFilledShares() throws {
        let message = try parse(
            #"{"stream":"trade_updates","data":{"event":"fill","execution_id":"x-2","price":"56.3","#
                + #""timestamp":"2021-02-22T15:51:01Z","order":\#(order)}}"#, previouslyFilled: 1)
        guard case .update(.filled(let fill), _) = message else {
            Issue.record("not a fill: \(message)")
            return
        }
        #expect(fill.quantity == 3)
    }

    @Test(arguments: [
        ("new", ExecutionReport.accepted(clientOrderID: "run-1")),
        ("canceled", .cancelled(clientOrderID: "run-1")),
        ("expired", .cancelled(clientOrderID: "run-1")),
        ("rejected", .rejected(clientOrderID: "run-1", reason: "Alpaca rejected the order (partially_filled)")),
    ])
    func orderEventsAreReports(event: String, report: ExecutionReport) throws {
        let message = try parse(
            #"{"stream":"trade_updates","data":{"event":"\#(event)","timestamp":"2021-02-22T15:51:01Z","order":\#(order)}}"#
        )
        guard case .update(let parsed, _) = message else {
            Issue.record("not an update: \(message)")
            return
        }
        #expect(parsed == report)
    }

    @Test func housekeepingEventsAreIgnoredAndHandshakeMessagesRead() throws {
        let pending = try parse(#"{"stream":"trade_updates","data":{"event":"pending_new","order":\#(order)}}"#)
        #expect(pending == .ignored("pending_new"))
        let authorized = try parse(
            #"{"stream":"authorization","data":{"action":"authenticate","status":"authorized"}}"#)
        #expect(authorized == .authorized)
        let refused = try parse(#"{"stream":"authorization","data":{"action":"authenticate","status":"unauthorized"}}"#)
        #expect(refused == .unauthorized(status: "unauthorized"))
        let listening = try parse(#"{"stream":"listening","data":{"streams":["trade_updates"]}}"#)
        #expect(listening == .listening(streams: ["trade_updates"]))
    }

    @Test func aFillWithoutExecutionIDOrWithFractionalSharesIsRefused() {
        #expect(throws: AlpacaError.self) {
            try parse(
                #"{"stream":"trade_updates","data":{"event":"fill","price":"1","qty":"1","timestamp":"2021-02-22T15:51:01Z","order":\#(order)}}"#
            )
        }
        #expect(
            throws: AlpacaError.malformedReply(
                operation: "trade stream", reason: "qty 0.5 is not a whole number of shares")
        ) {
            try parse(
                #"{"stream":"trade_updates","data":{"event":"fill","execution_id":"x","price":"1","qty":"0.5","timestamp":"2021-02-22T15:51:01Z","order":\#(order)}}"#
            )
        }
    }
}

@Suite struct MarketDataMessageTests {
    @Test func barsAreReadWithTheirStartTime() throws {
        let messages = try MarketDataMessage.parse(
            Array(
                (#"[{"T":"success","msg":"authenticated"},{"T":"b","S":"AAPL","o":133.72,"h":133.82,"l":133.7,"#
                    + #""c":133.76,"v":3452,"t":"2021-02-22T15:51:00Z","n":36,"vw":133.77},{"T":"q","S":"AAPL"}]"#).utf8
            ))
        #expect(
            messages == [
                .success("authenticated"),
                .bar(
                    Bar(
                        symbol: "AAPL", timestamp: 1_614_009_060_000, open: 133.72, high: 133.82, low: 133.7,
                        close: 133.76, volume: 3452)),
                .ignored("q"),
            ])
    }

    @Test func errorsAndSubscriptionsAreRead() throws {
        let error = try MarketDataMessage.parse(
            Array(#"[{"T":"error","code":406,"msg":"connection limit exceeded"}]"#.utf8))
        #expect(error == [.error(code: 406, message: "connection limit exceeded")])
        let subscription = try MarketDataMessage.parse(
            Array(#"[{"T":"subscription","trades":[],"bars":["AAPL","MSFT"]}]"#.utf8))
        #expect(subscription == [.subscription(bars: ["AAPL", "MSFT"])])
    }

    @Test func aBarWithoutATimeOrPricesIsRefused() {
        #expect(throws: AlpacaError.self) {
            try MarketDataMessage.parse(Array(#"[{"T":"b","S":"AAPL","o":1,"h":1,"l":1,"c":1,"v":1}]"#.utf8))
        }
        #expect(throws: AlpacaError.self) { try MarketDataMessage.parse(Array(#"[{"T":"b","S":"AAPL","o":1}]"#.utf8)) }
        #expect(throws: AlpacaError.self) { try MarketDataMessage.parse(Array(#"{"T":"b"}"#.utf8)) }
    }
}
