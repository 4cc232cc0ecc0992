import Foundation
import RunnerCore

/// How the paper broker simulates a market: from the environment's `broker:` settings.
public struct PaperBrokerSettings: Sendable {
    /// Milliseconds before an accepted order can fill.
    public var latency: Int64
    /// Price slippage against each fill (0.0002 for 2bps): buys pay more, sells get less.
    public var slippage: Double
    /// Largest share of a bar's volume all orders of a symbol may fill in that bar; the rest waits.
    public var maxParticipation: Double
    /// Fees as a share of each fill's notional.
    public var feeRate: Double
    public var startingCash: Money

    public init(latency: Int64 = 0, slippage: Double = 0, maxParticipation: Double = 1, feeRate: Double = 0,
                startingCash: Money) {
        self.latency = latency
        self.slippage = slippage
        self.maxParticipation = maxParticipation
        self.feeRate = feeRate
        self.startingCash = startingCash
    }
}

/// Faults the paper broker can inject, so recovery paths are tested against a real adapter.
public struct PaperBrokerFaults: Sendable {
    /// The next submission is accepted, but its answer is lost (the caller sees an unknown outcome).
    public var dropNextAcknowledgement = false
    /// The next fill is reported twice on the execution stream.
    public var duplicateNextFillReport = false
    /// The next fill is made and recorded, but never reported: not on the stream, not in what
    /// ``PaperBroker/process(_:)`` returns.
    public var dropNextFillReport = false
    /// The next submission is rejected with this reason.
    public var rejectNext: String?
    /// Every call fails with `disconnected` until cleared.
    public var disconnected = false

    public init() {}
}
