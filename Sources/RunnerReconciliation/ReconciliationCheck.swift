import Foundation
import RunnerCore

/// When a reconciliation is due on the run's clock, and what each result means: a value-type state
/// machine that returns actions; the run performs them (see ``ReconciliationMonitor`` for the part that
/// asks the broker).
///
/// - Due: the first check is due at once (before the first order); after each, the next is due
///   `interval` later on the run's clock (market time in a replay, wall time live). A clock that jumps
///   (overnight in a replay) gets one check, not one per interval missed.
/// - Gate: until a check has run the run may not send orders; a live run may send orders only while its
///   latest check was made and did not call for a flatten. A reconnect (``connectionRestored()``) makes
///   the next check due at once and closes the gate until it has run.
/// - Alerts: a finding is raised when it first appears or its figure changes, not again at every
///   interval; a return to clean after an alert or a failure is raised once, as info.
/// - Confirmation: a mismatch seen after a clean check is acted on only when the check after it, made
///   `confirmAfter` later, finds one too. An execution in flight (the broker filled, its report is on its
///   way to the run) is seen by one check, never by two, and must neither flatten nor halt an account.
public struct ReconciliationCheck: Sendable {
    public enum Gate: Sendable, Hashable {
        /// No check since the start or the last reconnect: no order may go out yet.
        case awaitingCheck
        /// The latest check was made (clean or alert).
        case passed
        /// The latest check could not be made, or found a mismatch above `flatten_above`.
        case failed(String)
    }

    public let interval: Int64
    public let thresholds: ReconciliationThresholds
    public let mode: TradingMode
    public let environment: String
    /// When the next check is due, in milliseconds on the run's clock; nil: due now (none has run).
    public private(set) var scheduled: Int64?
    public private(set) var gate: Gate = .awaitingCheck
    /// The latest comparison made.
    public private(set) var lastReport: ReconciliationReport?
    /// What was last raised, so the same finding is not raised at every interval.
    private var lastRaised: Finding?
    /// A mismatch seen once after a clean check, waiting for the check that confirms it.
    public private(set) var unconfirmed: ReconciliationReport.Verdict?
    /// Milliseconds between a first sighting and its confirming check.
    public var confirmAfter: Int64

    private enum Finding: Hashable {
        case mismatch(ReconciliationReport.Verdict, Decimal)
        case failure(ReconciliationError)
    }

    /// `interval` in milliseconds (positive).
    public init(interval: Int64, thresholds: ReconciliationThresholds, mode: TradingMode, environment: String) {
        precondition(interval > 0, "a reconciliation interval must be positive")
        self.interval = interval
        self.thresholds = thresholds
        self.mode = mode
        self.environment = environment
        confirmAfter = min(interval, 1_000)
    }

    /// `interval` as the config gives it, in whole milliseconds (at least 1).
    public init(interval: Duration, thresholds: ReconciliationThresholds, mode: TradingMode, environment: String) {
        let (seconds, attoseconds) = interval.components
        let (milliseconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000)
        self.init(
            interval: overflow ? Int64.max : max(1, milliseconds + attoseconds / 1_000_000_000_000_000),
            thresholds: thresholds, mode: mode, environment: environment)
    }

    /// Whether a check is due at `now` (milliseconds on the run's clock).
    public func isDue(now: Int64) -> Bool { scheduled.map { now >= $0 } ?? true }

    /// Whether the run may send orders now (see the type's summary).
    public var mayTrade: Bool {
        switch gate {
        case .awaitingCheck: false
        case .passed: true
        case .failed: mode == .paper
        }
    }

    /// The broker connection came back: reconcile again before the next order.
    public mutating func connectionRestored() {
        scheduled = nil
        unconfirmed = nil
        gate = .awaitingCheck
    }

    /// Records the result of a check made at `now` and says what to do. A periodic check (`confirming`)
    /// confirms a new mismatch before acting on it (see the type's summary); the check before the first
    /// order and after a reconnect acts at once: nothing of the run's can be in flight then.
    public mutating func record(_ result: Result<ReconciliationReport, ReconciliationError>, at now: Int64,
                                confirming: Bool = false) -> ReconciliationAction
    {
        let (next, overflow) = now.addingReportingOverflow(interval)
        scheduled = overflow ? Int64.max : next
        let previous = lastRaised
        switch result {
        case .failure(let error):
            gate = .failed(error.description)
            lastRaised = .failure(error)
            guard previous != lastRaised else { return .none }
            let consequence =
                mode == .live
                ? "a live run sends no order until a reconciliation succeeds"
                : "the paper run goes on"
            return .alert(alert(.critical, "reconciliation could not be made: \(error); \(consequence)", at: now))
        case .success(let report):
            lastReport = report
            if confirming, report.verdict != .clean, unconfirmed == nil, previous == nil {
                // First seen: checked again shortly before anything is done about it.
                unconfirmed = report.verdict
                scheduled = now + confirmAfter
                // The gate stays as it was: a live run halts on a closed gate, and a halt on a sighting that
                // the next second may explain would be a false alarm of its own.
                return .none
            }
            unconfirmed = nil
            gate = report.verdict == .flatten ? .failed(report.summary) : .passed
            switch report.verdict {
            case .clean:
                lastRaised = nil
                guard previous != nil else { return .none }
                return .alert(alert(.info, "reconciliation clean again: \(report.summary)", at: now))
            case .alert:
                lastRaised = .mismatch(.alert, report.mismatch)
                guard previous != lastRaised else { return .none }
                return .alert(
                    alert(
                        .warning,
                        "\(report.summary); trading goes on: compare the broker's account "
                            + "with `runner reconcile --once` and correct it", at: now))
            case .flatten:
                lastRaised = .mismatch(.flatten, report.mismatch)
                guard previous != lastRaised else { return .none }
                return .flatten(
                    alert(
                        .critical,
                        "\(report.summary); the kill switch fires: trading halts, working "
                            + "orders are cancelled and positions closed", at: now))
            }
        }
    }

    private func alert(_ severity: OperatorAlert.Severity, _ message: String, at now: Int64) -> OperatorAlert {
        OperatorAlert(kind: .reconciliation, severity: severity, message: message, environment: environment, at: now)
    }
}
