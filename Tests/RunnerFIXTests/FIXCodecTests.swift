import Foundation
import RunnerTesting
import Testing

@testable import RunnerFIX

@Suite struct FIXCodecTests {
    static let order = FIXMessage(
        type: "D",
        [
            FIXField(49, "RUNNER"), FIXField(56, "BROKER"), FIXField(34, "7"), FIXField(52, "20261201-14:30:05.123"),
            FIXField(11, "o-1"), FIXField(55, "AAPL"), FIXField(54, "1"), FIXField(38, "100"), FIXField(40, "1"),
        ])

    static func wire(_ message: FIXMessage) -> [UInt8] { FIXEncoder.encode(message) }

    static func decodeAll(_ bytes: [UInt8]) -> [FIXDecoded] {
        var decoder = FIXFrameDecoder()
        decoder.append(bytes)
        var results: [FIXDecoded] = []
        while let next = decoder.next() { results.append(next) }
        return results
    }

    /// Replaces `|` by SOH, for hand-written wire text.
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8).map { $0 == UInt8(ascii: "|") ? 0x01 : $0 } }

    @Test func encoderWritesBeginStringBodyLengthTypeFirstAndThreeDigitChecksum() {
        let text = String(
            decoding: Self.wire(FIXMessage(type: "0", [FIXField(49, "A"), FIXField(56, "B"), FIXField(34, "1")])),
            as: UTF8.self
        ).replacingOccurrences(of: "\u{1}", with: "|")
        // Body "35=0|49=A|56=B|34=1|" is 20 bytes.
        #expect(text.hasPrefix("8=FIX.4.4|9=20|35=0|49=A|56=B|34=1|10="))
        let bytes = Array(text.utf8).map { $0 == UInt8(ascii: "|") ? UInt8(1) : $0 }
        let trailerStart = bytes.count - 7
        let sum = bytes[..<trailerStart].reduce(0) { ($0 + Int($1)) % 256 }
        #expect(text.hasSuffix("10=\(String(format: "%03d", sum))|"))
        #expect(text.count == trailerStart + 7)
    }

    @Test func aMessageRoundTripsWithItsFieldsInOrder() {
        #expect(Self.decodeAll(Self.wire(Self.order)) == [.message(Self.order)])
    }

    @Test func bytesArrivingOneAtATimeMakeOneMessage() {
        var decoder = FIXFrameDecoder()
        var results: [FIXDecoded] = []
        for byte in Self.wire(Self.order) + Self.wire(Self.order) {
            decoder.append([byte])
            while let next = decoder.next() { results.append(next) }
        }
        #expect(results == [.message(Self.order), .message(Self.order)])
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test func aBadChecksumIsGarbledAndTheNextMessageStillReads() {
        var bad = Self.wire(Self.order)
        bad[bad.count - 2] = bad[bad.count - 2] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
        let results = Self.decodeAll(bad + Self.wire(Self.order))
        guard case .garbled(.badCheckSum) = results.first else {
            Issue.record("expected a bad checksum, got \(results)")
            return
        }
        #expect(results.last == .message(Self.order))
    }

    @Test func aWrongBodyLengthIsGarbled() {
        let results = Self.decodeAll(Self.bytes("8=FIX.4.4|9=6|35=0|49=A|56=B|34=1|10=000|") + Self.wire(Self.order))
        #expect(results.first == .garbled(.wrongBodyLength(declared: 6)))
        #expect(results.last == .message(Self.order))
    }

    @Test func garbageBeforeTheBeginStringIsSkippedAndCounted() {
        let results = Self.decodeAll(Array("hello".utf8) + Self.wire(Self.order))
        #expect(results == [.garbled(.garbageBeforeBeginString(byteCount: 5)), .message(Self.order)])
    }

    @Test func aMessageOverTheSizeLimitIsGarbled() {
        var decoder = FIXFrameDecoder(maximumBodyLength: 64 * 1024)
        decoder.append(Self.bytes("8=FIX.4.4|9=70000|35=0|"))
        #expect(decoder.next() == .garbled(.messageTooLarge(bodyLength: 70000, limit: 65536)))
    }

    @Test func missingBodyLengthAndChecksumAreGarbled() {
        #expect(Self.decodeAll(Self.bytes("8=FIX.4.4|35=0|")).first == .garbled(.missingBodyLength))
        #expect(Self.decodeAll(Self.bytes("8=FIX.4.4|9=x|35=0|")).first == .garbled(.malformedBodyLength("x")))
        // 9=10 ends the body after "35=0|34=1|"; "11=" stands where "10=" belongs.
        #expect(Self.decodeAll(Self.bytes("8=FIX.4.4|9=10|35=0|34=1|11=123|")).first == .garbled(.missingCheckSum))
        #expect(
            Self.decodeAll(Self.bytes("8=FIX.4.2|9=10|35=0|34=1|10=123|")).first
                == .garbled(.wrongBeginString("FIX.4.2")))
    }

    /// Encodes `body` (SOH-separated, `|` for SOH) with a correct length and checksum.
    static func framed(_ body: String) -> [UInt8] {
        let bodyBytes = bytes(body)
        var message = bytes("8=FIX.4.4|9=\(bodyBytes.count)|") + bodyBytes
        message += Array("10=\(FIXEncoder.threeDigits(FIXEncoder.checksum(message[...])))".utf8) + [1]
        return message
    }

    @Test func wellFramedMessagesWithBadFieldsAreInvalidWithTheirSequenceNumber() {
        #expect(
            Self.decodeAll(Self.framed("35=0|34=4|4x=1|"))
                == [.invalid(.nonNumericTag("4x"), sequenceNumber: 4, messageType: "0")])
        #expect(
            Self.decodeAll(Self.framed("49=A|34=5|"))
                == [.invalid(.missingMessageType, sequenceNumber: 5, messageType: nil)])
        #expect(
            Self.decodeAll(Self.framed("35=8|34=6|11=|"))
                == [.invalid(.emptyValue(tag: 11), sequenceNumber: 6, messageType: "8")])
        #expect(FIXDecodeError.missingMessageType.sessionReject == (1, 35))
    }

    /// Thousands of seeded random mutations of valid messages: the decoder never traps, never stalls
    /// (each `next()` consumes bytes or asks for more), holds a bounded buffer, and reads a valid message
    /// that follows once the damaged bytes are behind it.
    @Test func randomMutationsNeverCrashOrStall() {
        var random = SplitMix64(seed: 0xF1C5_4E55)
        let samples = [Self.wire(Self.order), Self.framed("35=AP|34=9|702=2|703=TQ|704=10|705=0|703=SOD|704=5|705=2|")]
        for _ in 0..<5000 {
            var bytes = samples[Int(random.next() % UInt64(samples.count))]
            for _ in 0...(random.next() % 4) {
                let index = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 4 {
                case 0: bytes[index] = UInt8(truncatingIfNeeded: random.next())
                case 1: bytes.remove(at: index)
                case 2: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: index)
                default: bytes.insert(contentsOf: [1, UInt8(ascii: "8"), UInt8(ascii: "=")], at: index)
                }
                if bytes.isEmpty { bytes = [0] }
            }
            var decoder = FIXFrameDecoder(maximumBodyLength: 4096)
            var chunks = bytes[...]
            var steps = 0
            while !chunks.isEmpty {
                let size = Int(random.next() % 16) + 1
                decoder.append(chunks.prefix(size))
                chunks = chunks.dropFirst(size)
                while decoder.next() != nil {
                    steps += 1
                    #expect(steps <= bytes.count + 10, "the decoder must consume bytes on every result")
                    if steps > bytes.count + 10 { return }
                }
                #expect(decoder.bufferedByteCount <= 4096 + 64)
            }
            // Filler beyond any length the damage may have declared, then a clean message: it reads.
            decoder.append(Array(repeating: UInt8(ascii: "x"), count: 4200) + Self.wire(Self.order))
            var last: FIXDecoded?
            while let next = decoder.next() { last = next }
            #expect(last == .message(Self.order))
        }
    }

    @Test func repeatingGroupsReadInOrderAndRefuseAWrongCount() {
        let report = FIXMessage(
            type: "AP",
            [
                FIXField(55, "AAPL"), FIXField(702, "2"), FIXField(703, "TQ"), FIXField(704, "100"),
                FIXField(705, "30"),
                FIXField(703, "SOD"), FIXField(704, "5"), FIXField(58, "after the group"),
            ])
        let entries = report.group(count: 702, first: 703, members: [704, 705])
        #expect(
            entries == [
                [FIXField(703, "TQ"), FIXField(704, "100"), FIXField(705, "30")],
                [FIXField(703, "SOD"), FIXField(704, "5")],
            ])
        var short = report
        short.set(702, "3")
        #expect(short.group(count: 702, first: 703, members: [704, 705]) == nil)
    }

    @Test func pricesAreExactDecimals() {
        let message = FIXMessage(type: "8", [FIXField(31, "56.31"), FIXField(12, "-0.0035"), FIXField(32, "1e3")])
        #expect(message.decimal(31) == Decimal(string: "56.31"))
        #expect("\(message.decimal(31)!)" == "56.31")
        #expect(message.decimal(12) == Decimal(string: "-0.0035"))
        #expect(message.decimal(32) == nil)
    }

    @Test(arguments: [
        ("20261201-14:30:05.123", Int64(1_796_135_405_123)), ("19700101-00:00:00", Int64(0)),
        ("20240229-23:59:59.9", Int64(1_709_251_199_900)),
    ])
    func timestampsReadAndWrite(text: String, milliseconds: Int64) {
        #expect(FIXTimestamp.parse(text) == milliseconds)
        let written = FIXTimestamp.format(milliseconds: milliseconds)
        #expect(FIXTimestamp.parse(written) == milliseconds)
        #expect(written.count == 21)
        #expect(FIXTimestamp.parse("2026-12-01 14:30") == nil)
    }
}
