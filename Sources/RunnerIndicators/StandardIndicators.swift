/// The standard indicators, gathered from the files that implement each family.
enum StandardIndicators {
    static var all: [IndicatorDescriptor] { averageFamily + priceVolumeFamily }
}
