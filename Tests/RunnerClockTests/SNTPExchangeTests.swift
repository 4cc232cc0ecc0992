import RunnerClock
import RunnerTesting
import Testing

/// The reply checks and the offset and delay formulas, without a network.
@Suite struct SNTPExchangeTests {
    static let t1: Int64 = 1_795_003_200 * 1_000_000_000
    let exchange = SNTPExchange(nonce: 0xDEAD_BEEF_0BAD_CAFE, sentAt: Self.t1)

    /// A good reply to `exchange`: received at T2 and sent at T3 (Unix nanoseconds), then `edit`ed.
    func reply(t2: Int64, t3: Int64, _ edit: (inout SNTPPacket) -> Void = { _ in }) -> [UInt8] {
        var packet = SNTPPacket(
            mode: .server, stratum: 2, originateTimestamp: exchange.sentTransmit,
            receiveTimestamp: NTPTimestamp(unixNanoseconds: t2), transmitTimestamp: NTPTimestamp(unixNanoseconds: t3))
        edit(&packet)
        return packet.encoded()
    }

    @Test func theRequestCarriesTheNonceAsItsTransmitTimestamp() throws {
        let request = try #require(SNTPPacket(decoding: exchange.request))
        #expect(request.mode == .client && request.version == 4)
        #expect(request.transmitTimestamp.rawValue == 0xDEAD_BEEF_0BAD_CAFE)
    }

    /// RFC 4330's formulas: offset ((T2-T1)+(T3-T4))/2, delay (T4-T1)-(T3-T2).
    @Test func offsetAndDelayFollowTheFormulas() throws {
        // The server is 2 s ahead; 3 ms out, 5 ms back, 1 ms inside the server.
        let t2 = Self.t1 + 2_000_000_000 + 3_000_000
        let t3 = t2 + 1_000_000
        let t4 = Self.t1 + 3_000_000 + 1_000_000 + 5_000_000
        let sample = try exchange.accept(reply(t2: t2, t3: t3), receivedAt: t4).get()
        #expect(sample.delayNanoseconds == 8_000_000)
        #expect(sample.offsetNanoseconds == 2_000_000_000 - 1_000_000)  // asymmetry: off by half the difference
        #expect(sample == ClockSample(t1: Self.t1, t2: t2, t3: t3, t4: t4))
        #expect(sample.description == "+1999.0ms (delay 8.0ms)")
    }

    @Test func aServerBehindGivesANegativeOffset() throws {
        let sample = try exchange.accept(reply(t2: Self.t1 - 500_000_000, t3: Self.t1 - 500_000_000),
                                         receivedAt: Self.t1 + 200_000).get()
        #expect(sample.offsetNanoseconds == -500_100_000)
        #expect(sample.description == "-500.1ms (delay 0.2ms)")
    }

    @Test(arguments: [
        (ReplyEdit.wrongOriginate, "is not the transmit timestamp"),
        (.wrongMode, "mode 3 (client), not mode 4 (server)"),
        (.kissOfDeath, "kiss-o'-death (stratum 0, code RATE)"),
        (.unsynchronisedLeap, "leap indicator is 3"),
        (.stratum16, "stratum 16"),
        (.zeroTransmit, "transmit timestamp is zero"),
        (.zeroReceive, "receive timestamp is zero"),
        (.version2, "NTP version 2"),
        (.transmitBeforeReceive, "transmit timestamp is earlier than its receive"),
    ])
    func aHostileReplyIsRefusedWithItsReason(_ edit: ReplyEdit, _ reason: String) {
        let result = exchange.accept(reply(t2: Self.t1, t3: Self.t1 + 1000, edit.apply), receivedAt: Self.t1 + 2000)
        guard case .failure(let problem) = result else {
            Issue.record("accepted a reply with \(edit)")
            return
        }
        #expect(problem.description.contains(reason), "\(problem)")
    }

    @Test(arguments: [0, 12, 47])
    func aShortReplyIsRefused(_ length: Int) {
        let bytes = Array(reply(t2: Self.t1, t3: Self.t1).prefix(length))
        #expect(exchange.accept(bytes, receivedAt: Self.t1) == .failure(.tooShort(bytes: length)))
        #expect(SNTPReplyProblem.tooShort(bytes: length).description.contains("shorter than the 48-byte SNTP header"))
    }

    @Test func randomBytesAreRefusedNeverTrap() {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<5_000 {
            let bytes = (0..<Int(generator.next() % 80)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            if case .success = exchange.accept(bytes, receivedAt: Self.t1) {
                Issue.record("random bytes accepted: \(bytes)")
            }
        }
    }
}

enum ReplyEdit: String, CaseIterable, Sendable {
    case wrongOriginate, wrongMode, kissOfDeath, unsynchronisedLeap, stratum16, zeroTransmit, zeroReceive, version2
    case transmitBeforeReceive

    func apply(_ packet: inout SNTPPacket) {
        switch self {
        case .wrongOriginate: packet.originateTimestamp = NTPTimestamp(rawValue: packet.originateTimestamp.rawValue &+ 1)
        case .wrongMode: packet.mode = .client
        case .kissOfDeath:
            packet.stratum = 0
            packet.referenceIdentifier = 0x5241_5445  // "RATE"
        case .unsynchronisedLeap: packet.leapIndicator = .unsynchronised
        case .stratum16: packet.stratum = 16
        case .zeroTransmit: packet.transmitTimestamp = .zero
        case .zeroReceive: packet.receiveTimestamp = .zero
        case .version2: packet.version = 2
        case .transmitBeforeReceive:
            swap(&packet.receiveTimestamp, &packet.transmitTimestamp)
        }
    }
}
