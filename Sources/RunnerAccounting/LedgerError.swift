import Foundation
import RunnerBroker
import RunnerCore

/// Why the ledger refused to book a fill. The ledger is left unchanged, and the execution id is not
/// remembered, so a corrected report with the same id can still be booked.
public enum LedgerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The fill has an empty execution id, so a second delivery could not be recognised.
    case missingExecutionID(clientOrderID: String)
    /// The quantity is zero or negative; fills carry a positive quantity and a side.
    case nonPositiveQuantity(executionID: String, quantity: Int64)
    /// The price is not a number (`Decimal.nan`, as a journal row without a price reads back).
    case unusablePrice(executionID: String, price: Decimal)
    /// The fee is not a number (`Decimal.nan`).
    case unusableFee(executionID: String, fee: Decimal)
    /// Booking the fill would take the position beyond what `Int64` can count.
    case quantityOverflow(executionID: String, symbol: Symbol)

    public var description: String {
        switch self {
        case .missingExecutionID(let order):
            "a fill for order \(order) has no execution id, so a duplicate report could not be recognised"
        case .nonPositiveQuantity(let id, let quantity):
            "fill \(id) has quantity \(quantity), but a fill's quantity must be positive"
        case .unusablePrice(let id, let price):
            "fill \(id) has price \(price), which cannot be booked as a decimal amount"
        case .unusableFee(let id, let fee):
            "fill \(id) has fee \(fee), which cannot be booked as a decimal amount"
        case .quantityOverflow(let id, let symbol):
            "fill \(id) would take the \(symbol) position beyond the largest quantity the ledger can count"
        }
    }
}
