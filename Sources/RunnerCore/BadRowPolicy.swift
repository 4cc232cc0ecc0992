/// What a market data source does with a bad row (`market_data.on_bad_row`, `runner compute
/// --on-bad-row`). The whole file stops on a missing column either way.
public enum BadRowPolicy: String, Sendable, Hashable, CaseIterable {
    /// Skip the row, count it by kind and keep its report (the default: one bad print does not stop a replay).
    case skip
    /// Stop at the first bad row with its report.
    case stop
}
