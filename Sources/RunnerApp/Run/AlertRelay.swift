import RunnerAlerts
import RunnerCore

/// Alerts from parts built before the run's dispatcher exists (a broker adapter connects before the
/// journal opens): held until it is connected, then passed on, in order.
final class AlertRelay: Sendable {
    private let environment: String
    private let clock: any TimeSource
    private let state = Locked<(target: AlertDispatcher?, held: [OperatorAlert])>((nil, []))

    init(environment: String, clock: any TimeSource) {
        self.environment = environment
        self.clock = clock
    }

    func raise(_ kind: OperatorAlert.Kind, _ severity: OperatorAlert.Severity, _ message: String) {
        let alert = OperatorAlert(kind: kind, severity: severity, message: message, environment: environment,
                                  at: clock.nowMilliseconds)
        let target = state.withLock { state -> AlertDispatcher? in
            if state.target == nil { state.held.append(alert) }
            return state.target
        }
        target?.raise(alert)
    }

    func connect(_ dispatcher: AlertDispatcher) {
        let held = state.withLock { state -> [OperatorAlert] in
            state.target = dispatcher
            defer { state.held = [] }
            return state.held
        }
        for alert in held { dispatcher.raise(alert) }
    }
}
