#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation
import RunnerTesting
import Testing

/// The QuickFIX acceptor the FIX initiator's tests run against, driven here through its control interface
/// and a raw FIX 4.4 socket (`RawFIXClient`, below), so it is known to work before the initiator uses it.
@Suite struct FIXAcceptorProcessTests {
    @Test func aLogonIsAnsweredWithALogon() async throws {
        let acceptor = try await FIXAcceptorProcess()
        let client = try RawFIXClient(port: acceptor.port)
        let logon = try await client.logOn()
        #expect(logon["35"] == "A")
        #expect(logon["49"] == "BROKER")
        #expect(logon["56"] == "RUNNER")
        #expect(logon["34"] == "1")
        #expect(logon["108"] == "30")
        _ = try await acceptor.waitForEvent(prefix: "LOGON", timeout: .seconds(30))
        #expect(try await acceptor.send("seq") == "OK sender=2 target=2")
    }

    @Test func aMarketOrderInFillModeGetsNewThenATradeAtTheSymbolsPrice() async throws {
        let acceptor = try await FIXAcceptorProcess(arguments: ["--fee-per-share", "0.01"])
        #expect(try await acceptor.send("price MSFT 250.25") == "OK MSFT=250.25")
        let client = try RawFIXClient(port: acceptor.port)
        _ = try await client.logOn()
        try client.send("D", RawFIXClient.newOrder("c1", symbol: "MSFT", side: "1", quantity: "100"))
        let event = try await acceptor.waitForEvent(prefix: "NEW c1", timeout: .seconds(30))
        #expect(event == "EVENT NEW c1 buy 100 MSFT market")
        let new = try await client.receive()
        #expect(new["35"] == "8")
        #expect(new["150"] == "0")
        #expect(new["39"] == "0")
        #expect(new["11"] == "c1")
        #expect(new["151"] == "100")
        #expect(new["14"] == "0")
        let trade = try await client.receive()
        #expect(trade["150"] == "F")
        #expect(trade["39"] == "2")
        #expect(trade["37"] == new["37"])
        #expect(trade["17"] != new["17"])
        #expect(trade["32"] == "100")
        #expect(trade["31"] == "250.25")
        #expect(trade["14"] == "100")
        #expect(trade["151"] == "0")
        #expect(trade["6"] == "250.25")
        #expect(trade["12"] == "1")
        #expect(trade["13"] == "3")
        #expect(try await acceptor.send("orders") == "OK 1 c1:MSFT:buy:100/100:filled")
        #expect(try await acceptor.send("positions") == "OK MSFT=100")
        // Cash: 1,000,000 less 100 x 250.25 less the 1.00 fee.
        try client.send("BB", [("909", "inquiry-1")])
        let collateral = try await client.receive()
        #expect(collateral["35"] == "BA")
        #expect(collateral["909"] == "inquiry-1")
        #expect(collateral["901"] == "974974")
        // Logon, order, inquiry in; logon, New, Trade, report out.
        #expect(try await acceptor.send("seq") == "OK sender=5 target=4")
    }

    @Test func rejectModeRejectsNewOrdersAndADuplicateClOrdIDIsRejected() async throws {
        let acceptor = try await FIXAcceptorProcess()
        #expect(try await acceptor.send("mode reject") == "OK reject")
        let client = try RawFIXClient(port: acceptor.port)
        _ = try await client.logOn()
        try client.send("D", RawFIXClient.newOrder("c1", symbol: "AAPL", side: "2", quantity: "10", limit: "99.5"))
        let rejected = try await client.receive()
        #expect(rejected["150"] == "8")
        #expect(rejected["39"] == "8")
        #expect(rejected["58"] == "rejected by test acceptor")
        #expect(rejected["44"] == "99.5")
        #expect(try await acceptor.send("mode hold") == "OK hold")
        try client.send("D", RawFIXClient.newOrder("c1", symbol: "AAPL", side: "2", quantity: "10"))
        let duplicate = try await client.receive()
        #expect(duplicate["150"] == "8")
        #expect(duplicate["103"] == "6")
        #expect(duplicate["58"] == "duplicate ClOrdID")
        #expect(try await acceptor.send("orders") == "OK 1 c1:AAPL:sell:0/10:rejected")
    }

    @Test func partialModeSplitsTheQuantityAndReplacesAndCancelsFollowTheOrder() async throws {
        let acceptor = try await FIXAcceptorProcess(arguments: ["--mode", "partial", "3"])
        let client = try RawFIXClient(port: acceptor.port)
        _ = try await client.logOn()
        try client.send("D", RawFIXClient.newOrder("c1", symbol: "AAPL", side: "1", quantity: "10", limit: "5"))
        #expect(try await client.receive()["150"] == "0")
        var trades: [[String: String]] = []
        for _ in 0..<3 { trades.append(try await client.receive()) }
        #expect(trades.map { $0["32"] } == ["4", "3", "3"])
        #expect(trades.map { $0["39"] } == ["1", "1", "2"])
        #expect(trades.map { $0["151"] } == ["6", "3", "0"])
        #expect(trades.map { $0["31"] } == ["5", "5", "5"])

        try await acceptor.send("mode hold")
        try client.send("D", RawFIXClient.newOrder("c2", symbol: "AAPL", side: "1", quantity: "10"))
        #expect(try await client.receive()["150"] == "0")
        try client.send(
            "G",
            [
                ("41", "c2"), ("11", "c3"), ("55", "AAPL"), ("54", "1"), ("38", "20"), ("40", "1"),
                ("60", RawFIXClient.now()),
            ])
        let replaced = try await client.receive()
        #expect(replaced["150"] == "5")
        #expect(replaced["11"] == "c3")
        #expect(replaced["41"] == "c2")
        #expect(replaced["38"] == "20")
        #expect(replaced["39"] == "0")
        _ = try await acceptor.waitForEvent(prefix: "REPLACE_REQUEST c2 c3 20", timeout: .seconds(30))
        #expect(try await acceptor.send("fill c3 5") == "OK c3 5/20 partial")
        #expect(try await client.receive()["14"] == "5")
        try client.send(
            "G",
            [
                ("41", "c3"), ("11", "c4"), ("55", "AAPL"), ("54", "1"), ("38", "3"), ("40", "1"),
                ("60", RawFIXClient.now()),
            ])
        let belowFilled = try await client.receive()
        #expect(belowFilled["35"] == "9")
        #expect(belowFilled["434"] == "2")
        try client.send("H", [("11", "c3"), ("55", "AAPL"), ("54", "1")])
        let status = try await client.receive()
        #expect(status["150"] == "I")
        #expect(status["39"] == "1")
        #expect(status["14"] == "5")
        #expect(status["151"] == "15")

        try client.send("F", [("41", "c3"), ("11", "c5"), ("55", "AAPL"), ("54", "1"), ("60", RawFIXClient.now())])
        let canceled = try await client.receive()
        #expect(canceled["150"] == "4")
        #expect(canceled["39"] == "4")
        #expect(canceled["11"] == "c5")
        #expect(canceled["41"] == "c3")
        try client.send("F", [("41", "c5"), ("11", "c6"), ("55", "AAPL"), ("54", "1"), ("60", RawFIXClient.now())])
        let tooLate = try await client.receive()
        #expect(tooLate["35"] == "9")
        #expect(tooLate["102"] == "0")
        #expect(tooLate["39"] == "4")
        try client.send(
            "F", [("41", "nothing"), ("11", "c7"), ("55", "AAPL"), ("54", "1"), ("60", RawFIXClient.now())])
        let unknown = try await client.receive()
        #expect(unknown["102"] == "1")
        #expect(unknown["37"] == "NONE")
        #expect(unknown["39"] == "8")
        #expect(try await acceptor.send("orders") == "OK 2 c1:AAPL:buy:10/10:filled c5:AAPL:buy:5/20:canceled")
        #expect(try await acceptor.send("positions") == "OK AAPL=15")
    }

    @Test func massStatusPositionsAndMassCancelCoverTheOpenOrders() async throws {
        let acceptor = try await FIXAcceptorProcess(arguments: ["--mode", "hold"])
        let client = try RawFIXClient(port: acceptor.port)
        _ = try await client.logOn()
        try client.send("D", RawFIXClient.newOrder("c1", symbol: "AAPL", side: "1", quantity: "10"))
        _ = try await client.receive()
        try client.send("D", RawFIXClient.newOrder("c2", symbol: "MSFT", side: "2", quantity: "5"))
        _ = try await client.receive()
        try await acceptor.send("fill c1 4 10")
        _ = try await client.receive()

        try client.send("AF", [("584", "status-1"), ("585", "7")])
        let first = try await client.receive()
        let last = try await client.receive()
        #expect([first["11"], last["11"]] == ["c1", "c2"])
        #expect([first["150"], last["150"]] == ["I", "I"])
        #expect([first["911"], last["911"]] == ["2", "2"])
        #expect([first["912"], last["912"]] == [nil, "Y"])
        #expect(last["584"] == "status-1")

        try client.send(
            "AN",
            [
                ("710", "positions-1"), ("724", "0"), ("1", "ACCOUNT"), ("581", "1"), ("715", "20260101"),
                ("60", RawFIXClient.now()),
            ])
        let position = try await client.receive()
        #expect(position["35"] == "AP")
        #expect(position["710"] == "positions-1")
        #expect(position["727"] == "1")
        #expect(position["728"] == "0")
        #expect(position["55"] == "AAPL")
        #expect(position["702"] == "1")
        #expect(position["703"] == "TQ")
        #expect(position["704"] == "4")
        #expect(position["705"] == "0")

        #expect(try await acceptor.send("cancel c2") == "OK c2 canceled")
        let unsolicited = try await client.receive()
        #expect(unsolicited["150"] == "4")
        #expect(unsolicited["11"] == "c2")
        try client.send("q", [("11", "mass-1"), ("530", "7"), ("60", RawFIXClient.now())])
        #expect(try await client.receive()["11"] == "c1")
        let report = try await client.receive()
        #expect(report["35"] == "r")
        #expect(report["531"] == "7")
        #expect(report["533"] == "1")
        _ = try await acceptor.waitForEvent(prefix: "MASS_CANCEL_REQUEST", timeout: .seconds(30))

        try client.send("AF", [("584", "status-2"), ("585", "7")])
        let none = try await client.receive()
        #expect(none["37"] == "NONE")
        #expect(none["39"] == "8")
        #expect(none["911"] == "0")
        #expect(none["912"] == "Y")
        await #expect(throws: FIXAcceptorProcess.Failure.self) { try await acceptor.send("cancel c1") }
    }

    @Test func logoutEndsTheSessionAndTheNextLogonIsTakenAgain() async throws {
        let acceptor = try await FIXAcceptorProcess(arguments: ["--heartbeat-check"])
        let client = try RawFIXClient(port: acceptor.port)
        _ = try await client.logOn()
        try await acceptor.send("testrequest probe-1")
        let testRequest = try await client.receive()
        #expect(testRequest["35"] == "1")
        #expect(testRequest["112"] == "probe-1")
        try client.send("0", [("112", "probe-1")])
        _ = try await acceptor.waitForEvent(prefix: "HEARTBEAT probe-1", timeout: .seconds(30))
        try await acceptor.send("logout")
        #expect(try await client.receive()["35"] == "5")
        try client.send("5", [])
        _ = try await acceptor.waitForEvent(prefix: "LOGOUT", timeout: .seconds(30))
        _ = try await acceptor.waitForEvent(prefix: "DISCONNECTED", timeout: .seconds(30))
        await #expect(throws: FIXAcceptorProcess.Failure.self) { try await acceptor.send("logout") }
        // Logon, Heartbeat and Logout were 1 to 3.
        let again = try RawFIXClient(port: acceptor.port, nextSequenceNumber: 4)
        #expect(try await again.logOn()["35"] == "A")
        // The session goes on from where it stood: the next logon was taken as message 4.
        _ = try await acceptor.waitForEvent(prefix: "LOGON", timeout: .seconds(30))
        _ = try await acceptor.waitForEvent(prefix: "LOGON", timeout: .seconds(30))
    }

    @Test func aSendingTimeFarFromTheClockIsRejectedUnlessTheCheckIsOff() async throws {
        let checking = try await FIXAcceptorProcess()
        let stale = try RawFIXClient(port: checking.port)
        // QuickFIX cannot send a Reject before the logon: it only disconnects (and says why in its log).
        await #expect(throws: RawFIXClient.Closed.self) {
            try await stale.logOn(sendingTime: "20200101-00:00:00.000")
        }
        _ = try await checking.waitForEvent(prefix: "DISCONNECTED", timeout: .seconds(30))
        let log = try String(
            contentsOf: checking.directory.appendingPathComponent("log/FIX.4.4-BROKER-RUNNER.event.current.log"),
            encoding: .utf8)
        #expect(log.contains("SendingTime accuracy problem"))
        let relaxed = try await FIXAcceptorProcess(arguments: ["--no-latency-check"])
        let old = try RawFIXClient(port: relaxed.port)
        #expect(try await old.logOn(sendingTime: "20200101-00:00:00.000")["35"] == "A")
    }

    @Test func commandsThatCannotBeDoneAnswerERR() async throws {
        let acceptor = try await FIXAcceptorProcess()
        await #expect(throws: FIXAcceptorProcess.Failure.self) { try await acceptor.send("fill nothing 1") }
        await #expect(throws: FIXAcceptorProcess.Failure.self) { try await acceptor.send("price AAPL -1") }
        await #expect(throws: FIXAcceptorProcess.Failure.self) { try await acceptor.send("mode sometimes") }
        await #expect(throws: FIXAcceptorProcess.Failure.self) { try await acceptor.send("drop") }
        // Still answering after the errors, in order.
        #expect(try await acceptor.send("positions") == "OK")
        #expect(try await acceptor.send("orders") == "OK 0")
        #expect(try await acceptor.send("seq") == "OK sender=1 target=1")
    }

    @Test func aMissingRequiredFieldGetsASessionReject() async throws {
        let acceptor = try await FIXAcceptorProcess()
        let client = try RawFIXClient(port: acceptor.port)
        _ = try await client.logOn()
        try client.send("D", [("11", "c1"), ("55", "AAPL"), ("54", "1"), ("40", "1"), ("60", RawFIXClient.now())])
        let reject = try await client.receive()
        #expect(reject["35"] == "3")
        #expect(reject["45"] == "2")
        #expect(reject["371"] == "38")
        #expect(reject["373"] == "1")
        _ = try await acceptor.waitForEvent(prefix: "REJECT_SENT 2 1", timeout: .seconds(30))
    }

    @Test func dropClosesTheConnectionWithoutALogout() async throws {
        let acceptor = try await FIXAcceptorProcess()
        let client = try RawFIXClient(port: acceptor.port)
        _ = try await client.logOn()
        _ = try await acceptor.waitForEvent(prefix: "LOGON", timeout: .seconds(30))
        try await acceptor.send("drop")
        await #expect(throws: RawFIXClient.Closed.self) { try await client.receive() }
        _ = try await acceptor.waitForEvent(prefix: "DISCONNECTED", timeout: .seconds(30))
    }

    @Test func aFillWhileDisconnectedArrivesByResendAfterTheNextLogon() async throws {
        let acceptor = try await FIXAcceptorProcess(arguments: ["--mode", "hold"])
        var client = try RawFIXClient(port: acceptor.port)
        _ = try await client.logOn()
        try client.send("D", RawFIXClient.newOrder("c1", symbol: "AAPL", side: "1", quantity: "100", limit: "10"))
        #expect(try await client.receive()["150"] == "0")
        try await acceptor.send("drop")
        _ = try await acceptor.waitForEvent(prefix: "DISCONNECTED", timeout: .seconds(30))
        #expect(try await acceptor.send("fill c1 40") == "OK c1 40/100 partial")
        // QuickFIX stored the trade as message 3 and answers the next Logon as 4: the initiator, which has
        // seen 1 and 2, sees the gap and asks for it; QuickFIX resends the trade and gap-fills its Logon.
        client = try RawFIXClient(port: acceptor.port, nextSequenceNumber: 3)
        let logon = try await client.logOn()
        #expect(logon["34"] == "4")
        try client.send("2", [("7", "3"), ("16", "0")])
        _ = try await acceptor.waitForEvent(prefix: "RESEND_REQUEST 3 0", timeout: .seconds(30))
        let resent = try await client.receive()
        #expect(resent["35"] == "8")
        #expect(resent["34"] == "3")
        #expect(resent["43"] == "Y")
        #expect(resent["150"] == "F")
        #expect(resent["32"] == "40")
        #expect(resent["31"] == "10")
        let gapFill = try await client.receive()
        #expect(gapFill["35"] == "4")
        #expect(gapFill["34"] == "4")
        #expect(gapFill["123"] == "Y")
        #expect(gapFill["36"] == "5")
    }

    @Test func aLogonAheadOfTheExpectedSequenceNumberGetsAResendRequest() async throws {
        let acceptor = try await FIXAcceptorProcess()
        let client = try RawFIXClient(port: acceptor.port, nextSequenceNumber: 5)
        _ = try await client.logOn()
        let resendRequest = try await client.receive()
        #expect(resendRequest["35"] == "2")
        #expect(resendRequest["7"] == "1")
    }

    @Test func aLogonWithoutThePasswordIsRefused() async throws {
        let acceptor = try await FIXAcceptorProcess(arguments: ["--password", "secret"])
        let refused = try RawFIXClient(port: acceptor.port)
        let logout = try await refused.logOn(extra: [("553", "runner"), ("554", "wrong")])
        #expect(logout["35"] == "5")
        _ = try await acceptor.waitForEvent(prefix: "LOGON_REFUSED", timeout: .seconds(30))
        _ = try await acceptor.waitForEvent(prefix: "DISCONNECTED", timeout: .seconds(30))
        // The refused Logon did not count: the next one is 1 again.
        let accepted = try RawFIXClient(port: acceptor.port)
        #expect(try await accepted.logOn(extra: [("553", "runner"), ("554", "secret")])["35"] == "A")
    }

    @Test func aRestartKeepsTheSequenceNumbersAndTheOrders() async throws {
        let acceptor = try await FIXAcceptorProcess()
        let client = try RawFIXClient(port: acceptor.port)
        _ = try await client.logOn()
        try client.send("D", RawFIXClient.newOrder("c1", symbol: "AAPL", side: "1", quantity: "5"))
        _ = try await client.receive()
        _ = try await client.receive()
        // Dropped first, so that no Logout on the way out moves the numbers.
        try await acceptor.send("drop")
        _ = try await acceptor.waitForEvent(prefix: "DISCONNECTED", timeout: .seconds(30))
        let before = try await acceptor.send("seq")
        #expect(before == "OK sender=4 target=3")
        try await acceptor.restart()
        #expect(try await acceptor.send("seq") == before)
        #expect(try await acceptor.send("orders") == "OK 1 c1:AAPL:buy:5/5:filled")
        #expect(try await acceptor.send("positions") == "OK AAPL=5")
        // The restarted broker still knows c1 was used.
        let again = try RawFIXClient(port: acceptor.port, nextSequenceNumber: 3)
        #expect(try await again.logOn()["34"] == "4")
        try again.send("D", RawFIXClient.newOrder("c1", symbol: "AAPL", side: "1", quantity: "5"))
        #expect(try await again.receive()["58"] == "duplicate ClOrdID")
    }
}

/// A FIX 4.4 initiator reduced to bytes on a socket: it frames, numbers and checksums what it sends and
/// splits what it receives into fields, and knows nothing of sessions (that is the acceptor's side here).
/// Used by one test at a time, one call after another (never two calls at once), so unchecked.
final class RawFIXClient: @unchecked Sendable {
    struct Closed: Error {}
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let descriptor: Int32
    private var nextSequenceNumber: Int
    private var buffer: [UInt8] = []

    init(port: Int, nextSequenceNumber: Int = 1) throws {
        #if canImport(Glibc)
            descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw Failure(description: "socket failed") }
        self.nextSequenceNumber = nextSequenceNumber
        // Every read waits at most 5 seconds: a missing answer fails the test instead of hanging it.
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else {
            close(descriptor)
            throw Failure(description: "connect 127.0.0.1:\(port): \(String(cString: strerror(errno)))")
        }
    }

    deinit { close(descriptor) }

    static func now() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HH:mm:ss.SSS"
        return formatter.string(from: Date())
    }

    /// A NewOrderSingle's body: market, or limit at `limit`.
    static func newOrder(_ clOrdId: String, symbol: String, side: String, quantity: String, limit: String? = nil)
        -> [(String, String)]
    {
        var fields = [
            ("11", clOrdId), ("55", symbol), ("54", side), ("38", quantity), ("40", limit == nil ? "1" : "2"),
        ]
        if let limit { fields.append(("44", limit)) }
        fields.append(("60", now()))
        return fields
    }

    /// Sends a Logon (98=0, 108=30) and returns the acceptor's first answer.
    func logOn(extra: [(String, String)] = [], sendingTime: String = now()) async throws -> [String: String] {
        try send("A", [("98", "0"), ("108", "30")] + extra, sendingTime: sendingTime)
        return try await receive()
    }

    /// `8=FIX.4.4|9=<length>|35=<type>|49|56|34|52|<fields>|10=<checksum>` with SOH between fields.
    func send(_ type: String, _ fields: [(String, String)], sendingTime: String = now()) throws {
        let header = [
            ("35", type), ("49", "RUNNER"), ("56", "BROKER"), ("34", String(nextSequenceNumber)), ("52", sendingTime),
        ]
        nextSequenceNumber += 1
        let body = (header + fields).map { "\($0.0)=\($0.1)\u{1}" }.joined()
        let start = "8=FIX.4.4\u{1}9=\(body.utf8.count)\u{1}" + body
        let checksum = start.utf8.reduce(0) { ($0 + Int($1)) % 256 }
        let bytes = Array((start + "10=" + String(format: "%03d", checksum) + "\u{1}").utf8)
        let sent = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard sent == bytes.count else {
            throw Failure(description: "send failed: \(String(cString: strerror(errno)))")
        }
    }

    /// The next whole message, as tag to value; throws `Closed` when the acceptor closed the connection.
    /// The blocking read runs on its own thread: on a cooperative thread it would stall every other test
    /// of the run while the acceptor is slow to answer (a loaded 2-core machine has only two of them).
    func receive() async throws -> [String: String] {
        try await OwnThread.run { [self] in try receiveBlocking() }
    }

    private func receiveBlocking() throws -> [String: String] {
        while true {
            if let message = takeMessage() { return message }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count == 0 { throw Closed() }
            if count < 0 {
                if errno == ECONNRESET { throw Closed() }
                throw Failure(description: "no message within 5 s (\(String(cString: strerror(errno))))")
            }
            buffer += chunk[0..<count]
        }
    }

    /// Cuts one message off the buffer: it ends with the SOH after "10=nnn".
    private func takeMessage() -> [String: String]? {
        let text = String(decoding: buffer, as: UTF8.self)
        guard let trailer = text.range(of: "\u{1}10=") else { return nil }
        guard let end = text[trailer.upperBound...].firstIndex(of: "\u{1}") else { return nil }
        let message = text[..<end]
        buffer.removeFirst(text.utf8.distance(from: text.startIndex, to: end) + 1)
        var fields: [String: String] = [:]
        for field in message.split(separator: "\u{1}") {
            let parts = field.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        return fields
    }
}
