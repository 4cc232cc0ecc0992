import Testing

import RunnerEngine

/// `market_data.speed`: market time becomes wall time divided by the multiple; long gaps are skipped.
@Suite struct ReplayPacerTests {
    @Test func sixtyTimesRealTimeWaitsOneSecondPerMinuteBar() {
        var pacer = ReplayPacer(speed: 60)
        #expect(pacer.delay(before: 0, elapsed: .zero) == .zero)
        // The next minute bar is due one second after the first; 200 ms have gone by.
        #expect(pacer.delay(before: 60_000, elapsed: .milliseconds(200)) == .milliseconds(800))
        // Bars of the same minute are due together.
        #expect(pacer.delay(before: 60_000, elapsed: .seconds(1)) == .zero)
        // A replay that fell behind does not wait until it has caught up.
        #expect(pacer.delay(before: 120_000, elapsed: .seconds(5)) == .zero)
    }

    @Test func aNightIsSkippedNotWaitedOut() {
        var pacer = ReplayPacer(speed: 1)
        _ = pacer.delay(before: 0, elapsed: .zero)
        let overnight: Int64 = 17 * 3_600_000
        #expect(pacer.delay(before: overnight, elapsed: .milliseconds(10)) == .zero)
        #expect(pacer.delay(before: overnight + 60_000, elapsed: .milliseconds(10)) == .seconds(60))
    }
}
