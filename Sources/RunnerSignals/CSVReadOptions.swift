import Foundation
import RunnerCore

/// How a CSV reader reads its files: the layout of the `market_data` settings, and the trading session
/// daily bars are stamped by.
public struct CSVReadOptions: Sendable {
    public var layout: MarketDataLayout
    /// Daily bars are stamped at this session's close on their date: a strategy sees a day's bar once the
    /// day has closed, and its orders fill at a later bar.
    public var session: TradingSession
    /// The layout's time zone, as a table built once.
    let zone: LocalClockReading?

    public init(layout: MarketDataLayout = .standard, session: TradingSession = .utcDay) {
        self.layout = layout
        self.session = session
        zone = layout.timeZone.map(LocalClockReading.init)
    }

    public static let standard = CSVReadOptions()

    /// The largest price read: above it a price is a typing error (no share trades near a billion).
    public static let maximumPrice = 1e9
    /// The largest volume read, 10^15: far above any bar, and small enough that a share of it always fits
    /// an `Int64` quantity.
    public static let maximumVolume = 1e15
}
