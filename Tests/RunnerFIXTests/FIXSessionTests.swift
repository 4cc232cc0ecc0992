import Testing

@testable import RunnerFIX

@Suite struct FIXSessionLogonTests {
    @Test func logonCarriesEncryptionHeartbeatAndCredentialsAndNoResetUnlessAsked() {
        var session = FIXSession(
            configuration: SessionScript.configuration,
            numbers: FIXSequenceNumbers(nextOutgoing: 12, nextIncoming: 30))
        let actions = session.connected(now: 0)
        #expect(actions.persisted == [FIXSequenceNumbers(nextOutgoing: 13, nextIncoming: 30)])
        let logon = actions.sent.first
        #expect(logon?.messageType == "A")
        #expect(logon?[34] == "12")
        #expect(logon?[98] == "0")
        #expect(logon?[108] == "10")
        #expect(logon?[141] == nil)
        #expect(logon?[553] == "runner")
        #expect(logon?[554] == "secret")
        #expect(logon?.fields.map(\.tag).prefix(5) == [35, 49, 56, 34, 52])
    }

    @Test func resetOnLogonStartsBothNumbersAtOne() {
        var configuration = SessionScript.configuration
        configuration.resetOnLogon = true
        configuration.username = nil
        configuration.password = nil
        var session = FIXSession(
            configuration: configuration, numbers: FIXSequenceNumbers(nextOutgoing: 50, nextIncoming: 60))
        let logon = session.connected(now: 0).sent.first
        #expect(logon?[141] == "Y")
        #expect(logon?[34] == "1")
        #expect(logon?[553] == nil)
        let reply = session.received(SessionScript.logonReply(1, reset: true), now: 1)
        #expect(reply.contains(.loggedOn))
        #expect(session.numbers == FIXSequenceNumbers(nextOutgoing: 2, nextIncoming: 2))
    }

    @Test func anAcceptedLogonInSequenceIsSynchronized() {
        var session = FIXSession(
            configuration: SessionScript.configuration, numbers: FIXSequenceNumbers(nextOutgoing: 1, nextIncoming: 4))
        _ = session.connected(now: 0)
        let actions = session.received(SessionScript.logonReply(4), now: 10)
        #expect(actions.contains(.loggedOn))
        #expect(actions.contains(.synchronized))
        #expect(session.numbers.nextIncoming == 5)
        #expect(session.isLoggedOn)
    }

    @Test func aLogoutInsteadOfALogonReplyIsARefusal() {
        var session = FIXSession(configuration: SessionScript.configuration, numbers: FIXSequenceNumbers())
        _ = session.connected(now: 0)
        let actions = session.received(SessionScript.incoming("5", 1, [FIXField(58, "invalid password")]), now: 5)
        #expect(actions.contains(.refused(reason: "the counterparty refused the Logon: invalid password")))
        #expect(actions.disconnectReason != nil)
        #expect(!session.isLoggedOn)
    }

    @Test func aLogonReplyWithoutHeartbeatIntervalIsRefused() {
        var session = FIXSession(configuration: SessionScript.configuration, numbers: FIXSequenceNumbers())
        _ = session.connected(now: 0)
        let actions = session.received(SessionScript.incoming("A", 1, [FIXField(98, "0")]), now: 5)
        #expect(actions.contains { if case .refused = $0 { true } else { false } })
        #expect(!session.isLoggedOn)
    }

    @Test func aLogonReplyWithTheWrongCompIDIsRefused() {
        var session = FIXSession(configuration: SessionScript.configuration, numbers: FIXSequenceNumbers())
        _ = session.connected(now: 0)
        let reply = FIXDecoded.message(
            FIXMessage(
                type: "A",
                [
                    FIXField(49, "OTHER"), FIXField(56, "RUNNER"),
                    FIXField(34, "1"), FIXField(98, "0"), FIXField(108, "10"),
                ]))
        #expect(session.received(reply, now: 1).disconnectReason?.contains("CompID") == true)
    }

    @Test func noLogonReplyWithinTheTimeoutDisconnects() {
        var session = FIXSession(configuration: SessionScript.configuration, numbers: FIXSequenceNumbers())
        _ = session.connected(now: 0)
        #expect(session.tick(now: 4_999).isEmpty)
        #expect(session.tick(now: 5_000).disconnectReason == "no Logon reply within 5000 ms")
    }

    @Test func aLogonReplyAheadOfSequenceAsksForTheGap() {
        var session = FIXSession(
            configuration: SessionScript.configuration, numbers: FIXSequenceNumbers(nextOutgoing: 3, nextIncoming: 5))
        _ = session.connected(now: 0)
        let actions = session.received(SessionScript.logonReply(9), now: 1)
        #expect(actions.contains(.loggedOn))
        #expect(!actions.contains(.synchronized))
        let resend = actions.sent.first
        #expect(resend?.messageType == "2")
        #expect(resend?[7] == "5")
        #expect(resend?[16] == "0")
        // The broker resends 5...8 and gap-fills its Logon (9).
        var later = session.received(SessionScript.execution(5, id: "a", possibleDuplicate: true), now: 2)
        later += session.received(
            SessionScript.incoming("4", 6, [FIXField(123, "Y"), FIXField(36, "10")], possibleDuplicate: true), now: 2)
        #expect(later.delivered.map { $0[11] } == ["a"])
        #expect(later.contains(.synchronized))
        #expect(session.numbers.nextIncoming == 10)
    }

    @Test func aLogonReplyBelowTheExpectedNumberEndsTheSession() {
        var session = FIXSession(
            configuration: SessionScript.configuration, numbers: FIXSequenceNumbers(nextOutgoing: 3, nextIncoming: 5))
        _ = session.connected(now: 0)
        let actions = session.received(SessionScript.logonReply(2), now: 1)
        #expect(actions.contains { if case .refused = $0 { true } else { false } })
        #expect(actions.sent.last?.messageType == "5")
        #expect(actions.disconnectReason?.contains("expecting 5 but received 2") == true)
    }
}

@Suite struct FIXSessionTimerTests {
    @Test func aHeartbeatGoesOutAfterAnIntervalOfOurSilence() {
        var session = SessionScript.loggedOn()
        #expect(session.tick(now: 9_999).sent.isEmpty)
        _ = session.received(SessionScript.incoming("0", 2), now: 9_000)
        let actions = session.tick(now: 10_000)
        #expect(actions.sent.map(\.messageType) == ["0"])
        #expect(actions.sent.first?[112] == nil)
    }

    @Test func silenceBeyondIntervalPlusTwentyPercentSendsATestRequestAndThenDisconnects() {
        var session = SessionScript.loggedOn()
        _ = session.send(FIXMessage(type: "D"), now: 11_000)
        #expect(session.tick(now: 11_999).sent.isEmpty)
        let test = session.tick(now: 12_000).sent
        #expect(test.map(\.messageType) == ["1"])
        let id = test.first?[112]
        #expect(id != nil)
        #expect(session.tick(now: 23_999).disconnectReason == nil)
        #expect(session.tick(now: 24_000).disconnectReason?.contains("TestRequest \(id ?? "") unanswered") == true)
    }

    @Test func anAnswerToTheTestRequestKeepsTheSession() {
        var session = SessionScript.loggedOn()
        let id = session.tick(now: 12_000).sent.first { $0.messageType == "1" }?[112]
        _ = session.received(SessionScript.incoming("0", 2, [FIXField(112, id ?? "")]), now: 13_000)
        #expect(session.tick(now: 24_000).disconnectReason == nil)
    }

    @Test func aTestRequestIsAnsweredWithAHeartbeatCarryingItsID() {
        var session = SessionScript.loggedOn()
        let actions = session.received(SessionScript.incoming("1", 2, [FIXField(112, "ping-7")]), now: 100)
        #expect(actions.sent.map(\.messageType) == ["0"])
        #expect(actions.sent.first?[112] == "ping-7")
    }
}
