import RunnerTesting
import Testing

@testable import RunnerFIX

@Suite struct FIXSessionSequenceTests {
    @Test func messagesInOrderAreDeliveredAndCounted() {
        var session = SessionScript.loggedOn()
        let actions = session.received(SessionScript.execution(2, id: "a"), now: 1)
        #expect(actions.delivered.map { $0[11] } == ["a"])
        #expect(actions.persisted.last?.nextIncoming == 3)
    }

    @Test func aGapAsksForAResendAndHoldsLaterMessagesUntilItIsFilled() {
        var session = SessionScript.loggedOn()
        var actions = session.received(SessionScript.execution(4, id: "d"), now: 1)
        #expect(actions.delivered.isEmpty)
        let resend = actions.sent.first
        #expect(resend?.messageType == "2")
        #expect(resend?[7] == "2")
        #expect(resend?[16] == "0")
        #expect(session.isFillingGap)
        // One ResendRequest per gap, however many messages come meanwhile.
        actions = session.received(SessionScript.execution(5, id: "e"), now: 2)
        #expect(actions.sent.isEmpty && actions.delivered.isEmpty)
        // The resend: 2 again, 3 as a gap fill (an administrative message), then the queue in order.
        actions = session.received(SessionScript.execution(2, id: "b", possibleDuplicate: true), now: 3)
        #expect(actions.delivered.map { $0[11] } == ["b"])
        actions = session.received(
            SessionScript.incoming("4", 3, [FIXField(123, "Y"), FIXField(36, "4")], possibleDuplicate: true), now: 4)
        #expect(actions.delivered.map { $0[11] } == ["d", "e"])
        #expect(!session.isFillingGap)
        #expect(session.numbers.nextIncoming == 6)
        #expect(actions.persisted.last?.nextIncoming == 6)
    }

    @Test func aPossibleDuplicateBelowTheExpectedNumberIsDropped() {
        var session = SessionScript.loggedOn(incoming: 5)
        let actions = session.received(SessionScript.execution(3, id: "old", possibleDuplicate: true), now: 1)
        #expect(actions.delivered.isEmpty)
        #expect(actions.disconnectReason == nil)
        #expect(session.numbers.nextIncoming == 6)
    }

    @Test func aNumberBelowTheExpectedWithoutPossibleDuplicateLogsOut() {
        var session = SessionScript.loggedOn(incoming: 5)
        let actions = session.received(SessionScript.execution(3, id: "old"), now: 1)
        #expect(actions.sent.map(\.messageType) == ["5"])
        #expect(actions.sent.first?[58] == "MsgSeqNum too low, expecting 6 but received 3")
        #expect(actions.disconnectReason == "MsgSeqNum too low, expecting 6 but received 3")
    }

    @Test func aSequenceResetWithoutGapFillMovesTheExpectedNumberWhateverItsOwn() {
        var session = SessionScript.loggedOn()
        let actions = session.received(SessionScript.incoming("4", 99, [FIXField(36, "40")]), now: 1)
        #expect(actions.sent.isEmpty)
        #expect(session.numbers.nextIncoming == 40)
        let backwards = session.received(SessionScript.incoming("4", 41, [FIXField(36, "10")]), now: 2)
        #expect(backwards.sent.first?.messageType == "3")
        #expect(backwards.sent.first?[373] == "5")
        #expect(session.numbers.nextIncoming == 40)
    }

    @Test func aResendRequestIsAnsweredWithOneGapFillAndNoApplicationMessage() {
        var session = SessionScript.loggedOn(outgoing: 1)
        for _ in 0..<5 { _ = session.send(FIXMessage(type: "D", [FIXField(11, "x")]), now: 1) }
        let before = session.numbers.nextOutgoing
        #expect(before == 7)
        let actions = session.received(SessionScript.incoming("2", 2, [FIXField(7, "3"), FIXField(16, "0")]), now: 2)
        #expect(actions.sent.count == 1)
        let gapFill = actions.sent.first
        #expect(gapFill?.messageType == "4")
        #expect(gapFill?[34] == "3")
        #expect(gapFill?[43] == "Y")
        #expect(gapFill?[122] != nil)
        #expect(gapFill?[123] == "Y")
        #expect(gapFill?[36] == "7")
        // The gap fill reuses the range's numbers: ours go on where they were.
        #expect(session.numbers.nextOutgoing == before)
        // A bounded range is filled only up to its end.
        let bounded = session.received(SessionScript.incoming("2", 3, [FIXField(7, "2"), FIXField(16, "4")]), now: 3)
        #expect(bounded.sent.first?[36] == "5")
    }

    @Test func aLogoutFromTheCounterpartyIsAnsweredAndCloses() {
        var session = SessionScript.loggedOn()
        let actions = session.received(SessionScript.incoming("5", 2, [FIXField(58, "end of day")]), now: 1)
        #expect(actions.sent.map(\.messageType) == ["5"])
        #expect(actions.disconnectReason == "the counterparty logged out: end of day")
    }

    @Test func ourLogoutWaitsForTheAnswerWithABound() {
        var session = SessionScript.loggedOn()
        #expect(session.logout(now: 10).sent.map(\.messageType) == ["5"])
        #expect(session.send(FIXMessage(type: "D"), now: 11) == nil)
        #expect(session.tick(now: 2_009).disconnectReason == nil)
        #expect(session.tick(now: 2_010).disconnectReason == "no Logout reply within 2000 ms")
        var answered = SessionScript.loggedOn()
        _ = answered.logout(now: 10)
        #expect(answered.received(SessionScript.incoming("5", 2), now: 20).disconnectReason == "logged out")
    }

    @Test func aWellFramedMessageWithABadFieldIsRejectedAndCounted() {
        var session = SessionScript.loggedOn()
        let actions = session.received(.invalid(.missingMessageType, sequenceNumber: 2, messageType: nil), now: 1)
        let reject = actions.sent.first
        #expect(reject?.messageType == "3")
        #expect(reject?[45] == "2")
        #expect(reject?[371] == "35")
        #expect(reject?[373] == "1")
        #expect(reject?[58] != nil)
        #expect(session.numbers.nextIncoming == 3)
    }

    @Test func aGarbledMessageIsLoggedAndUsesNoNumber() {
        var session = SessionScript.loggedOn()
        let actions = session.received(.garbled(.badCheckSum(declared: "001", computed: 2)), now: 1)
        #expect(actions.sent.isEmpty)
        #expect(actions.persisted.isEmpty)
        #expect(session.numbers.nextIncoming == 2)
        #expect(actions.contains { if case .log = $0 { true } else { false } })
    }

    @Test func applicationRejectsReferToTheMessageAndTag() {
        var session = SessionScript.loggedOn()
        let actions = session.reject(
            sequenceNumber: 9, messageType: "8", tag: 150, reason: 1, text: "no ExecType", now: 1)
        #expect(actions.sent.first?.fields.map(\.tag).suffix(5) == [45, 371, 372, 373, 58])
        let business = session.businessReject(
            sequenceNumber: 9, messageType: "ZZ", reason: 3, text: "unsupported", now: 1)
        #expect(business.sent.first?.messageType == "j")
        #expect(business.sent.first?[380] == "3")
    }

    @Test func nothingIsSentBeforeTheLogon() {
        var session = FIXSession(configuration: SessionScript.configuration, numbers: FIXSequenceNumbers())
        #expect(session.send(FIXMessage(type: "D"), now: 0) == nil)
        #expect(session.numbers.nextOutgoing == 1)
    }
}

@Suite struct FIXSessionFuzzTests {
    /// Thousands of seeded random messages (types, numbers at and beyond the limits, flags) into a logged-on
    /// session: it never traps, its expected number never goes backwards, and it never queues without bound.
    @Test func randomMessagesNeverCrashTheSession() {
        var random = SplitMix64(seed: 0x5E55_1011)
        let types = ["0", "1", "2", "3", "4", "5", "8", "A", "ZZ"]
        let numbers = ["1", "2", "3", "0", "-1", "2147483647", "2147483648", "9223372036854775807", "x", ""]
        var configuration = SessionScript.configuration
        configuration.maximumQueuedMessages = 50
        for round in 0..<200 {
            var session = FIXSession(configuration: configuration, numbers: FIXSequenceNumbers())
            _ = session.connected(now: 0)
            _ = session.received(SessionScript.logonReply(1), now: 0)
            var now: Int64 = 0
            for _ in 0..<50 {
                func pick(_ values: [String]) -> String { values[Int(random.next() % UInt64(values.count))] }
                let sequence =
                    random.next() % 3 == 0
                    ? pick(numbers) : String(session.numbers.nextIncoming + Int(random.next() % 4))
                var fields = [FIXField(49, "BROKER"), FIXField(56, "RUNNER"), FIXField(34, sequence)]
                if random.next() % 2 == 0 { fields.append(FIXField(43, "Y")) }
                for tag in [7, 16, 36, 112, 123] where random.next() % 2 == 0 {
                    fields.append(FIXField(tag, tag == 123 ? pick(["Y", "N"]) : pick(numbers)))
                }
                let before = session.numbers.nextIncoming
                now += Int64(random.next() % 20_000)
                let decoded: FIXDecoded =
                    random.next() % 10 == 0
                    ? .invalid(.missingMessageType, sequenceNumber: Int(sequence), messageType: nil)
                    : .message(FIXMessage(type: pick(types), fields))
                let actions = session.received(decoded, now: now) + session.tick(now: now)
                #expect(session.numbers.nextIncoming >= before, "round \(round)")
                #expect(session.queue.count <= 50)
                if actions.disconnectReason != nil {
                    session.disconnected()
                    _ = session.connected(now: now)
                    _ = session.received(SessionScript.logonReply(session.numbers.nextIncoming), now: now)
                }
            }
        }
    }
}
