import Foundation
import RunnerBroker
import RunnerCore
import RunnerReconciliation

/// Small builders for the tests' books.
enum Fixtures {
    static let thresholds = try! ReconciliationThresholds(
        alertAbove: Decimal(string: "0.0005")!,
        flattenAbove: Decimal(string: "0.005")!)

    static func fill(
        _ id: String, _ symbol: Symbol, _ side: OrderSide, _ quantity: Int64, _ price: String,
        order: String? = nil, at time: Int64 = 0
    ) -> Fill {
        Fill(
            executionID: id, clientOrderID: order ?? "order-\(id)", symbol: symbol, side: side, quantity: quantity,
            price: Decimal(string: price)!, fee: 0, timestamp: time)
    }

    static func order(_ id: String, _ symbol: Symbol, _ side: OrderSide = .buy, remaining: Int64) -> ReconciliationOrder
    {
        ReconciliationOrder(clientOrderID: id, symbol: symbol, side: side, remainingQuantity: remaining)
    }

    static func decimal(_ text: String) -> Decimal { Decimal(string: text)! }
}
