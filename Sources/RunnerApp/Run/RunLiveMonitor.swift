import Foundation
import RunnerBroker
import RunnerBus
import RunnerCore
import RunnerEngine
import RunnerFeed
import RunnerJournaling

/// A live run's watch over what it does not control: the feed's notices (late, duplicated and missing
/// bars, silence, drops) and the broker connection's events, turned into journal entries, alerts and,
/// where the documented policy says so, a halt sent through the command inbox like `runner halt`.
///
/// A halt is sent, never awaited: the loop that applies it may be the one that noticed.
final class RunLiveMonitor: Sendable {
    let environment: String
    let inbox: CommandInbox
    let journal: any Journal
    let raise: @Sendable (OperatorAlert) -> Void
    let clock: any TimeSource
    /// Set when the broker's connection came back: the loop checks unknown orders before anything else.
    private let reconnected = Locked(false)
    /// Failed checks after the last reconnection, so a check that keeps failing is not alerted every second.
    private let failedChecks = Locked(0)

    init(environment: String, inbox: CommandInbox, journal: any Journal, clock: any TimeSource,
         raise: @escaping @Sendable (OperatorAlert) -> Void) {
        self.environment = environment
        self.inbox = inbox
        self.journal = journal
        self.clock = clock
        self.raise = raise
    }

    /// The check after a reconnection failed: it is made again before the next event.
    func reconnectionCheckFailed(_ reason: String) {
        reconnected.withLock { $0 = true }
        let failures = failedChecks.withLock { count in
            count += 1
            return count
        }
        guard failures == 1 || failures % 60 == 0 else { return }
        raise(OperatorAlert(kind: .broker, severity: .critical,
                            message: "the broker is back but its open orders could not be checked (\(reason)); "
                                + "checking again before the next event",
                            environment: environment, at: clock.nowMilliseconds))
    }

    /// The check after a reconnection was made.
    func reconnectionChecked() { failedChecks.withLock { $0 = 0 } }

    /// Whether the broker came back since the last call (and clears it).
    func takeReconnection() -> Bool {
        reconnected.withLock { flag in
            defer { flag = false }
            return flag
        }
    }

    func take(_ notice: LiveEventSource.Notice) {
        let now = clock.nowMilliseconds
        switch notice {
        case .dropped(let bar, let decision):
            let why = switch decision {
            case .dropLate(let closed): "late: its interval closed at \(Self.timestamp(closed))"
            case .dropConflictingDuplicate(let first): "a second bar for the same time with other values (close \(bar.close), first \(first.close))"
            case .dropFromTheFuture(let now): "it ends after the run's time \(Self.timestamp(now)): its timestamp is wrong"
            default: "a duplicate"
            }
            journal.record(.alert(level: "warning", message: "feed: dropped the \(bar.symbol) bar of \(Self.timestamp(bar.timestamp)), \(why)", at: now))
        case .gap(let symbol, let missing, let before):
            journal.record(.alert(level: "warning", message: "feed: \(missing) bars of \(symbol) missing before \(Self.timestamp(before))", at: now))
        case .silence(.alert(let silent)):
            alert(.warning, "the market data feed has sent no bar for \(silent / 1000)s", at: now)
        case .silence(.halt(let silent)):
            halt("the market data feed has sent no bar for \(silent / 1000)s: new risk stopped", at: now)
        case .silence(.resumed(let silent, let wasHalted)):
            alert(.info, "the market data feed is sending bars again after \(silent / 1000)s"
                + (wasHalted ? "; trading stays halted until `runner resume`" : ""), at: now)
        case .feed(.lost(let reason)):
            alert(.warning, "the market data feed dropped (\(reason)); reconnecting", at: now)
        case .feed(.restored):
            alert(.info, "the market data feed is back", at: now)
        case .feed(.failed(let reason)):
            // The run stops on it (working orders cancelled, positions kept), as on a replay's bad data.
            alert(.critical, "the market data feed failed for good (\(reason)): the run stops; positions are kept, "
                + "working orders cancelled", at: now)
        case .feed(.bar):
            break
        }
    }

    /// Follows the broker's connection until it ends.
    func watch(_ broker: any ConnectedBrokerAdapter) -> Task<Void, Never> {
        let events = broker.connectionEvents
        return Task { [self] in
            for await event in events {
                let now = clock.nowMilliseconds
                switch event {
                case .lost(let reason):
                    raise(OperatorAlert(kind: .broker, severity: .critical,
                                        message: "the broker connection dropped (\(reason)); reconnecting, orders wait",
                                        environment: environment, at: now))
                case .restored:
                    reconnected.withLock { $0 = true }
                    raise(OperatorAlert(kind: .broker, severity: .warning,
                                        message: "the broker connection is back; open orders are checked before any new one",
                                        environment: environment, at: now))
                case .failed(let reason):
                    halt("the broker adapter gave up (\(reason)): new risk stopped; `runner kill` talks to the broker directly",
                         at: now, kind: .broker)
                }
            }
        }
    }

    static func timestamp(_ milliseconds: Int64) -> String {
        Date(timeIntervalSince1970: Double(milliseconds) / 1_000).formatted(.iso8601)
    }

    private func alert(_ severity: OperatorAlert.Severity, _ message: String, at now: Int64) {
        raise(OperatorAlert(kind: .feed, severity: severity, message: message, environment: environment, at: now))
    }

    private func halt(_ message: String, at now: Int64, kind: OperatorAlert.Kind = .feed) {
        raise(OperatorAlert(kind: kind, severity: .critical, message: message, environment: environment, at: now))
        Self.sendHalt(message, origin: "runner run (\(kind.rawValue))", to: inbox)
    }

    /// Sends a halt until the engine takes it (a loop busy in a broker call may not within the patience);
    /// never awaited by the loop itself. Gives up only when the engine has stopped.
    static func sendHalt(_ reason: String, origin: String, to inbox: CommandInbox) {
        Task {
            for _ in 0..<20 {
                if await inbox.send(EngineCommand(.halt, reason: reason, origin: origin), patience: .seconds(30)) != nil { return }
                if inbox.isClosed { return }
            }
        }
    }
}
