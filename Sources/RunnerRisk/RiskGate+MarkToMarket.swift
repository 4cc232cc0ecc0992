extension RiskGate {
    /// The daily-loss rule on a marked book, between decisions: the run marks its book on every bar and
    /// asks here when the loss may have passed the limit. Returns true when this call halted trading.
    @discardableResult
    public func markToMarket(equity: Double, startOfDayEquity: Double) -> Bool {
        let before = state.mode
        applyDailyLossRule(now: time.nowMilliseconds, equity: equity, startOfDay: startOfDayEquity)
        return before != .halted && state.mode == .halted
    }
}
