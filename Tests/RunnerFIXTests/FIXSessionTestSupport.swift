@testable import RunnerFIX

/// Messages from the counterparty (BROKER to RUNNER) and readers of what the session did.
enum SessionScript {
    static let configuration = FIXSessionConfiguration(
        senderCompID: "RUNNER", targetCompID: "BROKER", username: "runner", password: "secret",
        heartbeatIntervalSeconds: 10, logonTimeoutMilliseconds: 5_000)

    static func incoming(_ type: String, _ sequence: Int, _ fields: [FIXField] = [], possibleDuplicate: Bool = false)
        -> FIXDecoded
    {
        var header = [
            FIXField(49, "BROKER"), FIXField(56, "RUNNER"), FIXField(34, String(sequence)),
            FIXField(52, "20261201-00:00:00.000"),
        ]
        if possibleDuplicate { header.append(FIXField(43, "Y")) }
        return .message(FIXMessage(type: type, header + fields))
    }

    static func logonReply(_ sequence: Int, reset: Bool = false) -> FIXDecoded {
        incoming("A", sequence, [FIXField(98, "0"), FIXField(108, "10")] + (reset ? [FIXField(141, "Y")] : []))
    }

    static func execution(_ sequence: Int, id: String, possibleDuplicate: Bool = false) -> FIXDecoded {
        incoming(
            "8", sequence, [FIXField(11, id), FIXField(150, "0"), FIXField(39, "0")],
            possibleDuplicate: possibleDuplicate)
    }

    /// A session logged on at `now` 0 with incoming expected at `nextIncoming`.
    static func loggedOn(outgoing: Int = 1, incoming nextIncoming: Int = 1) -> FIXSession {
        var session = FIXSession(
            configuration: configuration,
            numbers: FIXSequenceNumbers(nextOutgoing: outgoing, nextIncoming: nextIncoming))
        _ = session.connected(now: 0)
        _ = session.received(logonReply(nextIncoming), now: 0)
        return session
    }
}

extension [FIXSessionAction] {
    var sent: [FIXMessage] {
        compactMap { if case .send(let message) = $0 { message } else { nil } }
    }

    var delivered: [FIXMessage] {
        compactMap { if case .deliver(let message) = $0 { message } else { nil } }
    }

    var disconnectReason: String? {
        for action in self { if case .disconnect(let reason) = action { return reason } }
        return nil
    }

    var persisted: [FIXSequenceNumbers] {
        compactMap { if case .persist(let numbers) = $0 { numbers } else { nil } }
    }
}
