extension StandardIndicators {
    /// Moving averages, bands, dispersion and window statistics over one series.
    static var averageFamily: [IndicatorDescriptor] {
        [
            .standard("sma") { SimpleMovingAverage(period: Int($0[0])) },
            .standard("ema") { ExponentialMovingAverage(period: Int($0[0])) },
            .standard("wma") { WeightedMovingAverage(period: Int($0[0])) },
            .standard("dema") { DoubleExponentialMovingAverage(period: Int($0[0])) },
            .standard("tema") { TripleExponentialMovingAverage(period: Int($0[0])) },
            .standard("macd") {
                MovingAverageConvergenceDivergence(
                    fastPeriod: Int($0[0]), slowPeriod: Int($0[1]), signalPeriod: Int($0[2]))
            },
            .standard("bbands") { BollingerBands(period: Int($0[0]), deviations: $0[1]) },
            .standard("stddev") { StandardDeviation(period: Int($0[0])) },
            .standard("roc") { RateOfChange(period: Int($0[0])) },
            .standard("mom") { Momentum(period: Int($0[0])) },
            .standard("highest") { WindowExtreme.highest(period: Int($0[0])) },
            .standard("lowest") { WindowExtreme.lowest(period: Int($0[0])) },
            .standard("correlation") { PearsonCorrelation(period: Int($0[0])) },
            .standard("zscore") { ZScore(period: Int($0[0])) },
        ]
    }
}
