import Foundation
import RunnerBroker
import RunnerCore

/// Why a reconciliation could not be made. A failed reconciliation is never read as a clean one: the
/// run alerts, and a live environment does not trade until one succeeds.
public enum ReconciliationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A symbol whose shares count in the mismatch has no last price. Never read as zero: that would
    /// hide exactly the position nobody is watching.
    case missingPrice(Symbol)
    /// Equity is zero, negative or not a number: the mismatch is a share of it.
    case nonPositiveEquity(Decimal)
    case invalidThresholds(alertAbove: Decimal, flattenAbove: Decimal)
    /// The broker could not be asked.
    case broker(BrokerError)
    /// The expected book, the prices or the equity could not be read (the journal, the ledger).
    case expectedBookUnavailable(String)

    public var description: String {
        switch self {
        case .missingPrice(let symbol):
            "no last price for \(symbol): its shares cannot be valued (a missing price is never read as zero)"
        case .nonPositiveEquity(let equity):
            "equity is \(equity.plainText()), not positive: the mismatch is a share of equity"
        case .invalidThresholds(let alert, let flatten):
            "the alert threshold (\(alert.plainText())) must be at least 0 and below the flatten threshold "
                + "(\(flatten.plainText()))"
        case .broker(let error): "the broker could not be asked: \(error)"
        case .expectedBookUnavailable(let reason): "the runner's own book could not be read: \(reason)"
        }
    }
}
