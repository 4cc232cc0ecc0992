import Foundation
import RunnerBroker
import RunnerCore

/// What a reconciliation found: one row per symbol, the executions and orders only one side has, the
/// mismatch figure and the verdict. See ``Reconciler`` for how each is defined.
public struct ReconciliationReport: Sendable, Hashable {
    /// One symbol's positions on both sides.
    public struct PositionRow: Sendable, Hashable {
        public var symbol: Symbol
        public var expected: Int64
        public var broker: Int64
        /// The last price, nil when there is none and none was needed (the row agrees).
        public var price: Decimal?

        /// `broker - expected`: what the broker holds that the runner does not expect.
        public var difference: Int64 { broker - expected }
        /// `|difference| x price`, in the account currency (0 when the row agrees).
        public var notionalDifference: Decimal {
            guard difference != 0, let price else { return 0 }
            return Decimal(difference.magnitude) * price
        }
    }

    /// An execution both sides have, with different figures (quantity, side, symbol or price).
    public struct FillDisagreement: Sendable, Hashable {
        public var expected: Fill
        public var broker: Fill

        public init(expected: Fill, broker: Fill) {
            self.expected = expected
            self.broker = broker
        }
    }

    public enum Verdict: String, Sendable, Hashable, CaseIterable {
        /// The mismatch is at most `alert_above`.
        case clean
        /// Above `alert_above`, at most `flatten_above`: a person must look.
        case alert
        /// Above `flatten_above`: the kill switch fires and someone is paged.
        case flatten
    }

    /// Symbols held (or expected) on either side, in symbol order; symbols flat on both sides are left out.
    public var rows: [PositionRow]
    /// Executions the broker reports and the runner never booked: a dropped fill report, or a trade made
    /// outside the runner.
    public var fillsOnlyAtBroker: [Fill]
    /// Executions the runner booked that the broker does not report.
    public var fillsOnlyExpected: [Fill]
    /// Execution ids the runner booked more than once (a duplicated report counted twice), each once.
    public var fillsCountedTwice: [String]
    public var fillsThatDisagree: [FillDisagreement]
    /// Orders open at the broker that the runner does not know: placed outside it, or lost by it.
    public var ordersOnlyAtBroker: [ReconciliationOrder]
    /// Orders the runner believes may be working that the broker does not have open (listed, not valued:
    /// they cannot trade, and one whose answer was lost is legitimately here until it is looked up).
    public var ordersOnlyExpected: [ReconciliationOrder]
    /// `Σ rows |broker - expected| x price`.
    public var positionNotional: Decimal
    /// `Σ ordersOnlyAtBroker remaining x price`.
    public var unknownOrderNotional: Decimal
    public var equity: Decimal
    /// `(positionNotional + unknownOrderNotional) / equity`, a fraction (0.001 is 0.1%).
    public var mismatch: Decimal
    public var thresholds: ReconciliationThresholds
    public var verdict: Verdict

    /// Whether the two books agree on every count, fills included (a clean verdict only says the
    /// mismatch is small).
    public var booksAgree: Bool {
        mismatch == 0 && fillsOnlyAtBroker.isEmpty && fillsOnlyExpected.isEmpty && fillsCountedTwice.isEmpty
            && fillsThatDisagree.isEmpty && ordersOnlyAtBroker.isEmpty && ordersOnlyExpected.isEmpty
    }
}

extension ReconciliationReport.Verdict {
    /// The verdict for `mismatch`: strictly above a threshold crosses it.
    public init(mismatch: Decimal, thresholds: ReconciliationThresholds) {
        if mismatch > thresholds.flattenAbove {
            self = .flatten
        } else if mismatch > thresholds.alertAbove {
            self = .alert
        } else {
            self = .clean
        }
    }
}
