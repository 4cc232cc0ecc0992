import RunnerCore
import RunnerIndicators
import RunnerRisk
import RunnerRouting

/// What the run loop keeps about each symbol's market: last price, recent volume per minute (for the
/// router's slice threshold), recent returns (for the risk gate's correlations) and the volume expected
/// at each minute of the session (for VWAP).
public final class MarketState {
    private struct SymbolMarket {
        var lastPrice: Double
        let volumes: RingBuffer
        var volumeSum = 0.0
        let returns: RingBuffer
        var profile: IntradayVolumeProfile
    }

    /// Each symbol's place in `markets`: one hash per bar, then the entry is changed in place.
    private var positions: [Symbol: Int] = [:]
    private var markets: [SymbolMarket] = []
    /// The last close per symbol, kept as bars arrive: every decision tick reads all of them.
    public private(set) var lastPrices: [Symbol: Double] = [:]
    private let volumeWindow: Int
    private let returnWindow: Int
    private var cachedCorrelations = CorrelationMatrix()
    private var correlationPeriod: Int64?
    private var returnsAtBoundary: [Symbol: [Double]]?
    /// How often the correlation matrix is re-estimated (milliseconds of market time).
    let correlationRefresh: Int64

    /// The exchange's session: VWAP profiles are kept by minute of it, and no slice works past its close.
    public let session: TradingSession
    /// Past sessions a VWAP profile averages.
    public let profileSessions: Int
    /// The session of the latest bar inside one: its day and hours, so most bars need no time-zone lookup.
    private var openSession: (day: Int64, open: Int64, close: Int64)?

    public init(volumeWindow: Int = 30, returnWindow: Int, correlationRefresh: Int64 = 3_600_000,
                session: TradingSession, profileSessions: Int) {
        self.volumeWindow = volumeWindow
        self.returnWindow = max(2, returnWindow)
        self.correlationRefresh = correlationRefresh
        self.session = session
        self.profileSessions = profileSessions
    }

    /// The session day and minute a bar starting at `timestamp` falls in; nil outside the session's hours.
    private func sessionMinute(_ timestamp: Int64) -> (day: Int64, minute: Int)? {
        if let open = openSession, timestamp >= open.open, timestamp < open.close {
            return (open.day, Int((timestamp - open.open) / 60_000))
        }
        let day = session.tradingDay(of: timestamp)
        let open = session.openTime(ofDay: day)
        let close = session.closeTime(ofDay: day)
        guard timestamp >= open, timestamp < close else { return nil }
        openSession = (day, open, close)
        return (day, Int((timestamp - open) / 60_000))
    }

    /// Takes a bar; returns the symbol's previous last price (nil on its first bar).
    @discardableResult
    public func update(_ bar: Bar) -> Double? {
        refreshIfDue(at: bar.timestamp)
        let position: Int
        if let known = positions[bar.symbol] {
            position = known
            markets.withUnsafeMutableBufferPointer { markets in
                // Through the buffer, field by field: no copy of the entry (its profile's arrays) per bar.
                let lastPrice = markets[position].lastPrice
                if lastPrice > 0 { markets[position].returns.append(bar.close / lastPrice - 1) }
                if let evicted = markets[position].volumes.append(bar.volume) { markets[position].volumeSum -= evicted }
                markets[position].volumeSum += bar.volume
                markets[position].lastPrice = bar.close
            }
        } else {
            position = markets.count
            let market = SymbolMarket(lastPrice: bar.close, volumes: RingBuffer(capacity: volumeWindow),
                                      volumeSum: bar.volume, returns: RingBuffer(capacity: returnWindow),
                                      profile: IntradayVolumeProfile(sessions: profileSessions))
            market.volumes.append(bar.volume)
            positions[bar.symbol] = position
            markets.append(market)
        }
        if let (day, minute) = sessionMinute(bar.timestamp) {
            markets[position].profile.add(volume: bar.volume, day: day, minute: minute)
        }
        return lastPrices.updateValue(bar.close, forKey: bar.symbol)
    }

    public func lastPrice(_ symbol: Symbol) -> Double? { lastPrices[symbol] }

    /// What the router needs at `now` to plan an order of `symbol` worked over `horizon` in children every
    /// `interval` (milliseconds): the average volume of the recent bars (one-minute bars: volume per
    /// minute), the last price, the session's close when `now` is inside the session, and the volume
    /// expected in each child interval from the profile (nil until one session is complete).
    public func context(_ symbol: Symbol, at now: Int64, horizon: Int64, interval: Int64) -> MarketContext {
        guard let position = positions[symbol] else { return MarketContext(volumePerMinute: 0, price: 0) }
        let count = Double(markets[position].volumes.count)
        var context = MarketContext(volumePerMinute: count > 0 ? markets[position].volumeSum / count : 0,
                                    price: markets[position].lastPrice)
        let day = session.tradingDay(of: now)
        let open = session.openTime(ofDay: day)
        let close = session.closeTime(ofDay: day)
        guard now >= open, now < close else { return context }
        context.sessionClose = close
        let profile = markets[position].profile
        guard profile.isReady, interval > 0 else { return context }
        // Only up to the close (the router cuts there), and at most a day of one-second children: a tiny
        // `child_interval` must not allocate a huge profile.
        let children = min(max(1, min(horizon, close - now) / interval), Self.mostProfileIntervals)
        context.volumeProfile = (0..<children).map { child in
            Self.expectedVolume(profile, from: now - open + child * interval, length: interval)
        }
        return context
    }

    /// The most child intervals a profile is given (a day of one-second children).
    static let mostProfileIntervals: Int64 = 86_400

    /// The profile's volume over `length` milliseconds from `offset` after the open, minute by minute.
    private static func expectedVolume(_ profile: IntradayVolumeProfile, from offset: Int64, length: Int64) -> Double {
        var total = 0.0
        var minute = offset / 60_000
        while minute * 60_000 < offset + length {
            let overlap = min(offset + length, (minute + 1) * 60_000) - max(offset, minute * 60_000)
            total += profile.average(minute: Int(minute)) * Double(overlap) / 60_000
            minute += 1
        }
        return total
    }

    /// The correlation matrix as of the last refresh boundary of market time (every `correlationRefresh`
    /// milliseconds, counted from the epoch). Estimated on first use from the returns held at the
    /// boundary, so it depends on the bars alone, never on when decisions asked: a restart that warms
    /// over the same bars has the same estimate.
    public var correlations: CorrelationMatrix {
        if let returns = returnsAtBoundary {
            cachedCorrelations = CorrelationMatrix(returns: returns)
            returnsAtBoundary = nil
        }
        return cachedCorrelations
    }

    /// Takes the returns held when a bar crosses into a new refresh period.
    private func refreshIfDue(at timestamp: Int64) {
        let period = timestamp / correlationRefresh
        guard period != correlationPeriod else { return }
        correlationPeriod = period
        var returns: [Symbol: [Double]] = [:]
        for (symbol, position) in positions where markets[position].returns.count >= 2 {
            returns[symbol] = markets[position].returns.oldestFirst
        }
        returnsAtBoundary = returns
    }
}
