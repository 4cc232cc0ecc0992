import RunnerCore
import Testing

@testable import RunnerFeed

@Suite struct BarArrivalPolicyTests {
    static let minute: Int64 = 60_000

    func bar(_ symbol: Symbol = "AAPL", minute: Int64, close: Double = 10) -> Bar {
        Bar(symbol: symbol, timestamp: minute * Self.minute, open: close, high: close, low: close, close: close, volume: 100)
    }

    @Test func theFirstCloseIsTheIntervalInProgressAndLaterOnesWaitForTheGrace() {
        var policy = BarArrivalPolicy(interval: Self.minute, grace: 2_000)
        // 10:00:01 with a 2 s grace: the bar [09:59, 10:00) may still be on its way.
        #expect(policy.closes(now: 600 * Self.minute + 1_000) == [599 * Self.minute])
        #expect(policy.closes(now: 600 * Self.minute + 1_999).isEmpty)
        #expect(policy.closes(now: 600 * Self.minute + 2_000) == [600 * Self.minute])
        #expect(policy.nextClose == 601 * Self.minute + 2_000)
        // A stall of three minutes closes each interval in order, none skipped.
        #expect(policy.closes(now: 603 * Self.minute + 2_500) == [601, 602, 603].map { $0 * Self.minute })
    }

    @Test func barsOfOpenIntervalsAreDeliveredAndLateOnesDropped() {
        var policy = BarArrivalPolicy(interval: Self.minute, grace: 2_000)
        _ = policy.closes(now: 600 * Self.minute + 2_000)  // closed through 10:00
        #expect(policy.arrive(bar(minute: 600)) == .deliver)
        #expect(policy.arrive(bar("MSFT", minute: 599)) == .dropLate(closedThrough: 600 * Self.minute))
        _ = policy.closes(now: 601 * Self.minute + 2_000)
        // MSFT's 10:00 bar came after 10:01 closed: its decisions were made without it.
        #expect(policy.arrive(bar("MSFT", minute: 600)) == .dropLate(closedThrough: 601 * Self.minute))
        #expect(policy.arrive(bar("MSFT", minute: 601)) == .deliver)
    }

    @Test func duplicatesAreDroppedAndConflictingOnesSaySo() {
        var policy = BarArrivalPolicy(interval: Self.minute, grace: 0)
        _ = policy.closes(now: 600 * Self.minute)
        let first = bar(minute: 600, close: 10)
        #expect(policy.arrive(first) == .deliver)
        #expect(policy.arrive(first) == .dropDuplicate)
        #expect(policy.arrive(bar(minute: 600, close: 11)) == .dropConflictingDuplicate(first))
        // An older bar of a symbol already past it is late, not a duplicate.
        #expect(policy.arrive(bar(minute: 601)) == .deliver)
        #expect(policy.arrive(bar(minute: 600)) == .dropLate(closedThrough: 600 * Self.minute))
    }

    @Test func missingBarsAreCountedNeverInvented() {
        var policy = BarArrivalPolicy(interval: Self.minute, grace: 0)
        _ = policy.closes(now: 600 * Self.minute)
        #expect(policy.arrive(bar(minute: 600)) == .deliver)
        #expect(policy.arrive(bar(minute: 601)) == .deliver)
        #expect(policy.arrive(bar(minute: 605)) == .deliverAfterGap(missing: 3))
        #expect(policy.arrive(bar("MSFT", minute: 605)) == .deliver)
    }

    @Test func negativeTimesFloorDownward() {
        #expect(BarArrivalPolicy.floor(-1, to: 60_000) == -60_000)
        #expect(BarArrivalPolicy.floor(60_000, to: 60_000) == 60_000)
    }
}

@Suite struct FeedSilenceTests {
    @Test func alertThenHaltOncePerSilenceAndABarEndsIt() {
        var silence = FeedSilence(alertAfter: 120_000, haltAfter: 300_000, startedAt: 0)
        #expect(silence.check(now: 119_999) == nil)
        #expect(silence.check(now: 120_000) == .alert(silentFor: 120_000))
        #expect(silence.check(now: 200_000) == nil)
        #expect(silence.check(now: 300_000) == .halt(silentFor: 300_000))
        #expect(silence.check(now: 900_000) == nil)
        #expect(silence.bar(at: 901_000) == .resumed(silentFor: 901_000, wasHalted: true))
        #expect(silence.check(now: 1_020_999) == nil)
        #expect(silence.check(now: 1_021_000) == .alert(silentFor: 120_000))
        #expect(silence.bar(at: 1_022_000) == .resumed(silentFor: 121_000, wasHalted: false))
        #expect(silence.bar(at: 1_023_000) == nil)
    }

    @Test func aLongSilenceFoundAtOnceHaltsWithoutASeparateAlert() {
        var silence = FeedSilence(alertAfter: 1_000, haltAfter: 2_000, startedAt: 0)
        #expect(silence.check(now: 5_000) == .halt(silentFor: 5_000))
        #expect(silence.check(now: 6_000) == nil)
    }
}

@Suite struct BarArrivalPolicyJumpTests {
    @Test func historyJumpsToEachNewBarTimeAsAReplayDoes() {
        var policy = BarArrivalPolicy(interval: 60_000, grace: 2_000)
        #expect(policy.jump(to: 600 * 60_000) == [600 * 60_000])
        #expect(policy.jump(to: 600 * 60_000).isEmpty)
        #expect(policy.jump(to: 1_500 * 60_000) == [1_500 * 60_000])
        #expect(policy.arrive(Bar(symbol: "AAPL", timestamp: 1_499 * 60_000, open: 1, high: 1, low: 1, close: 1, volume: 1))
            == .dropLate(closedThrough: 1_500 * 60_000))
    }
}

@Suite struct BarArrivalPolicyAheadTests {
    @Test func aBarFromAnIntervalNotYetOpenMovesTheTimeToItsStartFirst() {
        var policy = BarArrivalPolicy(interval: 60_000, grace: 2_000)
        _ = policy.closes(now: 600 * 60_000 + 2_000)
        #expect(policy.closes(through: 600 * 60_000).isEmpty)
        #expect(policy.closes(through: 602 * 60_000) == [601 * 60_000, 602 * 60_000])
        let closed: Int64? = policy.closedThrough
        #expect(closed == Int64(602 * 60_000))
        #expect(policy.closes(now: 602 * 60_000 + 2_000).isEmpty)
    }
}
