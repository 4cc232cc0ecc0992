extension StandardIndicators {
    /// Moving averages, bands, dispersion and window statistics over one series.
    static var averageFamily: [IndicatorDescriptor] {
        [
            .standard("sma") { SimpleMovingAverage(period: Int($0[0])) }
        ]
    }
}
