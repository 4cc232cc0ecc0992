/// The FIX 4.4 session layer of an initiator as a value-type state machine: logon, heartbeats and test
/// requests, sequence numbers, gap detection and fill, resend requests, sequence resets, logout. It does
/// no I/O and reads no clock: every call takes the time and returns the ``FIXSessionAction``s its owner
/// performs (see `FIXConnection`).
///
/// **Resend policy.** When the counterparty asks for a resend, we answer with one SequenceReset-GapFill
/// over the whole range and never resend application messages: an order replayed after a reconnect could
/// trade a second time, stale. The engine resolves any order whose outcome it does not know by looking it
/// up by ClOrdID (OrderStatusRequest) and sends it again itself, with the same id, if it never arrived.
public struct FIXSession: Sendable {
    public enum Phase: Sendable, Hashable {
        case disconnected
        case awaitingLogon(sentAt: Int64)
        case loggedOn
        case awaitingLogout(sentAt: Int64)
    }

    /// A message held until the gap before it is filled.
    enum Queued: Sendable, Hashable {
        case message(FIXMessage)
        case invalid(FIXDecodeError, messageType: String?)
    }

    public let configuration: FIXSessionConfiguration
    public internal(set) var numbers: FIXSequenceNumbers
    public internal(set) var phase = Phase.disconnected
    var lastSentAt: Int64 = 0
    var lastReceivedAt: Int64 = 0
    /// Our TestRequest waiting for an answer: its id and when it went out.
    var pendingTestRequest: (id: String, sentAt: Int64)?
    var testRequestCount = 0
    /// Messages that came ahead of a gap, by sequence number.
    var queue: [Int: Queued] = [:]
    /// While a ResendRequest is outstanding: the highest sequence number seen, which the gap fill must reach.
    var gapThrough: Int?
    /// Whether ``FIXSessionAction/synchronized`` was announced since the last Logon.
    var announcedSynchronized = false

    public init(configuration: FIXSessionConfiguration, numbers: FIXSequenceNumbers) {
        self.configuration = configuration
        self.numbers = numbers
    }

    public var isLoggedOn: Bool { phase == .loggedOn }

    /// Whether a gap is being filled.
    public var isFillingGap: Bool { gapThrough != nil }

    // MARK: The connection

    /// The connection is up: send Logon (`98=0`, `108`, `141=Y` only when configured, `553`/`554` when set).
    public mutating func connected(now: Int64) -> [FIXSessionAction] {
        queue = [:]
        gapThrough = nil
        pendingTestRequest = nil
        announcedSynchronized = false
        lastReceivedAt = now
        if configuration.resetOnLogon { numbers = FIXSequenceNumbers() }
        var logon = FIXMessage(type: "A")
        logon.append(FIXTag.encryptMethod, "0")
        logon.append(FIXTag.heartbeatInterval, String(configuration.heartbeatIntervalSeconds))
        if configuration.resetOnLogon { logon.append(FIXTag.resetSequenceNumbers, "Y") }
        if let username = configuration.username { logon.append(FIXTag.username, username) }
        if let password = configuration.password { logon.append(FIXTag.password, password) }
        phase = .awaitingLogon(sentAt: now)
        return stamp(logon, now: now)
    }

    /// The connection is gone: whatever was in flight is forgotten; the sequence numbers stay.
    public mutating func disconnected() {
        phase = .disconnected
        queue = [:]
        gapThrough = nil
        pendingTestRequest = nil
    }

    /// Sends Logout; the connection closes when the answer comes or ``tick(now:)`` finds it overdue.
    public mutating func logout(text: String? = nil, now: Int64) -> [FIXSessionAction] {
        switch phase {
        case .loggedOn:
            phase = .awaitingLogout(sentAt: now)
            var message = FIXMessage(type: "5")
            if let text { message.append(FIXTag.text, text) }
            return stamp(message, now: now)
        case .awaitingLogon: return [.disconnect(reason: text ?? "logged out before the Logon was answered")]
        case .awaitingLogout, .disconnected: return []
        }
    }

    /// Sends an application message; nil when not logged on (nothing is sent, no number is used).
    public mutating func send(_ message: FIXMessage, now: Int64) -> [FIXSessionAction]? {
        guard phase == .loggedOn else { return nil }
        return stamp(message, now: now)
    }

    /// The sequence number the next message sent will carry.
    public var nextOutgoingSequenceNumber: Int { numbers.nextOutgoing }

    // MARK: Timers

    /// Time passed: heartbeats after HeartBtInt of our silence, a TestRequest after HeartBtInt+20% of
    /// theirs, a disconnect when that goes unanswered or a Logon or Logout reply is overdue.
    public mutating func tick(now: Int64) -> [FIXSessionAction] {
        switch phase {
        case .disconnected: return []
        case .awaitingLogon(let sentAt):
            guard now - sentAt >= configuration.logonTimeoutMilliseconds else { return [] }
            return [.disconnect(reason: "no Logon reply within \(configuration.logonTimeoutMilliseconds) ms")]
        case .awaitingLogout(let sentAt):
            guard now - sentAt >= configuration.logoutTimeoutMilliseconds else { return [] }
            return [.disconnect(reason: "no Logout reply within \(configuration.logoutTimeoutMilliseconds) ms")]
        case .loggedOn:
            var actions: [FIXSessionAction] = []
            if let pending = pendingTestRequest {
                if now - pending.sentAt >= configuration.silenceMilliseconds {
                    return [.disconnect(reason: "TestRequest \(pending.id) unanswered for \(now - pending.sentAt) ms")]
                }
            } else if now - lastReceivedAt >= configuration.silenceMilliseconds {
                testRequestCount += 1
                let id = "TEST-\(testRequestCount)"
                pendingTestRequest = (id, now)
                actions += stamp(FIXMessage(type: "1", [FIXField(FIXTag.testRequestID, id)]), now: now)
            }
            if now - lastSentAt >= configuration.heartbeatMilliseconds {
                actions += stamp(FIXMessage(type: "0"), now: now)
            }
            return actions
        }
    }

    // MARK: Rejects the adapter asks for

    /// A session Reject (`35=3`) of a message already received and counted: `45`, `371`, `372`, `373`, `58`.
    public mutating func reject(
        sequenceNumber: Int, messageType: String?, tag: Int?, reason: Int, text: String, now: Int64
    ) -> [FIXSessionAction] {
        guard phase == .loggedOn || isAwaitingLogout else { return [] }
        var reject = FIXMessage(type: "3", [FIXField(FIXTag.referenceSequenceNumber, String(sequenceNumber))])
        if let tag { reject.append(FIXTag.referenceTagID, String(tag)) }
        if let messageType { reject.append(FIXTag.referenceMessageType, messageType) }
        reject.append(FIXTag.sessionRejectReason, String(reason))
        reject.append(FIXTag.text, text)
        return stamp(reject, now: now)
    }

    /// A BusinessMessageReject (`35=j`) of an application message we cannot handle (`380`: 3 unsupported
    /// message type, 5 conditionally required field missing, 0 other).
    public mutating func businessReject(
        sequenceNumber: Int, messageType: String, reason: Int, text: String, now: Int64
    ) -> [FIXSessionAction] {
        guard phase == .loggedOn || isAwaitingLogout else { return [] }
        return stamp(
            FIXMessage(
                type: "j",
                [
                    FIXField(FIXTag.referenceSequenceNumber, String(sequenceNumber)),
                    FIXField(FIXTag.referenceMessageType, messageType),
                    FIXField(FIXTag.businessRejectReason, String(reason)), FIXField(FIXTag.text, text),
                ]), now: now)
    }

    var isAwaitingLogout: Bool {
        if case .awaitingLogout = phase { return true }
        return false
    }

    // MARK: Sending

    /// Gives `message` the header (`49`, `56`, `34`, `52`) and the next sequence number: persist, then send.
    mutating func stamp(_ message: FIXMessage, now: Int64) -> [FIXSessionAction] {
        let sequenceNumber = numbers.nextOutgoing
        numbers.nextOutgoing += 1
        lastSentAt = now
        return [.persist(numbers), .send(header(message, sequenceNumber: sequenceNumber, now: now))]
    }

    /// `message` with our header after its `35`.
    func header(_ message: FIXMessage, sequenceNumber: Int, now: Int64, extra: [FIXField] = []) -> FIXMessage {
        let body = message.fields.filter {
            ![
                FIXTag.messageType, FIXTag.senderCompID, FIXTag.targetCompID, FIXTag.messageSequenceNumber,
                FIXTag.sendingTime,
            ].contains($0.tag)
        }
        return FIXMessage(
            type: message.messageType,
            [
                FIXField(FIXTag.senderCompID, configuration.senderCompID),
                FIXField(FIXTag.targetCompID, configuration.targetCompID),
                FIXField(FIXTag.messageSequenceNumber, String(sequenceNumber)),
                FIXField(FIXTag.sendingTime, FIXTimestamp.format(milliseconds: now)),
            ] + extra + body)
    }
}
