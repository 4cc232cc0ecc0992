import RunnerTesting
import Testing

@testable import RunnerIndicators

/// Behaviour of the price-and-volume family that the TA-Lib golden cases do not reach.
@Suite struct PriceVolumeIndicatorTests {
    private static let dayMilliseconds: Int64 = 86_400_000

    private func bar(
        at timestamp: Int64 = 0, high: Double, low: Double, close: Double, volume: Double = 1
    ) -> IndicatorInput {
        IndicatorInput(
            bar: BarFields(timestamp: timestamp, open: close, high: high, low: low, close: close, volume: volume))
    }

    @Test func vwapResetsWhenTheUTCDayChanges() {
        let vwap = SessionVolumeWeightedAveragePrice()
        let lastMinuteOfDay = Self.dayMilliseconds - 60_000
        vwap.update(bar(at: lastMinuteOfDay - 60_000, high: 11, low: 9, close: 10, volume: 100))
        #expect(vwap.value(0) == 10)
        vwap.update(bar(at: lastMinuteOfDay, high: 13, low: 11, close: 12, volume: 300))
        // (10 * 100 + 12 * 300) / 400
        #expect(vwap.value(0) == 11.5)
        vwap.update(bar(at: Self.dayMilliseconds, high: 21, low: 19, close: 20, volume: 50))
        #expect(vwap.value(0) == 20)
    }

    @Test func vwapIsNaNUntilTheSessionTrades() {
        let vwap = SessionVolumeWeightedAveragePrice()
        vwap.update(bar(high: 11, low: 9, close: 10, volume: 100))
        vwap.update(bar(at: Self.dayMilliseconds, high: 21, low: 19, close: 20, volume: 0))
        #expect(vwap.value(0).isNaN)
        vwap.update(bar(at: Self.dayMilliseconds + 60_000, high: 31, low: 29, close: 30, volume: 10))
        #expect(vwap.value(0) == 30)
    }

    @Test func vwapTreatsTheMillisecondBeforeTheEpochAsTheDayBefore() {
        let vwap = SessionVolumeWeightedAveragePrice()
        vwap.update(bar(at: -1, high: 11, low: 9, close: 10, volume: 100))
        vwap.update(bar(at: 0, high: 21, low: 19, close: 20, volume: 100))
        #expect(vwap.value(0) == 20)
    }

    @Test(arguments: [1, 2, 3, 7, 20])
    func priceRangeWindowMatchesAScanOfTheWindow(period: Int) {
        var random = SplitMix64(seed: UInt64(period))
        var window = PriceRangeWindow(period: period)
        var highs: [Double] = []
        var lows: [Double] = []
        for _ in 0..<500 {
            // Whole quarters, so equal highs and lows (ties) are common.
            let low = Double(Int.random(in: 0...12, using: &random)) / 4
            let high = low + Double(Int.random(in: 0...4, using: &random)) / 4
            highs.append(high)
            lows.append(low)
            window.append(high: high, low: low)
            guard highs.count >= period else {
                #expect(!window.isFull)
                continue
            }
            #expect(window.highest == highs.suffix(period).max())
            #expect(window.lowest == lows.suffix(period).min())
        }
    }

    @Test func rsiSkipsLeadingNaNLikeTALibsWrapper() {
        let closes = [44.0, 44.5, 43.8, 44.9, 45.3, 45.1, 44.2]
        let direct = RelativeStrengthIndex(period: 3)
        let afterWarmUp = RelativeStrengthIndex(period: 3)
        afterWarmUp.update(IndicatorInput(first: .nan, bar: bar(high: 1, low: 1, close: 1).bar))
        afterWarmUp.update(IndicatorInput(first: .nan, bar: bar(high: 1, low: 1, close: 1).bar))
        for close in closes {
            let input = IndicatorInput(first: close, bar: bar(high: close, low: close, close: close).bar)
            direct.update(input)
            afterWarmUp.update(input)
            #expect(direct.value(0).isNaN == afterWarmUp.value(0).isNaN)
            if !direct.value(0).isNaN { #expect(direct.value(0) == afterWarmUp.value(0)) }
        }
        #expect(!direct.value(0).isNaN)
    }

    @Test func mfiIsZeroOnceAWholeWindowCarriesNoMoneyFlow() {
        let mfi = MoneyFlowIndex(period: 2)
        mfi.update(bar(high: 10, low: 10, close: 10))
        mfi.update(bar(high: 11, low: 11, close: 11, volume: 1))
        mfi.update(bar(high: 10.5, low: 10.5, close: 10.5, volume: 2))
        // Positive flow 11 * 1, negative flow 10.5 * 2.
        #expect(mfi.value(0) == 100 * (11.0 / 32.0))
        mfi.update(bar(high: 12, low: 12, close: 12, volume: 0))
        mfi.update(bar(high: 9, low: 9, close: 9, volume: 0))
        #expect(mfi.value(0) == 0)
    }

    @Test func aRangeFlatButForRoundingReadsAsFlat() {
        // 0.1 + 0.2 is one ulp above 0.3: TA-Lib's scaled zero test calls that range flat.
        let residue = 0.1 + 0.2
        let stochastic = StochasticOscillator(kPeriod: 2, kSmoothing: 1, dPeriod: 1)
        let williams = WilliamsPercentRange(period: 2)
        let commodity = CommodityChannelIndex(period: 2)
        for high in [0.3, residue] {
            let input = bar(high: high, low: 0.3, close: high)
            stochastic.update(input)
            williams.update(input)
            commodity.update(input)
        }
        #expect(stochastic.value(0) == 0)
        #expect(williams.value(0) == 0)
        #expect(commodity.value(0) == 0)
    }
}
