import Foundation
import RunnerCore

/// The environment's routing rules in the form the router computes with.
public struct RoutingRules: Sendable {
    public enum Algorithm: String, Sendable {
        case direct, twap, vwap
    }

    public struct VenueRule: Sendable {
        public var venue: String
        public var symbols: Set<Symbol>?
        public var assetClass: String?
        public var minimumNotional: Double?

        public init(venue: String, symbols: Set<Symbol>? = nil, assetClass: String? = nil, minimumNotional: Double? = nil) {
            self.venue = venue
            self.symbols = symbols
            self.assetClass = assetClass
            self.minimumNotional = minimumNotional
        }
    }

    /// Orders above this share of the volume traded in `window` are sliced.
    public var sliceShare: Double
    /// Milliseconds.
    public var window: Int64
    public var algorithm: Algorithm
    /// Milliseconds over which a sliced order is worked.
    public var horizon: Int64
    /// Milliseconds between child orders.
    public var childInterval: Int64
    /// Cap on each VWAP child as a share of its interval's expected volume.
    public var participation: Double
    public var defaultVenue: String
    public var venues: [VenueRule]

    public init(
        sliceShare: Double, window: Int64, algorithm: Algorithm, horizon: Int64, childInterval: Int64,
        participation: Double, defaultVenue: String, venues: [VenueRule] = []
    ) {
        self.sliceShare = sliceShare
        self.window = window
        self.algorithm = algorithm
        self.horizon = horizon
        self.childInterval = childInterval
        self.participation = participation
        self.defaultVenue = defaultVenue
        self.venues = venues
    }

    /// The first venue rule that matches the order, else the default venue.
    public func venue(for symbol: Symbol, assetClass: String, notional: Double) -> String {
        for rule in venues {
            if let symbols = rule.symbols, !symbols.contains(symbol) { continue }
            if let wanted = rule.assetClass, wanted != assetClass { continue }
            if let minimum = rule.minimumNotional, notional < minimum { continue }
            return rule.venue
        }
        return defaultVenue
    }
}
