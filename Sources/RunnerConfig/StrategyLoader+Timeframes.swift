import RunnerCore

extension StrategyLoader {
    /// The strategy's timeframe in milliseconds, the base every `@` timeframe in its expressions must be a
    /// whole multiple of (checked by the type checker, which reports at the `@`); nil when the timeframe is
    /// missing or wrong, which was reported already, so the `@` timeframes are only checked for form.
    static func expressionTimeframe(_ timeframe: Located<Duration>?) -> Int64? {
        guard let components = timeframe?.value.components, components.seconds >= 0 else { return nil }
        let (milliseconds, overflow) = components.seconds.multipliedReportingOverflow(by: 1000)
        guard !overflow else { return nil }
        let total = milliseconds + components.attoseconds / 1_000_000_000_000_000
        return total > 0 ? total : nil
    }
}
