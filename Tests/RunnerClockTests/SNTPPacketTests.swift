import RunnerClock
import Testing

@Suite struct SNTPPacketTests {
    @Test func aRequestIsMode3Version4WithOnlyItsTransmitTimestamp() {
        let bytes = SNTPPacket.request(transmit: NTPTimestamp(rawValue: 0x0102_0304_0506_0708)).encoded()
        #expect(bytes.count == 48)
        #expect(bytes[0] == 0b00_100_011)
        #expect(bytes[1..<40].allSatisfy { $0 == 0 })
        #expect(Array(bytes[40..<48]) == [1, 2, 3, 4, 5, 6, 7, 8])
    }

    @Test func everyFieldSurvivesEncodingAndDecoding() throws {
        let packet = SNTPPacket(
            leapIndicator: .lastMinuteHas61Seconds, version: 3, mode: .server, stratum: 2, poll: 6, precision: -20,
            rootDelay: 0x0000_1234, rootDispersion: 0x0000_0567, referenceIdentifier: 0x4750_5300,
            referenceTimestamp: NTPTimestamp(rawValue: 1), originateTimestamp: NTPTimestamp(rawValue: 2),
            receiveTimestamp: NTPTimestamp(rawValue: 3), transmitTimestamp: NTPTimestamp(rawValue: .max))
        let bytes = packet.encoded()
        #expect(bytes[0] == 0b01_011_100)
        #expect(bytes[3] == 0xEC)  // -20
        #expect(try #require(SNTPPacket(decoding: bytes)) == packet)
        #expect(packet.referenceText == "GPS")
    }

    @Test func extensionFieldsAfterTheHeaderAreIgnored() throws {
        let packet = SNTPPacket(mode: .server, stratum: 1, transmitTimestamp: NTPTimestamp(rawValue: 42))
        #expect(try #require(SNTPPacket(decoding: packet.encoded() + [UInt8](repeating: 0xAB, count: 20))) == packet)
    }

    @Test(arguments: [0, 1, 47])
    func aShortMessageDoesNotDecode(_ length: Int) {
        #expect(SNTPPacket(decoding: [UInt8](repeating: 0xFF, count: length)) == nil)
    }

    @Test func everyFirstByteDecodesWithoutTrapping() {
        for first in UInt8.min...UInt8.max {
            var bytes = [UInt8](repeating: 0xFF, count: 48)
            bytes[0] = first
            let packet = SNTPPacket(decoding: bytes)
            #expect(packet?.encoded() == bytes)
        }
    }
}
