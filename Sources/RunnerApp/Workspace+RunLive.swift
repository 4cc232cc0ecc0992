import Foundation
import RunnerBroker
import RunnerConfig
import RunnerCore
import RunnerEngine
import RunnerFeed
import RunnerJournal

/// How a run treats the journal it finds (see ``Workspace/openJournal``).
enum RunJournalKind {
    /// A replay: a finished journal is replaced, a crashed one resumed.
    case replay
    /// The paper broker on a live feed (a rehearsal): always a fresh journal and paper account.
    case rehearsal
    /// A real broker: the journal is continued, never replaced; the broker's account is the truth.
    case continued
}

/// The run's events: a replay's feed, or a live source.
struct RunEventSource {
    var events: any EngineEventSource
    /// The replay's feed, for resuming a crashed replay and counting skipped rows; nil live.
    var replay: ReplayFeed?
}

extension Workspace {
    /// The environment's real broker, connected and logged on; the reason when it cannot be.
    static func connect(_ broker: RunBroker, _ environment: EnvironmentConfig) async throws -> any ConnectedBrokerAdapter {
        guard let connected = broker.adapter as? any ConnectedBrokerAdapter else {
            throw RunError("the '\(environment.broker.adapter.value)' broker adapter does not connect")
        }
        do { try await connected.connect() } catch {
            throw RunError("cannot connect to the broker ('\(environment.broker.adapter.value)' adapter in "
                + "\(environment.file)): \(error)")
        }
        return connected
    }

    /// The cash the run's books started from, so the journaled executions lead to the cash the broker holds
    /// now: a real broker's account is the truth, and the ledger goes on from the journal's fills.
    static func continuedStartingCash(_ broker: any BrokerAdapter, journal: SQLiteJournal) async throws -> Money {
        let account: AccountSnapshot
        do { account = try await broker.account() } catch {
            throw RunError("the broker's account could not be read: \(error)")
        }
        var amount = account.cash.amount
        for fill in try journal.executions() { amount += Decimal(fill.signedQuantity) * fill.price + fill.fee }
        return Money(amount, account.cash.currency)
    }

    /// A replay's feed over the environment's files, or a live source over its feed and broker.
    static func eventSource(
        _ environment: EnvironmentConfig, context: RunContext, broker: RunBroker, connected: (any ConnectedBrokerAdapter)?,
        liveFeed: (any LiveBarFeed)?, engine: TradingEngine, monitor: RunLiveMonitor
    ) throws -> RunEventSource {
        guard let liveFeed, let live = environment.marketData.live else {
            let feed = ReplayFeed(source: try RunAdapters.installed.source(context), venue: broker.venue, clock: context.clock)
            feed.wakeUp = { engine.nextWakeUp }
            return RunEventSource(events: feed, replay: feed)
        }
        let settings = LiveEventSource.Settings(
            interval: live.interval.wholeMilliseconds, grace: live.grace.wholeMilliseconds,
            silenceAlert: live.silenceAlert.wholeMilliseconds, silenceHalt: live.silenceHalt.wholeMilliseconds,
            followsBars: live.followsBars)
        // A simulated venue fills against the bars themselves; a real broker's reports come from its stream.
        let source = LiveEventSource(
            feed: liveFeed, executions: broker.venue == nil ? broker.adapter.executions : nil, venue: broker.venue,
            clock: context.clock, wallClock: SystemTimeSource(), settings: settings, notices: { monitor.take($0) })
        source.wakeUp = { engine.nextWakeUp }
        return RunEventSource(events: source, replay: nil)
    }

    /// Before a live run's first event: a real broker's run continues its journal's book, and orders at the
    /// broker this run did not send are dealt with; a run that comes up halted says so.
    static func prepareLive(_ engine: TradingEngine, journal: SQLiteJournal, connected: Bool,
                            unknownOrders: RunUnknownOrders) async throws -> String? {
        var notes: [String] = []
        if connected {
            let booked = engine.continueBook(with: try journal.executions())
            if booked > 0 { notes.append("continued the journal's book: \(booked) executions") }
            // The strategies' own positions are their intent: held on, exits and all, as the journal left them.
            let held = try journal.strategyPositions()
            let ignored = engine.signals.restore(held)
            if held.count > ignored.count { notes.append("strategies hold \(held.count - ignored.count) positions again") }
            for (strategy, symbol) in ignored {
                notes.append("the journal's \(strategy) position in \(symbol) is not held: this run does not trade it "
                    + "with entry rules")
                // Forgotten for good: a later run that trades it again starts flat, not with this stop.
                engine.journal?.record(.strategyPosition(strategy: strategy, symbol: symbol, position: nil,
                                                         at: engine.time.nowMilliseconds))
            }
            if let note = try await unknownOrders.check(engine, starting: true) { notes.append(note) }
        }
        let state = engine.gate.state
        if state.mode != .active {
            engine.journal?.record(.tradingState(state))
            notes.append("trading is \(state.mode.rawValue) (\(state.reason.rawValue)) from an earlier run: new risk is "
                + "denied; `runner resume` while it runs re-arms it")
        }
        return notes.isEmpty ? nil : notes.joined(separator: "; ")
    }

    /// After the run: the feed stops, the connection watch ends and the broker is logged out.
    static func closeLive(connected: (any ConnectedBrokerAdapter)?, feed: (any LiveBarFeed)?, watch: Task<Void, Never>?) async {
        await feed?.stop()
        watch?.cancel()
        await connected?.disconnect()
    }
}
