import RunnerHealth
import Testing

@Suite struct HeartbeatScheduleTests {
    /// Which of `times` a fresh schedule says are due, in order.
    private func due(_ interval: Int64, _ times: [Int64]) -> [Int64] {
        var schedule = HeartbeatSchedule(interval: interval)
        return times.filter { schedule.isDue(at: $0) }
    }

    @Test func heartbeatsFallOnMultiplesOfTheInterval() {
        #expect(due(5_000, [1_000, 4_999, 5_000, 5_001, 9_999, 10_000, 12_000, 15_000]) == [5_000, 10_000, 15_000])
    }

    @Test func aFirstTimeOnAMultipleIsDueAtOnce() {
        #expect(due(60_000, [120_000, 179_999, 180_000]) == [120_000, 180_000])
    }

    @Test(arguments: [Int64(1), 7, 5_000, 86_400_000])
    func aJumpGivesOneHeartbeatNotOnePerSkippedInterval(interval: Int64) {
        let jump = interval * 1_000 + interval / 2
        #expect(due(interval, [0, jump, jump, interval * 1_001 - 1, interval * 1_001]) == [0, jump, interval * 1_001])
    }

    @Test func negativeTimesScheduleOnTheSameGrid() {
        #expect(due(1_000, [-1_500, -1_000, -1, 0]) == [-1_000, 0])
    }
}
