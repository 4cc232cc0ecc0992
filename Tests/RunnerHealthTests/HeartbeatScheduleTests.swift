import RunnerHealth
import Testing

@Suite struct HeartbeatScheduleTests {
    @Test func heartbeatsFallOnMultiplesOfTheInterval() {
        var schedule = HeartbeatSchedule(interval: 5_000)
        let times: [Int64] = [1_000, 4_999, 5_000, 5_001, 9_999, 10_000, 12_000, 15_000]
        let due = times.filter { schedule.isDue(at: $0) }
        #expect(due == [5_000, 10_000, 15_000])
    }

    @Test func aFirstTimeOnAMultipleIsDueAtOnce() {
        var schedule = HeartbeatSchedule(interval: 60_000)
        #expect(schedule.isDue(at: 120_000))
        #expect(!schedule.isDue(at: 179_999))
        #expect(schedule.isDue(at: 180_000))
    }

    @Test(arguments: [Int64(1), 7, 5_000, 86_400_000])
    func aJumpGivesOneHeartbeatNotOnePerSkippedInterval(interval: Int64) {
        var schedule = HeartbeatSchedule(interval: interval)
        #expect(schedule.isDue(at: 0))
        // A night in a replay: the clock jumps over many intervals.
        #expect(schedule.isDue(at: interval * 1_000 + interval / 2))
        #expect(!schedule.isDue(at: interval * 1_000 + interval / 2))
        #expect(schedule.nextDue == interval * 1_001)
    }

    @Test func negativeTimesScheduleOnTheSameGrid() {
        var schedule = HeartbeatSchedule(interval: 1_000)
        #expect(!schedule.isDue(at: -1_500))
        #expect(schedule.nextDue == -1_000)
        #expect(schedule.isDue(at: -1_000))
        #expect(schedule.nextDue == 0)
    }
}
