import RunnerCore

/// Where bars come from, one at a time in time order. Pull-based and synchronous so a replay can run
/// the whole hot path as plain calls; a live feed adapts to it behind a buffer.
public protocol MarketDataSource {
    /// The next bar, or nil at the end. Throws the report of a bad row when the policy is to stop.
    mutating func next() throws(MarketDataProblem) -> Bar?
    /// The bad rows skipped so far.
    var problems: MarketDataProblemLog { get }
}
