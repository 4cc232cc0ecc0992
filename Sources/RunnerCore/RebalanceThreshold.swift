import Foundation

/// When a strategy's new target is too close to what it already holds to be worth an order: within a band
/// around the new target, or a change smaller than a minimum order.
///
/// Sizing by notional moves a target with every price (`25000 USD` is 150 shares at 166.50 and 151 at
/// 165.40), so without a threshold each drift of a share becomes an order whose fees and spread cost more
/// than the tracking it buys. A target to flat, or to the other side, is never held: an exit must not be
/// blocked, nor dust left behind.
public struct RebalanceThreshold: Sendable, Hashable, CustomStringConvertible {
    /// Hold while the target stays on the same side and `|new - current| <= band x |new|`; nil for no band.
    public var band: Ratio?
    /// The smallest change worth an order; nil for no minimum.
    public var minimumOrder: MinimumOrder?

    public init(band: Ratio? = nil, minimumOrder: MinimumOrder? = nil) {
        self.band = band
        self.minimumOrder = minimumOrder
    }

    /// Neither a band nor a minimum: every change of target is decided.
    public var holdsNothing: Bool { band == nil && minimumOrder == nil }

    /// `band 10%, min order 20 shares`, or `none`.
    public var description: String {
        let parts = [band.map { "band \($0)" }, minimumOrder.map { "min order \($0)" }].compactMap { $0 }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }

    /// The smallest change of position worth an order.
    public enum MinimumOrder: Sendable, Hashable, CustomStringConvertible {
        /// At least this many shares.
        case shares(Int64)
        /// At least this much cash at the target's reference price, in the account's currency.
        case notional(Money)

        /// `20 shares` or `5000 USD`, as the config file writes it.
        public var description: String {
            switch self {
            case .shares(let count): "\(count) shares"
            case .notional(let money): money.description
            }
        }
    }

    /// Why a target was held rather than decided.
    public enum HoldReason: String, Sendable, Hashable, CaseIterable {
        /// On the same side, and no further from the current size than the band allows.
        case withinBand = "within_band"
        /// A change smaller than the minimum order (an entry from flat included).
        case belowMinimum = "below_minimum"
    }

    /// Why `target` should be held given the strategy's `current` signed size for the symbol (its approved
    /// target, 0 when none); nil when it goes on to the gate.
    public func holdReason(for target: TargetPosition, current: Int64) -> HoldReason? {
        let wanted = target.signedSize
        // An exit, or a reversal, always goes on.
        guard wanted != 0, current == 0 || (wanted > 0) == (current > 0) else { return nil }
        // Same side or from flat: the difference of two sizes of one sign cannot overflow.
        let change = (wanted - current).magnitude
        if current != 0, let band, Double(change) <= band.value * Double(wanted.magnitude) { return .withinBand }
        switch minimumOrder {
        case .shares(let minimum) where change < minimum.magnitude:
            return .belowMinimum
        case .notional(let minimum)
        where Double(change) * target.referencePrice < NSDecimalNumber(decimal: minimum.amount).doubleValue:
            return .belowMinimum
        default:
            return nil
        }
    }
}
