/// How to reach a FIX 4.4 acceptor and keep the session: what the composition root reads from the
/// environment file (credentials from environment variables there) and hands to ``FIXBrokerAdapter``.
public struct FIXSettings: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// Our `49` SenderCompID.
    public var senderCompID: String
    /// The acceptor's `56` TargetCompID.
    public var targetCompID: String
    /// `553` Username on the Logon, when set.
    public var username: String?
    /// `554` Password on the Logon, when set.
    public var password: String?
    /// `1` Account on orders and position requests, when set.
    public var account: String?
    /// HeartBtInt (`108`), whole seconds from 1 to 3600.
    public var heartbeatInterval: Duration
    /// Whether each Logon resets both sequence numbers to 1 (`141=Y`). Off, the session resumes from the
    /// numbers in the store and missed messages come back by resend.
    public var resetOnLogon: Bool
    /// Where the sequence numbers and the execution log are kept (one set of files per CompID pair).
    public var storeDirectory: String
    /// How long a request (an order, a cancel, a status or position query) waits for its answer.
    public var requestTimeout: Duration
    /// How long connecting and logging on (gaps filled) may take.
    public var logonTimeout: Duration
    /// The first wait before reconnecting after a drop; it doubles on each failed attempt.
    public var reconnectInitialDelay: Duration
    /// The longest wait between reconnection attempts.
    public var reconnectMaximumDelay: Duration
    /// The account currency: the CollateralReport's cash is in it (a report naming another is an error).
    public var currency: String

    public init(
        host: String, port: Int, senderCompID: String, targetCompID: String, username: String? = nil,
        password: String? = nil, account: String? = nil, heartbeatInterval: Duration = .seconds(30),
        resetOnLogon: Bool = false, storeDirectory: String, requestTimeout: Duration = .seconds(5),
        logonTimeout: Duration = .seconds(10), reconnectInitialDelay: Duration = .milliseconds(500),
        reconnectMaximumDelay: Duration = .seconds(10), currency: String = "USD"
    ) {
        self.host = host
        self.port = port
        self.senderCompID = senderCompID
        self.targetCompID = targetCompID
        self.username = username
        self.password = password
        self.account = account
        self.heartbeatInterval = heartbeatInterval
        self.resetOnLogon = resetOnLogon
        self.storeDirectory = storeDirectory
        self.requestTimeout = requestTimeout
        self.logonTimeout = logonTimeout
        self.reconnectInitialDelay = reconnectInitialDelay
        self.reconnectMaximumDelay = reconnectMaximumDelay
        self.currency = currency
    }

    /// The settings for a log line, the password left out.
    public var description: String {
        "FIX \(senderCompID)->\(targetCompID) at \(host):\(port), username \(username ?? "none"), password "
            + "\(password == nil ? "none" : "***"), account \(account ?? "none"), heartbeat \(heartbeatInterval), "
            + "reset on logon \(resetOnLogon), store \(storeDirectory)"
    }

    /// Every problem with the values, as sentences naming the setting; empty when they are usable.
    public var problems: [String] {
        var problems: [String] = []
        if host.isEmpty { problems.append("host is empty") }
        if !(1...65535).contains(port) { problems.append("port \(port) is not between 1 and 65535") }
        for (name, value) in [("sender_comp_id", senderCompID), ("target_comp_id", targetCompID)] {
            if value.isEmpty || value.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "=") }) {
                problems.append("\(name) '\(value)' must be non-empty printable text without spaces or '='")
            }
        }
        for (name, value) in [("username", username), ("password", password), ("account", account)] {
            if let value, value.isEmpty || value.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
                problems.append("\(name) must be non-empty text without control characters")
            }
        }
        let heartbeat = heartbeatInterval.components
        if heartbeat.attoseconds != 0 || !(1...3600).contains(heartbeat.seconds) {
            problems.append("heartbeat_interval \(heartbeatInterval) must be whole seconds from 1 to 3600")
        }
        if storeDirectory.isEmpty { problems.append("store_directory is empty") }
        for (name, value) in [
            ("request_timeout", requestTimeout), ("logon_timeout", logonTimeout),
            ("reconnect_initial_delay", reconnectInitialDelay),
            ("reconnect_maximum_delay", reconnectMaximumDelay),
        ]
        where value <= .zero || value > .seconds(3600) {
            problems.append("\(name) \(value) must be above zero and at most an hour")
        }
        if reconnectMaximumDelay < reconnectInitialDelay {
            problems.append("reconnect_maximum_delay is shorter than reconnect_initial_delay")
        }
        if currency.utf8.count != 3 || !currency.utf8.allSatisfy({ $0 >= 65 && $0 <= 90 }) {
            problems.append("currency '\(currency)' is not a three-letter ISO 4217 code")
        }
        return problems
    }

    var sessionConfiguration: FIXSessionConfiguration {
        FIXSessionConfiguration(
            senderCompID: senderCompID, targetCompID: targetCompID, username: username, password: password,
            heartbeatIntervalSeconds: Int(heartbeatInterval.components.seconds), resetOnLogon: resetOnLogon,
            logonTimeoutMilliseconds: logonTimeout.milliseconds,
            logoutTimeoutMilliseconds: min(logonTimeout.milliseconds, 2_000))
    }
}

extension Duration {
    /// Whole milliseconds (rounded down).
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

}

/// Why a ``FIXBrokerAdapter`` cannot be made: its settings, or its store.
public enum FIXSetupError: Error, Sendable, Hashable, CustomStringConvertible {
    case settings([String])
    case store(FIXStoreError)

    public var description: String {
        switch self {
        case .settings(let problems): "FIX settings: " + problems.joined(separator: "; ")
        case .store(let error): "FIX store: \(error)"
        }
    }
}
