/// What the session state machine needs to know: who we are, whom we talk to, the logon's content and
/// its timing rules (all durations in milliseconds, since the machine works on millisecond timestamps).
public struct FIXSessionConfiguration: Sendable, Hashable {
    public var senderCompID: String
    public var targetCompID: String
    public var username: String?
    public var password: String?
    /// HeartBtInt (`108`), in seconds.
    public var heartbeatIntervalSeconds: Int
    /// Whether the Logon asks both sides to start again at sequence number 1 (`141=Y`).
    public var resetOnLogon: Bool
    /// How long to wait for the Logon reply before giving up on the connection.
    public var logonTimeoutMilliseconds: Int64
    /// How long to wait for the Logout reply before closing anyway.
    public var logoutTimeoutMilliseconds: Int64
    /// How many out-of-order messages are held while a gap is being filled before the session gives up.
    public var maximumQueuedMessages: Int

    public init(
        senderCompID: String, targetCompID: String, username: String? = nil, password: String? = nil,
        heartbeatIntervalSeconds: Int = 30, resetOnLogon: Bool = false, logonTimeoutMilliseconds: Int64 = 10_000,
        logoutTimeoutMilliseconds: Int64 = 2_000, maximumQueuedMessages: Int = 100_000
    ) {
        self.senderCompID = senderCompID
        self.targetCompID = targetCompID
        self.username = username
        self.password = password
        self.heartbeatIntervalSeconds = heartbeatIntervalSeconds
        self.resetOnLogon = resetOnLogon
        self.logonTimeoutMilliseconds = logonTimeoutMilliseconds
        self.logoutTimeoutMilliseconds = logoutTimeoutMilliseconds
        self.maximumQueuedMessages = maximumQueuedMessages
    }

    var heartbeatMilliseconds: Int64 { Int64(heartbeatIntervalSeconds) * 1000 }

    /// Silence after which a TestRequest goes out, and the time it is given to be answered: HeartBtInt
    /// plus 20%, as the FIX spec recommends for transmission delays.
    var silenceMilliseconds: Int64 { heartbeatMilliseconds * 12 / 10 }
}

/// The next sequence numbers of a session, the part of it that outlives a connection and a process.
public struct FIXSequenceNumbers: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The `34` MsgSeqNum of the next message we send.
    public var nextOutgoing: Int
    /// The `34` MsgSeqNum we expect on the next message we receive.
    public var nextIncoming: Int

    public init(nextOutgoing: Int = 1, nextIncoming: Int = 1) {
        self.nextOutgoing = nextOutgoing
        self.nextIncoming = nextIncoming
    }

    public var description: String { "outgoing \(nextOutgoing), incoming \(nextIncoming)" }
}
