/// Why a datagram from a server is not an acceptable answer to our request. Every reason is a sentence an
/// operator can act on; none ever traps.
public enum SNTPReplyProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// Shorter than the 48-byte header.
    case tooShort(bytes: Int)
    /// The originate timestamp is not the transmit timestamp we sent: a reply to an earlier request (stale)
    /// or one forged by someone who did not see ours (spoofed).
    case originateMismatch(sent: NTPTimestamp, found: NTPTimestamp)
    /// Not mode 4, a server's reply.
    case notAServerReply(mode: SNTPPacket.Mode)
    /// A version this client does not read (it reads 3 and 4).
    case unsupportedVersion(UInt8)
    /// Stratum 0: the server tells the client to go away or slow down, with a four-letter code.
    case kissOfDeath(code: String)
    /// Stratum 16 or more: the server has no synchronised source.
    case unsynchronisedStratum(UInt8)
    /// Leap indicator 3: the server says its own clock is not synchronised.
    case unsynchronisedLeapIndicator
    /// A zero transmit (T3) or receive (T2) timestamp: the server did not fill in its times.
    case zeroTimestamp(field: String)
    /// The server says it sent the reply before it received the request.
    case transmitBeforeReceive

    public var description: String {
        switch self {
        case .tooShort(let bytes):
            "the reply is \(bytes) byte\(bytes == 1 ? "" : "s") long, shorter than the \(SNTPPacket.headerSize)-byte SNTP header"
        case .originateMismatch(let sent, let found):
            "the reply's originate timestamp \(found) is not the transmit timestamp \(sent) of the request "
                + "(a stale or spoofed reply)"
        case .notAServerReply(let mode):
            "the reply is in mode \(mode.rawValue) (\(mode)), not mode 4 (server)"
        case .unsupportedVersion(let version):
            "the reply is NTP version \(version); this client reads versions 3 and 4"
        case .kissOfDeath(let code):
            "the server sent a kiss-o'-death (stratum 0, code \(code)): it refuses to serve this client now"
        case .unsynchronisedStratum(let stratum):
            "the server is at stratum \(stratum): it has no synchronised time source"
        case .unsynchronisedLeapIndicator:
            "the server's leap indicator is 3: its own clock is not synchronised"
        case .zeroTimestamp(let field):
            "the reply's \(field) timestamp is zero: the server did not fill in its time"
        case .transmitBeforeReceive:
            "the reply's transmit timestamp is earlier than its receive timestamp"
        }
    }
}
