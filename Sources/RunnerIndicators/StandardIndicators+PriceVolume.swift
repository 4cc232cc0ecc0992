extension StandardIndicators {
    /// Indicators of the bar's high, low, close and volume, and oscillators.
    static var priceVolumeFamily: [IndicatorDescriptor] {
        [
            .standard("rsi") { RelativeStrengthIndex(period: Int($0[0])) },
            .standard("atr") { AverageTrueRange(period: Int($0[0])) },
            .standard("trange") { _ in TrueRange() },
            .standard("cci") { CommodityChannelIndex(period: Int($0[0])) },
            .standard("stoch") {
                StochasticOscillator(kPeriod: Int($0[0]), kSmoothing: Int($0[1]), dPeriod: Int($0[2]))
            },
            .standard("willr") { WilliamsPercentRange(period: Int($0[0])) },
            .standard("adx") { AverageDirectionalIndex(period: Int($0[0])) },
            .standard("obv") { _ in OnBalanceVolume() },
            .standard("mfi") { MoneyFlowIndex(period: Int($0[0])) },
            .standard("vwap") { _ in SessionVolumeWeightedAveragePrice() },
        ]
    }
}
