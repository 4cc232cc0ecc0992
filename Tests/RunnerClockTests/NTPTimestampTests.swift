import RunnerClock
import Testing

@Suite struct NTPTimestampTests {
    /// 2026-11-30T12:00:00.25Z in Unix nanoseconds.
    static let now: Int64 = 1_795_003_200 * 1_000_000_000 + 250_000_000

    @Test func theUnixEpochIsSecond2208988800OfEraZero() {
        let epoch = NTPTimestamp(unixNanoseconds: 0)
        #expect(epoch.seconds == 2_208_988_800)
        #expect(epoch.fraction == 0)
        #expect(epoch.unixNanoseconds(near: Self.now) == 0)
    }

    @Test func aQuarterSecondIsAQuarterOfTheFraction() {
        let stamp = NTPTimestamp(unixNanoseconds: Self.now)
        #expect(stamp.fraction == 1 << 30)
        #expect(stamp.unixNanoseconds(near: Self.now) == Self.now)
    }

    @Test(arguments: [Int64(0), 1, 999_999_999, 123_456_789, 500_000_000])
    func nanosecondsSurviveTheRoundTrip(_ subsecond: Int64) {
        let time = Self.now - 250_000_000 + subsecond
        #expect(NTPTimestamp(unixNanoseconds: time).unixNanoseconds(near: time) == time)
    }

    /// Era 0 ends at 2036-02-07T06:28:16Z (Unix 2085978496); era 1 starts again at NTP second 0.
    @Test func timestampsAcrossThe2036WrapAreReadInTheNearestEra() {
        let wrap: Int64 = 2_085_978_496 * 1_000_000_000
        let justBefore = NTPTimestamp(unixNanoseconds: wrap - 1_000_000_000)
        let justAfter = NTPTimestamp(unixNanoseconds: wrap + 1_000_000_000)
        #expect(justBefore.seconds == UInt32.max)
        #expect(justAfter.seconds == 1)
        // A reference on either side of the wrap reads both the right way.
        for reference in [wrap - 5_000_000_000, wrap + 5_000_000_000] {
            #expect(justBefore.unixNanoseconds(near: reference) == wrap - 1_000_000_000)
            #expect(justAfter.unixNanoseconds(near: reference) == wrap + 1_000_000_000)
        }
        // Far into era 1 (2050), a server's time still reads as 2050, not 1914.
        let in2050: Int64 = 2_524_608_000 * 1_000_000_000
        #expect(NTPTimestamp(unixNanoseconds: in2050).unixNanoseconds(near: in2050 + 3_600_000_000_000) == in2050)
    }
}
