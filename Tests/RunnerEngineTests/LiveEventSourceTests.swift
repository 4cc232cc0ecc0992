import RunnerBroker
import RunnerCore
import RunnerFeed
import Synchronization
import Testing

@testable import RunnerEngine

/// A feed the test pushes bars into.
final class PushedFeed: LiveBarFeed {
    let events: AsyncStream<FeedEvent>
    let continuation: AsyncStream<FeedEvent>.Continuation

    init() { (events, continuation) = AsyncStream<FeedEvent>.makeStream() }
    func start(symbols: [Symbol]) async throws {}
    func stop() async { continuation.finish() }
}

final class NoticeLog: Sendable {
    private let stored = Mutex<[LiveEventSource.Notice]>([])
    func append(_ notice: LiveEventSource.Notice) { stored.withLock { $0.append(notice) } }
    var all: [LiveEventSource.Notice] { stored.withLock { $0 } }
}

@Suite struct LiveEventSourceTests {
    static let minute: Int64 = 60_000
    static let start: Int64 = 600 * minute + 500

    func bar(_ symbol: Symbol, minute: Int64) -> Bar {
        Bar(symbol: symbol, timestamp: minute * Self.minute, open: 10, high: 10, low: 10, close: 10, volume: 100)
    }

    /// The next event that is not an idle one (the wall clock jumps in these tests, so idles come between).
    static func skippingIdle(_ live: LiveEventSource) async throws -> EngineEvent? {
        while true {
            let event = try await live.next()
            if case .idle = event { continue }
            return event
        }
    }

    func source(feed: PushedFeed, wall: ManualTimeSource, clock: ManualTimeSource, notices: NoticeLog,
                executions: AsyncStream<ExecutionReport>? = nil) -> LiveEventSource {
        LiveEventSource(
            feed: feed, executions: executions, venue: nil, clock: clock, wallClock: wall,
            settings: .init(interval: Self.minute, grace: 2_000, silenceAlert: 120_000, silenceHalt: 300_000,
                            tick: .milliseconds(5), idleEvery: 1_000),
            notices: { notices.append($0) })
    }

    @Test func timeMovesOnTheBarGridAndBarsComeBetween() async throws {
        let feed = PushedFeed()
        let wall = ManualTimeSource(milliseconds: Self.start)
        let clock = ManualTimeSource()
        let notices = NoticeLog()
        let live = source(feed: feed, wall: wall, clock: clock, notices: notices)
        // 10:00:00.5: the interval in progress is 09:59's, whose bar may still come.
        #expect(try await Self.skippingIdle(live) == .advance(to: 599 * Self.minute))
        #expect(clock.nowMilliseconds == Self.start)
        feed.continuation.yield(.bar(bar("AAPL", minute: 599)))
        #expect(try await Self.skippingIdle(live) == .bar(bar("AAPL", minute: 599)))
        wall.set(600 * Self.minute + 2_000)
        #expect(try await Self.skippingIdle(live) == .advance(to: 600 * Self.minute))
        // A late bar is dropped and told; so is a duplicate.
        feed.continuation.yield(.bar(bar("MSFT", minute: 599)))
        wall.set(601 * Self.minute + 500)
        feed.continuation.yield(.bar(bar("AAPL", minute: 600)))
        #expect(try await Self.skippingIdle(live) == .bar(bar("AAPL", minute: 600)))
        feed.continuation.yield(.bar(bar("AAPL", minute: 600)))
        // Nothing new for a second of wall time: idle.
        wall.set(601 * Self.minute + 1_600)
        #expect(try await live.next() == .idle)
        // On the wall clock a bar cannot be complete before its end: one stamped ahead is dropped, the time stays.
        feed.continuation.yield(.bar(bar("AAPL", minute: 605)))
        // The bar of [10:02, 10:03) is taken from its end (less the grace) until its interval closes at 10:03:02;
        // the one missing before it is told, not invented.
        wall.set(603 * Self.minute + 500)
        feed.continuation.yield(.bar(bar("AAPL", minute: 602)))
        #expect(try await Self.skippingIdle(live) == .advance(to: 601 * Self.minute))
        #expect(try await Self.skippingIdle(live) == .advance(to: 602 * Self.minute))
        #expect(try await Self.skippingIdle(live) == .bar(bar("AAPL", minute: 602)))
        #expect(notices.all.contains(.gap("AAPL", missing: 1, before: 602 * Self.minute)))
        // Inputs are read in order: by now the late bar, the duplicate and the early one were dropped and told.
        let dropped = notices.all.compactMap { notice -> BarArrivalPolicy.Decision? in
            if case .dropped(_, let decision) = notice { return decision }
            return nil
        }
        #expect(dropped.count == 3, "\(dropped)")
        #expect(Array(dropped.prefix(2)) == [.dropLate(closedThrough: 600 * Self.minute), .dropDuplicate])
        if case .dropFromTheFuture = dropped.last {} else { Issue.record("not dropped as from the future: \(dropped)") }
        // The feed ends: so does the run's data.
        feed.continuation.finish()
        #expect(try await Self.skippingIdle(live) == nil)
    }

    @Test func reportsComeAsTheyHappenAndADueSliceGetsItsOwnAdvance() async throws {
        let feed = PushedFeed()
        let wall = ManualTimeSource(milliseconds: Self.start)
        let clock = ManualTimeSource()
        let (reports, reporter) = AsyncStream<ExecutionReport>.makeStream()
        let live = source(feed: feed, wall: wall, clock: clock, notices: NoticeLog(), executions: reports)
        let due = 600 * Self.minute + 30_000
        live.wakeUp = { due }
        #expect(try await live.next() == .advance(to: 599 * Self.minute))
        reporter.yield(.accepted(clientOrderID: "o-1"))
        #expect(try await live.next() == .execution(.accepted(clientOrderID: "o-1")))
        wall.set(due)
        // The interval that closed first, then the slice's own time.
        #expect(try await live.next() == .advance(to: 600 * Self.minute))
        #expect(try await live.next() == .advance(to: due))
        #expect(clock.nowMilliseconds == due)
        live.close()
    }

    @Test func aSilentFeedAlertsThenHaltsAndTheFeedsNewsIsPassedOn() async throws {
        let feed = PushedFeed()
        let wall = ManualTimeSource(milliseconds: Self.start)
        let notices = NoticeLog()
        let live = source(feed: feed, wall: wall, clock: ManualTimeSource(), notices: notices)
        _ = try await live.next()
        feed.continuation.yield(.lost(reason: "socket closed"))
        wall.set(Self.start + 300_000)
        while notices.all.count < 2 { _ = try await live.next() }
        #expect(notices.all.first == .feed(.lost(reason: "socket closed")))
        #expect(notices.all.contains(.silence(.halt(silentFor: 300_000))))
        live.close()
    }
}

extension EngineEvent: Equatable {
    public static func == (a: EngineEvent, b: EngineEvent) -> Bool {
        switch (a, b) {
        case (.advance(let x), .advance(let y)): x == y
        case (.bar(let x), .bar(let y)): x == y
        case (.execution(let x), .execution(let y)): x == y
        case (.idle, .idle): true
        default: false
        }
    }
}

@Suite struct LiveEventSourceBarsClockTests {
    static let minute: Int64 = 60_000

    func bar(_ minute: Int64) -> Bar {
        Bar(symbol: "AAPL", timestamp: minute * Self.minute, open: 10, high: 10, low: 10, close: 10, volume: 100)
    }

    @Test func aFeedThatSetsTheTimeMovesItByItsBarsAsAReplayDoes() async throws {
        let feed = PushedFeed()
        // The wall clock is in 2026; the bars are from years earlier.
        let wall = ManualTimeSource(milliseconds: 29_600_000 * Self.minute)
        let clock = ManualTimeSource(milliseconds: wall.nowMilliseconds)
        let live = LiveEventSource(
            feed: feed, executions: nil, venue: nil, clock: clock, wallClock: wall,
            settings: .init(interval: Self.minute, grace: 2_000, silenceAlert: 120_000, silenceHalt: 300_000,
                            tick: .milliseconds(5), idleEvery: 1_000, followsBars: true),
            notices: { _ in })
        feed.continuation.yield(.bar(bar(600)))
        // The first bar sets the time to its start, as a replay's: the advance to it, then the bar.
        #expect(try await LiveEventSourceTests.skippingIdle(live) == .advance(to: 600 * Self.minute))
        #expect(try await LiveEventSourceTests.skippingIdle(live) == .bar(bar(600)))
        #expect(clock.nowMilliseconds == 600 * Self.minute)
        // A minute of wall time later nothing has moved: the bars' time moves by bars, as a replay's.
        wall.advance(by: Self.minute + 2_000)
        feed.continuation.yield(.bar(bar(601)))
        #expect(try await LiveEventSourceTests.skippingIdle(live) == .advance(to: 601 * Self.minute))
        #expect(clock.nowMilliseconds == 601 * Self.minute)
        #expect(try await LiveEventSourceTests.skippingIdle(live) == .bar(bar(601)))
        // A bar further on moves the time straight to its start first, as a replay's next bar time does.
        feed.continuation.yield(.bar(bar(610)))
        #expect(try await LiveEventSourceTests.skippingIdle(live) == .advance(to: 610 * Self.minute))
        #expect(try await LiveEventSourceTests.skippingIdle(live) == .bar(bar(610)))
        #expect(clock.nowMilliseconds == 610 * Self.minute)
        live.close()
    }
}

@Suite struct LiveEventSourceDrainTests {
    @Test func reportsThatComeAfterTheRunStoppedAreReturnedWithinTheBound() async throws {
        let feed = PushedFeed()
        let wall = ManualTimeSource(milliseconds: 600 * 60_000 + 500)
        let (reports, reporter) = AsyncStream<ExecutionReport>.makeStream()
        let live = LiveEventSource(
            feed: feed, executions: reports, venue: nil, clock: ManualTimeSource(), wallClock: wall,
            settings: .init(interval: 60_000, grace: 2_000, silenceAlert: 120_000, silenceHalt: 300_000, tick: .milliseconds(5)),
            notices: { _ in })
        #expect(try await live.next() == .advance(to: 599 * 60_000))
        feed.continuation.finish()
        #expect(try await LiveEventSourceTests.skippingIdle(live) == nil)
        // The run stopped and cancelled its orders; a fill that raced a cancel comes now.
        let fill = Fill(executionID: "x-1", clientOrderID: "o-1", symbol: "AAPL", side: .buy, quantity: 10, price: 100,
                        fee: 0, timestamp: 600 * 60_000)
        reporter.yield(.filled(fill))
        reporter.yield(.cancelled(clientOrderID: "o-2"))
        // The broker says no more (here: its stream ends), so the drain need not wait out its bound.
        reporter.finish()
        let drained = await live.drain(for: .seconds(60))
        #expect(drained == [.execution(.filled(fill)), .execution(.cancelled(clientOrderID: "o-2"))])
        live.close()
    }

    @Test func aDrainEndsAtItsBound() async throws {
        let feed = PushedFeed()
        let (reports, reporter) = AsyncStream<ExecutionReport>.makeStream()
        let live = LiveEventSource(
            feed: feed, executions: reports, venue: nil, clock: ManualTimeSource(),
            wallClock: ManualTimeSource(milliseconds: 600 * 60_000 + 500),
            settings: .init(interval: 60_000, grace: 2_000, silenceAlert: 120_000, silenceHalt: 300_000, tick: .milliseconds(5)),
            notices: { _ in })
        _ = try await live.next()
        // Nothing comes: it returns once the bound is over (the ticks wake it), empty.
        #expect(await live.drain(for: .milliseconds(50)).isEmpty)
        reporter.finish()
        live.close()
    }
}
