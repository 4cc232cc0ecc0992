/// Incoming messages: sequence checks, gaps, duplicates and the administrative messages.
extension FIXSession {
    /// What the decoder found, at time `now`.
    public mutating func received(_ decoded: FIXDecoded, now: Int64) -> [FIXSessionAction] {
        guard phase != .disconnected else { return [] }
        switch decoded {
        case .garbled(let error):
            return [.log("ignored a garbled message: \(error)")]
        case .invalid(let error, let sequenceNumber, let messageType):
            lastReceivedAt = now
            pendingTestRequest = nil
            guard let sequenceNumber else {
                return logoutAndDisconnect("received a message without MsgSeqNum (34): \(error)", now: now)
            }
            return sequenced(
                sequenceNumber, .invalid(error, messageType: messageType), possibleDuplicate: false, now: now)
        case .message(let message):
            lastReceivedAt = now
            pendingTestRequest = nil
            return receivedMessage(message, now: now)
        }
    }

    private mutating func receivedMessage(_ message: FIXMessage, now: Int64) -> [FIXSessionAction] {
        guard message[FIXTag.senderCompID] == configuration.targetCompID,
            message[FIXTag.targetCompID] == configuration.senderCompID
        else {
            let text =
                "CompID problem: expected 49=\(configuration.targetCompID) 56=\(configuration.senderCompID), got "
                + "49=\(message[FIXTag.senderCompID] ?? "none") 56=\(message[FIXTag.targetCompID] ?? "none")"
            if case .awaitingLogon = phase { return [.refused(reason: text), .disconnect(reason: text)] }
            return logoutAndDisconnect(text, now: now)
        }
        guard let sequence = message.sequenceNumber(FIXTag.messageSequenceNumber), sequence > 0
        else { return logoutAndDisconnect("received \(message.messageType) without a valid MsgSeqNum (34)", now: now) }
        let type = message.messageType
        if case .awaitingLogon = phase {
            switch type {
            case "A": return logonReply(message, sequence: sequence, now: now)
            case "5":
                let reason = "the counterparty refused the Logon: \(message[FIXTag.text] ?? "no reason given")"
                return [.refused(reason: reason), .disconnect(reason: reason)]
            default: return [.disconnect(reason: "expected a Logon reply, received MsgType \(type)")]
            }
        }
        if type == "A" { return logoutAndDisconnect("received a Logon while logged on", now: now) }
        // SequenceReset-Reset ignores the sequence number it carries.
        if type == "4", !message.flag(FIXTag.gapFillFlag) {
            return sequenceReset(message, sequence: sequence, now: now)
        }
        return sequenced(
            sequence, .message(message), possibleDuplicate: message.flag(FIXTag.possibleDuplicate), now: now)
    }

    /// Checks the sequence number: in order it is processed (then whatever the queue holds after it); ahead,
    /// it is queued and a ResendRequest asks for the gap; behind, a duplicate is dropped and anything else
    /// ends the session, as the spec says.
    private mutating func sequenced(_ sequence: Int, _ item: Queued, possibleDuplicate: Bool, now: Int64)
        -> [FIXSessionAction]
    {
        let expected = numbers.nextIncoming
        if sequence < expected {
            if possibleDuplicate { return [.log("dropped possible duplicate \(sequence) (expected \(expected))")] }
            return logoutAndDisconnect("MsgSeqNum too low, expecting \(expected) but received \(sequence)", now: now)
        }
        if sequence > expected {
            if case .message(let message) = item, message.messageType == "5" {
                return process(message, sequence: sequence, now: now)
            }
            guard queue.count < configuration.maximumQueuedMessages else {
                return logoutAndDisconnect(
                    "more than \(configuration.maximumQueuedMessages) messages wait for a gap fill",
                    now: now)
            }
            queue[sequence] = item
            if let through = gapThrough {
                gapThrough = max(through, sequence)
                return []
            }
            gapThrough = sequence
            return resendRequest(from: expected, now: now)
        }
        var actions: [FIXSessionAction]
        switch item {
        case .message(let message): actions = process(message, sequence: sequence, now: now)
        case .invalid(let error, let messageType):
            actions = rejectInvalid(error, sequence: sequence, type: messageType, now: now)
        }
        actions += drainQueue(now: now)
        return actions
    }

    /// Processes queued messages that are now in order; ends the gap once its end is reached.
    private mutating func drainQueue(now: Int64) -> [FIXSessionAction] {
        var actions: [FIXSessionAction] = []
        while phase == .loggedOn || isAwaitingLogout {
            for stale in queue.keys where stale < numbers.nextIncoming { queue[stale] = nil }
            guard let next = queue.removeValue(forKey: numbers.nextIncoming) else { break }
            switch next {
            case .message(let message): actions += process(message, sequence: numbers.nextIncoming, now: now)
            case .invalid(let error, let type):
                actions += rejectInvalid(error, sequence: numbers.nextIncoming, type: type, now: now)
            }
        }
        if let through = gapThrough, numbers.nextIncoming > through {
            gapThrough = nil
            if let highest = queue.keys.max() {
                // Messages beyond a second gap: ask again.
                gapThrough = highest
                actions += resendRequest(from: numbers.nextIncoming, now: now)
            }
        }
        actions += synchronizedIfDone()
        return actions
    }

    private mutating func synchronizedIfDone() -> [FIXSessionAction] {
        guard phase == .loggedOn, gapThrough == nil, !announcedSynchronized else { return [] }
        announcedSynchronized = true
        return [.synchronized]
    }

    /// A message whose sequence number is the expected one (or a Logout ahead of a gap).
    private mutating func process(_ message: FIXMessage, sequence: Int, now: Int64) -> [FIXSessionAction] {
        numbers.nextIncoming = max(numbers.nextIncoming, sequence + 1)
        var actions: [FIXSessionAction] = []
        switch message.messageType {
        case "0":
            break
        case "1":
            var heartbeat = FIXMessage(type: "0")
            if let id = message[FIXTag.testRequestID] { heartbeat.append(FIXTag.testRequestID, id) }
            actions += stamp(heartbeat, now: now)
        case "2":
            actions += answerResendRequest(message, sequence: sequence, now: now)
        case "3":
            actions += [
                .log(
                    "the counterparty rejected our message \(message[FIXTag.referenceSequenceNumber] ?? "?"): "
                        + (message[FIXTag.text] ?? "no text")), .deliver(message),
            ]
        case "4":
            if let newSequence = message.sequenceNumber(FIXTag.newSequenceNumber),
                newSequence > sequence
            {
                numbers.nextIncoming = max(numbers.nextIncoming, newSequence)
            } else {
                actions += reject(
                    sequenceNumber: sequence, messageType: "4", tag: FIXTag.newSequenceNumber, reason: 5,
                    text: "NewSeqNo (36) must be greater than MsgSeqNum \(sequence)", now: now)
            }
        case "5":
            let text = message[FIXTag.text].map { ": \($0)" } ?? ""
            if isAwaitingLogout { return [.persist(numbers), .disconnect(reason: "logged out\(text)")] }
            phase = .awaitingLogout(sentAt: now)
            return [.persist(numbers)] + stamp(FIXMessage(type: "5"), now: now)
                + [.disconnect(reason: "the counterparty logged out\(text)")]
        default:
            actions.append(.deliver(message))
        }
        return [.persist(numbers)] + actions
    }

    /// Logon reply: checks it, then the sequence number (a gap asks for a resend at once).
    private mutating func logonReply(_ message: FIXMessage, sequence: Int, now: Int64) -> [FIXSessionAction] {
        guard message[FIXTag.encryptMethod] == "0" else {
            let reason = "the Logon reply has EncryptMethod (98) \(message[FIXTag.encryptMethod] ?? "missing"), not 0"
            return [.refused(reason: reason), .disconnect(reason: reason)]
        }
        guard let heartbeat = message.integer(FIXTag.heartbeatInterval), heartbeat >= 0 else {
            let reason = "the Logon reply has no valid HeartBtInt (108)"
            return [.refused(reason: reason), .disconnect(reason: reason)]
        }
        var actions: [FIXSessionAction] = []
        if heartbeat != configuration.heartbeatIntervalSeconds {
            actions.append(
                .log("the Logon reply has HeartBtInt \(heartbeat); keeping \(configuration.heartbeatIntervalSeconds)"))
        }
        if configuration.resetOnLogon, !message.flag(FIXTag.resetSequenceNumbers) {
            let reason = "we asked to reset sequence numbers (141=Y) and the Logon reply does not confirm it"
            return [.refused(reason: reason), .disconnect(reason: reason)]
        }
        if message.flag(FIXTag.resetSequenceNumbers) { numbers.nextIncoming = 1 }
        phase = .loggedOn
        actions.append(.loggedOn)
        let expected = numbers.nextIncoming
        if sequence < expected {
            let reason = "MsgSeqNum too low in the Logon reply, expecting \(expected) but received \(sequence)"
            return [.refused(reason: reason)] + logoutAndDisconnect(reason, now: now)
        }
        if sequence > expected {
            // The Logon itself comes back in the resend (as a gap fill).
            gapThrough = sequence
            return actions + resendRequest(from: expected, now: now)
        }
        numbers.nextIncoming = sequence + 1
        return actions + [.persist(numbers)] + synchronizedIfDone()
    }

    /// SequenceReset-Reset: the next expected number becomes `36` NewSeqNo; it may not go back.
    private mutating func sequenceReset(_ message: FIXMessage, sequence: Int, now: Int64) -> [FIXSessionAction] {
        guard let newSequence = message.sequenceNumber(FIXTag.newSequenceNumber),
            newSequence >= numbers.nextIncoming
        else {
            return reject(
                sequenceNumber: sequence, messageType: "4", tag: FIXTag.newSequenceNumber, reason: 5,
                text: "NewSeqNo (36) \(message[FIXTag.newSequenceNumber] ?? "missing") is below the expected "
                    + "\(numbers.nextIncoming)", now: now)
        }
        numbers.nextIncoming = newSequence
        return [.persist(numbers), .log("sequence reset to \(newSequence)")] + drainQueue(now: now)
    }

    /// We never resend: a SequenceReset-GapFill (`43=Y`, `122`, `123=Y`) over the whole range, numbered
    /// with the range's first number (see the resend policy in the type's documentation).
    private mutating func answerResendRequest(_ message: FIXMessage, sequence: Int, now: Int64) -> [FIXSessionAction] {
        guard let begin = message.sequenceNumber(FIXTag.beginSequenceNumber), begin >= 1,
            let end = message.sequenceNumber(FIXTag.endSequenceNumber), end >= 0
        else {
            return reject(
                sequenceNumber: sequence, messageType: "2", tag: FIXTag.beginSequenceNumber, reason: 5,
                text: "ResendRequest needs BeginSeqNo (7) >= 1 and EndSeqNo (16) >= 0", now: now)
        }
        guard begin < numbers.nextOutgoing else {
            return [.log("ResendRequest from \(begin) asks for nothing we sent (next is \(numbers.nextOutgoing))")]
        }
        let newSequence = end == 0 || end >= numbers.nextOutgoing - 1 ? numbers.nextOutgoing : end + 1
        let gapFill = header(
            FIXMessage(
                type: "4", [FIXField(FIXTag.gapFillFlag, "Y"), FIXField(FIXTag.newSequenceNumber, String(newSequence))]),
            sequenceNumber: begin, now: now,
            extra: [
                FIXField(FIXTag.possibleDuplicate, "Y"),
                FIXField(FIXTag.originalSendingTime, FIXTimestamp.format(milliseconds: now)),
            ])
        lastSentAt = now
        return [.log("answered ResendRequest \(begin)-\(end) with a gap fill to \(newSequence)"), .send(gapFill)]
    }

    private mutating func resendRequest(from begin: Int, now: Int64) -> [FIXSessionAction] {
        [.log("gap detected: expected \(begin), asking for a resend")]
            + stamp(
                FIXMessage(
                    type: "2",
                    [FIXField(FIXTag.beginSequenceNumber, String(begin)), FIXField(FIXTag.endSequenceNumber, "0")]),
                now: now)
    }

    /// A well-framed message with a bad field: a session Reject; it still consumes its sequence number.
    private mutating func rejectInvalid(_ error: FIXDecodeError, sequence: Int, type: String?, now: Int64)
        -> [FIXSessionAction]
    {
        numbers.nextIncoming = max(numbers.nextIncoming, sequence + 1)
        let (reason, tag) = error.sessionReject
        return [.persist(numbers), .log("rejected message \(sequence): \(error)")]
            + reject(
                sequenceNumber: sequence, messageType: type, tag: tag, reason: reason, text: error.description, now: now
            )
    }

    mutating func logoutAndDisconnect(_ reason: String, now: Int64) -> [FIXSessionAction] {
        var actions: [FIXSessionAction] = []
        if phase == .loggedOn {
            actions = stamp(FIXMessage(type: "5", [FIXField(FIXTag.text, reason)]), now: now)
        }
        phase = .awaitingLogout(sentAt: now)
        return actions + [.disconnect(reason: reason)]
    }
}
