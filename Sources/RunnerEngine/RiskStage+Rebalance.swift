import RunnerCore

extension RiskStage {
    /// A held target as far as repeats go: the same target against the same approved size, for the same reason.
    struct HoldIntent: Hashable {
        var signedSize: Int64
        var currentSize: Int64
        var reason: RebalanceThreshold.HoldReason
    }

    /// Whether the strategy's rebalance threshold holds `target`: its change from the strategy's own approved
    /// target for the symbol (not the account's netted one) is within the band or below the minimum order.
    /// A held target is counted and journaled (once while it repeats) and changes nothing else: no decision,
    /// no order, and the strategy's last intent stays, so the next tick is compared again.
    ///
    /// Nothing is held once the stage has forgotten the strategy's last intent (a failed submission, trading
    /// stopped, a flatten): the approved size may then not be what the account holds, and the next target
    /// must be decided and routed again.
    func holds(_ target: TargetPosition, key: TargetKey) -> Bool {
        guard !thresholds.isEmpty, let threshold = thresholds[target.strategy] else { return false }
        guard lastIntent[key] != nil || approvedSizes[key] == nil else { return false }
        let current = approvedSizes[key] ?? 0
        guard let reason = threshold.holdReason(for: target, current: current) else {
            lastHold.removeValue(forKey: key)
            return false
        }
        switch reason {
        case .withinBand: book.summary.heldWithinBand += 1
        case .belowMinimum: book.summary.heldBelowMinimum += 1
        }
        let intent = HoldIntent(signedSize: target.signedSize, currentSize: current, reason: reason)
        if lastHold[key] == intent {
            book.summary.repeatedHolds += 1
        } else {
            lastHold[key] = intent
            book.journal?.record(.heldTarget(HeldTarget(target: target, currentSize: current, reason: reason)))
        }
        return true
    }
}
