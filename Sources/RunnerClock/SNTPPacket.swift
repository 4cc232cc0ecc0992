/// One SNTP message (RFC 4330 section 4): the 48-byte header both a request and a reply carry. Optional
/// key identifier and digest fields after it are ignored when reading and never written.
///
/// ```
///  0 LI VN Mode | Stratum | Poll | Precision
///  4 Root Delay            8 Root Dispersion      12 Reference Identifier
/// 16 Reference Timestamp  24 Originate Timestamp  32 Receive Timestamp  40 Transmit Timestamp
/// ```
public struct SNTPPacket: Sendable, Hashable {
    /// The size of the header, the smallest valid message.
    public static let headerSize = 48

    /// The two-bit warning of an impending leap second; 3 means the server's clock is not synchronised.
    public enum LeapIndicator: UInt8, Sendable, Hashable {
        case noWarning = 0
        case lastMinuteHas61Seconds = 1
        case lastMinuteHas59Seconds = 2
        case unsynchronised = 3
    }

    /// The association mode (three bits): a client sends 3 and a server answers 4.
    public enum Mode: UInt8, Sendable, Hashable {
        case reserved = 0, symmetricActive, symmetricPassive, client, server, broadcast, control, privateUse
    }

    public var leapIndicator: LeapIndicator
    /// The protocol version, 4 for this client (3 bits).
    public var version: UInt8
    public var mode: Mode
    /// 0 is a kiss-o'-death message (the reference identifier holds its code), 1 a primary server, 2 to
    /// 15 secondary servers, 16 and up unsynchronised.
    public var stratum: UInt8
    /// The largest interval between messages, as a power of two seconds.
    public var poll: Int8
    /// The server clock's precision, as a power of two seconds.
    public var precision: Int8
    /// Round-trip delay to the primary reference, NTP short format (16.16 seconds).
    public var rootDelay: UInt32
    /// Error relative to the primary reference, NTP short format.
    public var rootDispersion: UInt32
    /// The server's reference: four ASCII characters at stratum 0 and 1 (the kiss code at stratum 0).
    public var referenceIdentifier: UInt32
    public var referenceTimestamp: NTPTimestamp
    /// In a reply, the request's transmit timestamp copied back: T1 as the client wrote it.
    public var originateTimestamp: NTPTimestamp
    /// In a reply, when the request reached the server: T2.
    public var receiveTimestamp: NTPTimestamp
    /// When the message left its sender: T3 in a reply.
    public var transmitTimestamp: NTPTimestamp

    public init(
        leapIndicator: LeapIndicator = .noWarning, version: UInt8 = 4, mode: Mode, stratum: UInt8 = 0,
        poll: Int8 = 0, precision: Int8 = 0, rootDelay: UInt32 = 0, rootDispersion: UInt32 = 0,
        referenceIdentifier: UInt32 = 0, referenceTimestamp: NTPTimestamp = .zero,
        originateTimestamp: NTPTimestamp = .zero, receiveTimestamp: NTPTimestamp = .zero,
        transmitTimestamp: NTPTimestamp = .zero
    ) {
        self.leapIndicator = leapIndicator
        self.version = version
        self.mode = mode
        self.stratum = stratum
        self.poll = poll
        self.precision = precision
        self.rootDelay = rootDelay
        self.rootDispersion = rootDispersion
        self.referenceIdentifier = referenceIdentifier
        self.referenceTimestamp = referenceTimestamp
        self.originateTimestamp = originateTimestamp
        self.receiveTimestamp = receiveTimestamp
        self.transmitTimestamp = transmitTimestamp
    }

    /// A client's request (mode 3, version 4) whose transmit timestamp is `transmit`; every other field is
    /// zero, as RFC 4330 section 5 allows.
    public static func request(transmit: NTPTimestamp) -> SNTPPacket {
        SNTPPacket(mode: .client, transmitTimestamp: transmit)
    }

    /// The 48 bytes on the wire, in network byte order.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.headerSize)
        bytes.append(leapIndicator.rawValue << 6 | (version & 0x7) << 3 | mode.rawValue)
        bytes.append(stratum)
        bytes.append(UInt8(bitPattern: poll))
        bytes.append(UInt8(bitPattern: precision))
        for word in [rootDelay, rootDispersion, referenceIdentifier] { bytes.append(bigEndian: word) }
        for timestamp in [referenceTimestamp, originateTimestamp, receiveTimestamp, transmitTimestamp] {
            bytes.append(bigEndian: timestamp.rawValue)
        }
        return bytes
    }

    /// Reads a message; nil when it is shorter than the 48-byte header. Every bit pattern of a long
    /// enough message decodes: whether it is an acceptable reply is ``SNTPReplyCheck``'s question.
    public init?(decoding bytes: some Collection<UInt8>) {
        let bytes = Array(bytes)
        guard bytes.count >= Self.headerSize else { return nil }
        func word(_ offset: Int) -> UInt32 {
            bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
        }
        func timestamp(_ offset: Int) -> NTPTimestamp {
            NTPTimestamp(rawValue: bytes[offset..<offset + 8].reduce(0) { $0 << 8 | UInt64($1) })
        }
        self.init(
            leapIndicator: LeapIndicator(rawValue: bytes[0] >> 6)!,  // Two bits: every value is a case.
            version: (bytes[0] >> 3) & 0x7,
            mode: Mode(rawValue: bytes[0] & 0x7)!,  // Three bits: every value is a case.
            stratum: bytes[1], poll: Int8(bitPattern: bytes[2]), precision: Int8(bitPattern: bytes[3]),
            rootDelay: word(4), rootDispersion: word(8), referenceIdentifier: word(12),
            referenceTimestamp: timestamp(16), originateTimestamp: timestamp(24), receiveTimestamp: timestamp(32),
            transmitTimestamp: timestamp(40))
    }

    /// The reference identifier as four ASCII characters (`RATE`, `DENY`), or its hexadecimal value when
    /// it is not printable text.
    public var referenceText: String {
        let bytes = (0..<4).map { UInt8(truncatingIfNeeded: referenceIdentifier >> (24 - 8 * $0)) }
        let trimmed = bytes.prefix { $0 != 0 }
        if !trimmed.isEmpty, trimmed.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            return String(decoding: trimmed, as: UTF8.self)
        }
        return "0x" + String(referenceIdentifier, radix: 16)
    }
}

extension [UInt8] {
    fileprivate mutating func append<Value: FixedWidthInteger>(bigEndian value: Value) {
        Swift.withUnsafeBytes(of: value.bigEndian) { append(contentsOf: $0) }
    }
}
