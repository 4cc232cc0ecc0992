import RunnerCore
import RunnerRisk

/// What the router needs to know about a symbol's market when it plans an order.
public struct MarketContext: Sendable {
    /// Average volume traded per minute over recent bars.
    public var volumePerMinute: Double
    /// The price the notional for venue rules is measured at.
    public var price: Double
    /// Expected volume of each child interval over the horizon, for VWAP; nil while there is no volume
    /// history yet: a VWAP order then runs as TWAP, and its parent order says `twap`.
    public var volumeProfile: [Double]?
    /// When the session closes (milliseconds since the epoch); nil outside the session. A sliced order
    /// never works past it.
    public var sessionClose: Int64?

    public init(volumePerMinute: Double, price: Double, volumeProfile: [Double]? = nil, sessionClose: Int64? = nil) {
        self.volumePerMinute = volumePerMinute
        self.price = price
        self.volumeProfile = volumeProfile
        self.sessionClose = sessionClose
    }
}

/// A parent order: the change an approved target needs, and its children.
public struct ParentOrder: Sendable, Hashable {
    public var id: String
    public var strategy: String
    public var symbol: Symbol
    /// Signed: target minus position minus working orders.
    public var quantity: Int64
    public var algorithm: RoutingRules.Algorithm
    public var children: [ChildOrder]
}

/// Turns approved targets into broker orders. Never sizes anything: the order is exactly the approved
/// target minus the position minus the orders already working. Orders larger than the rules' share of
/// recent volume are sliced (TWAP or VWAP); smaller ones go direct. Children wait in a schedule and
/// are released by ``release(now:)`` on the injected clock; a new target for a symbol drops the
/// unreleased children of the previous one, so nothing executes twice.
public final class OrderRouter {
    public let environment: String
    public let rules: RoutingRules
    private let time: any TimeSource
    private let assetClass: @Sendable (Symbol) -> String
    /// Unreleased children by symbol, in release order.
    private var scheduled: [Symbol: [ChildOrder]] = [:]

    public init(
        environment: String, rules: RoutingRules, time: any TimeSource,
        assetClass: @escaping @Sendable (Symbol) -> String = { _ in "equity" }
    ) {
        self.environment = environment
        self.rules = rules
        self.time = time
        self.assetClass = assetClass
    }

    /// Plans the order for `approved`. `position` and `working` are signed shares held and in orders
    /// already at the broker. Returns nil when nothing needs to change; either way the symbol's
    /// unreleased children from an earlier target are dropped (returned by ``dropped``). `directly` sends
    /// the whole order at once whatever its size (a flatten command does not wait for a schedule).
    @discardableResult
    public func route(_ approved: ApprovedTarget, position: Int64, working: Int64, market: MarketContext,
                      directly: Bool = false) -> ParentOrder? {
        let target = approved.target
        lastDropped = scheduled.removeValue(forKey: target.symbol) ?? []
        let delta = target.signedSize - position - working
        guard delta != 0 else { return nil }
        let now = time.nowMilliseconds
        let windowVolume = market.volumePerMinute * Double(rules.window) / 60_000
        let sliced = !directly && Double(abs(delta)) > rules.sliceShare * windowVolume && rules.algorithm != .direct
        let quantity = abs(delta)
        // The session close cuts the horizon: what would fall after it goes out with the last slice before it.
        let untilClose = market.sessionClose.map { $0 - now }.flatMap { $0 > 0 ? $0 : nil }
        let horizon = min(rules.horizon, untilClose ?? rules.horizon)
        var slices: [SlicePlanner.Slice]
        let algorithm: RoutingRules.Algorithm
        if !sliced || horizon < rules.childInterval {
            (slices, algorithm) = ([SlicePlanner.Slice(offset: 0, quantity: quantity)], .direct)
        } else if rules.algorithm == .vwap, let profile = market.volumeProfile {
            let intervals = Int(horizon / rules.childInterval)
            (slices, algorithm) = (SlicePlanner.vwap(quantity: quantity, profile: Array(profile.prefix(intervals)),
                                                     interval: rules.childInterval, participation: rules.participation),
                                   .vwap)
        } else {
            (slices, algorithm) = (SlicePlanner.twap(quantity: quantity, horizon: horizon, interval: rules.childInterval),
                                   .twap)
        }
        if let untilClose { slices = SlicePlanner.endingBefore(untilClose, slices) }
        let parentID = ClientOrderID.parent(environment: environment, strategy: target.strategy,
                                            symbol: target.symbol.rawValue, decisionTime: target.decisionTime)
        let children = slices.enumerated().map { index, slice in
            ChildOrder(
                clientOrderID: ClientOrderID.make(environment: environment, strategy: target.strategy,
                                                  symbol: target.symbol.rawValue, decisionTime: target.decisionTime,
                                                  slice: index),
                parentID: parentID, strategy: target.strategy, symbol: target.symbol, side: delta > 0 ? .buy : .sell,
                quantity: slice.quantity,
                venue: rules.venue(for: target.symbol, assetClass: assetClass(target.symbol),
                                   notional: Double(slice.quantity) * market.price),
                releaseAt: now + slice.offset, sliceIndex: index)
        }
        scheduled[target.symbol] = children
        return ParentOrder(id: parentID, strategy: target.strategy, symbol: target.symbol, quantity: delta,
                           algorithm: algorithm, children: children)
    }

    /// The unreleased children the last ``route(_:position:working:market:)`` call dropped.
    public private(set) var lastDropped: [ChildOrder] = []

    /// Children whose release time has come, in time order; they leave the schedule.
    public func release(now: Int64) -> [ChildOrder] {
        var due: [ChildOrder] = []
        for (symbol, children) in scheduled {
            let ready = children.prefix { $0.releaseAt <= now }
            guard !ready.isEmpty else { continue }
            due += ready
            let rest = Array(children.dropFirst(ready.count))
            scheduled[symbol] = rest.isEmpty ? nil : rest
        }
        return due.sorted { ($0.releaseAt, $0.symbol, $0.sliceIndex) < ($1.releaseAt, $1.symbol, $1.sliceIndex) }
    }

    /// Puts unreleased children back on the schedule after a restart. The caller passes one parent's
    /// children per symbol (its newest), as ``route(_:position:working:market:)`` would have left them.
    public func restore(_ children: [ChildOrder]) {
        for (symbol, restored) in Dictionary(grouping: children, by: \.symbol) {
            scheduled[symbol] = restored.sorted { ($0.releaseAt, $0.sliceIndex) < ($1.releaseAt, $1.sliceIndex) }
        }
    }

    /// When the next waiting child is due; nil when none waits.
    public var nextReleaseTime: Int64? {
        var next: Int64?
        for children in scheduled.values {
            if let due = children.first?.releaseAt, due < next ?? .max { next = due }
        }
        return next
    }

    /// Children still waiting, for a symbol.
    public func pending(_ symbol: Symbol) -> [ChildOrder] { scheduled[symbol] ?? [] }

    /// How many slices wait for their release time.
    public var pendingCount: Int { scheduled.values.reduce(0) { $0 + $1.count } }

    /// Calls `body` with every symbol that has children waiting and their signed shares (buys positive),
    /// in no particular order: the exposure a decision tick must count, without a lookup per symbol.
    public func forEachPending(_ body: (Symbol, _ signedQuantity: Int64) -> Void) {
        for (symbol, children) in scheduled {
            body(symbol, children.reduce(Int64(0)) { $0 + $1.signedQuantity })
        }
    }

    /// Drops every unreleased child (the kill switch, a shutdown).
    public func dropAll() -> [ChildOrder] {
        defer { scheduled.removeAll() }
        return scheduled.values.flatMap { $0 }
    }
}
