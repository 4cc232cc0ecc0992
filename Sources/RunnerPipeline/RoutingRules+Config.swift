import Foundation
import RunnerConfig
import RunnerRouting

extension RoutingRules {
    /// From an environment file's `routing:` section; a name the router does not know is an error, never
    /// another algorithm.
    public init(_ config: RoutingConfig) throws(PipelineBuildError) {
        guard let algorithm = Algorithm(rawValue: config.algorithm.value) else {
            throw .unknownAlgorithm(config.algorithm.value, at: config.algorithm.location.description)
        }
        self.init(
            sliceShare: config.sliceAbove.share.value, window: config.sliceAbove.window.milliseconds,
            algorithm: algorithm, horizon: config.horizon.milliseconds, childInterval: config.childInterval.milliseconds,
            participation: config.participation.value, defaultVenue: config.defaultVenue,
            venues: config.venues.map { rule in
                VenueRule(venue: rule.venue, symbols: rule.symbols.map(Set.init), assetClass: rule.assetClass,
                          minimumNotional: rule.minimumNotional.map { NSDecimalNumber(decimal: $0.amount).doubleValue })
            })
    }
}

extension Duration {
    /// Whole milliseconds.
    var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}
