/// One request to a server and what it takes for a reply to count: the request remembers the transmit
/// timestamp it sent and the local time it left, and judges each datagram that comes back.
///
/// The transmit timestamp of a request is a random 64-bit value, not the local time (as chrony's client
/// does): the server copies it into its reply's originate field, so a reply that does not carry it back
/// answered another request or was forged by someone who never saw this one, and the local time T1 stays
/// with the client. Checks, in order (RFC 4330 section 5): the length, the originate timestamp, mode 4,
/// version 3 or 4, stratum (0 is a kiss-o'-death, 16 and up unsynchronised), leap indicator 3
/// (unsynchronised), non-zero receive and transmit timestamps, and transmit not before receive.
public struct SNTPExchange: Sendable, Hashable {
    /// The transmit timestamp the request carries; the reply must carry it back as its originate timestamp.
    public let sentTransmit: NTPTimestamp
    /// T1: the local time the request left, Unix nanoseconds.
    public let sentAt: Int64

    public init(nonce: UInt64, sentAt: Int64) {
        sentTransmit = NTPTimestamp(rawValue: nonce == 0 ? 1 : nonce)  // Zero means "unset" on the wire.
        self.sentAt = sentAt
    }

    /// The 48 bytes to send.
    public var request: [UInt8] { SNTPPacket.request(transmit: sentTransmit).encoded() }

    /// The sample a reply gives, received at local time `receivedAt` (T4, Unix nanoseconds), or why it
    /// does not count.
    public func accept(_ datagram: some Collection<UInt8>, receivedAt: Int64) -> Result<ClockSample, SNTPReplyProblem> {
        guard let reply = SNTPPacket(decoding: datagram) else { return .failure(.tooShort(bytes: datagram.count)) }
        guard reply.originateTimestamp == sentTransmit else {
            return .failure(.originateMismatch(sent: sentTransmit, found: reply.originateTimestamp))
        }
        guard reply.mode == .server else { return .failure(.notAServerReply(mode: reply.mode)) }
        guard reply.version == 3 || reply.version == 4 else { return .failure(.unsupportedVersion(reply.version)) }
        guard reply.stratum != 0 else { return .failure(.kissOfDeath(code: reply.referenceText)) }
        guard reply.stratum < 16 else { return .failure(.unsynchronisedStratum(reply.stratum)) }
        guard reply.leapIndicator != .unsynchronised else { return .failure(.unsynchronisedLeapIndicator) }
        guard reply.receiveTimestamp != .zero else { return .failure(.zeroTimestamp(field: "receive")) }
        guard reply.transmitTimestamp != .zero else { return .failure(.zeroTimestamp(field: "transmit")) }
        let t2 = reply.receiveTimestamp.unixNanoseconds(near: sentAt)
        let t3 = reply.transmitTimestamp.unixNanoseconds(near: sentAt)
        guard t3 >= t2 else { return .failure(.transmitBeforeReceive) }
        return .success(ClockSample(t1: sentAt, t2: t2, t3: t3, t4: receivedAt))
    }
}
