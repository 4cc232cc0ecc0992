import RunnerCore
import Testing

/// `RebalanceThreshold.holdReason`: what is held, and what always goes on.
@Suite struct RebalanceThresholdRuleTests {
    static func target(_ signedSize: Int64, price: Double = 100) -> TargetPosition {
        TargetPosition(strategy: "s", symbol: "AAPL", side: signedSize > 0 ? .long : (signedSize < 0 ? .short : .flat),
                       size: Int64(signedSize.magnitude), confidence: 1, decisionTime: 0,
                       referencePrice: price)
    }

    static let band = RebalanceThreshold(band: .percent(10))
    static let shares = RebalanceThreshold(minimumOrder: .shares(20))
    static let cash = RebalanceThreshold(minimumOrder: .notional(Money(5000, "USD")))

    @Test(arguments: [
        // (threshold, new, current, price, expected)
        (band, 100, 95, 100.0, RebalanceThreshold.HoldReason?.some(.withinBand)),
        (band, 100, 90, 100, .withinBand),  // |100 - 90| = 10% of 100: still inside
        (band, 100, 89, 100, nil),
        (band, -100, -92, 100, .withinBand),
        (band, 100, 0, 100, nil),  // from flat: no band to be within
        (band, 0, 95, 100, nil),  // an exit always goes on
        (band, -95, 100, 100, nil),  // so does a reversal
        (shares, 119, 100, 100, .belowMinimum),
        (shares, 120, 100, 100, nil),
        (shares, 10, 0, 100, .belowMinimum),  // an entry too small to be worth an order
        (shares, 0, 5, 100, nil),  // never leave dust
        (shares, -10, 5, 100, nil),
        (cash, 149, 100, 100, .belowMinimum),  // 49 x 100 = 4900 USD
        (cash, 150, 100, 100, nil),  // 5000 USD
        (cash, 150, 100, 99.99, .belowMinimum),
        (RebalanceThreshold(band: .percent(10), minimumOrder: .shares(20)), 115, 100, 100, .belowMinimum),
        (RebalanceThreshold(), 101, 100, 100, nil),
    ] as [(RebalanceThreshold, Int64, Int64, Double, RebalanceThreshold.HoldReason?)])
    func holdsOnlyWhatIsNotWorthAnOrder(
        threshold: RebalanceThreshold, new: Int64, current: Int64, price: Double, expected: RebalanceThreshold.HoldReason?
    ) {
        #expect(threshold.holdReason(for: Self.target(new, price: price), current: current) == expected)
    }

    @Test func itDescribesItselfAsTheConfigWritesIt() {
        #expect(RebalanceThreshold().description == "none")
        #expect(RebalanceThreshold(band: .percent(10), minimumOrder: .shares(20)).description == "band 10%, min order 20 shares")
        #expect(Self.cash.description == "min order 5000 USD")
    }
}
