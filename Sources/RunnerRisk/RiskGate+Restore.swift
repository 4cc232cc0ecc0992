extension RiskGate {
    /// After a restart: the approvals a journal holds take their tokens again, in order, so the
    /// approvals-per-minute limit carries on where it was rather than starting full.
    public func restoreApprovals(at times: [Int64]) {
        for time in times { _ = bucket.take(now: time) }
    }
}
