extension StandardIndicators {
    /// Indicators of the bar's high, low, close and volume, and oscillators.
    static var priceVolumeFamily: [IndicatorDescriptor] {
        []
    }
}
