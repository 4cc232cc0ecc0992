import Foundation
import Glibc
import RunnerBroker
import RunnerCore

/// The paper broker's book on disk, so the simulated venue outlives the runner as a real one does: an
/// append-only file of what it accepted, rejected, cancelled and filled, one tab-separated line each.
///
/// Every line goes to the operating system in one `write` before the call that caused it returns, so
/// an answer the runner has seen survives a kill of the process (not a power loss: the file is not
/// synced, which a simulated venue does not need). Each line also carries the last bar the broker had
/// processed, its place in the market data, so a restart knows which bars the venue has already seen.
/// A torn last line (a power loss mid-write) is ignored on reading.
///
/// A fill's price and fee are exact decimal text (`56.31`, `3.64`, at least two decimals). Files written
/// before prices were decimals hold a `Double`'s shortest digits there (`56.30624999999999`, `1e-05`): they
/// read back as exactly those digits, the amounts that venue settled, so the format keeps its version.
struct PaperBookFile {
    /// One thing the venue did, as a line says it.
    enum Event: Equatable {
        case accepted(ChildOrder, at: Int64)
        case rejected(ChildOrder, at: Int64, reason: String)
        case cancelled(clientOrderID: String)
        case filled(Fill)
    }

    /// The bar the venue last processed.
    /// Where the venue stood when it wrote a line: the last bar it matched, and its clock (later than the
    /// bar when orders arrive at a new time before any of its bars).
    struct Cursor: Equatable {
        var symbol: Symbol
        var timestamp: Int64
        var clock: Int64
    }

    static let header = "paper-book v2\n"
    /// The first version's lines carry no clock: the bar's time stands for it.
    static let headerV1 = "paper-book v1\n"

    let path: String
    private let descriptor: Int32

    /// Opens the file for appending, creating it with its header when missing.
    init(path: String) throws(PaperBookFileError) {
        self.path = path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // A file killed between its creation and its header is empty: it is new.
        let existed = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int ?? 0) > 0
        descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .unwritable(path: path, reason: String(cString: strerror(errno))) }
        if !existed { try write(Self.header) }
    }

    func close() { _ = Glibc.close(descriptor) }

    /// Appends the lines for `events`, in one write.
    func append(_ events: [Event], cursor: Cursor?) throws(PaperBookFileError) {
        guard !events.isEmpty else { return }
        // One string, field by field (no arrays of fields to join): the venue writes a line for every order
        // it takes and every fill it makes.
        var text = ""
        for event in events {
            if let cursor {
                text += cursor.symbol.rawValue
                text += "\t\(cursor.timestamp)\t\(cursor.clock)"
            } else {
                text += "-\t0\t0"
            }
            Self.appendFields(of: event, to: &text)
            text += "\n"
        }
        try write(text)
    }

    private func write(_ text: String) throws(PaperBookFileError) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw .unwritable(path: path, reason: String(cString: strerror(errno)))
            }
            offset += written
        }
    }

    /// The event's fields, each after a tab.
    private static func appendFields(of event: Event, to line: inout String) {
        func field(_ value: String) { add(value, to: &line) }
        switch event {
        case .accepted(let order, let at):
            field("A")
            field(String(at))
            appendFields(of: order, to: &line)
        case .rejected(let order, let at, let reason):
            field("J")
            field(String(at))
            appendFields(of: order, to: &line)
            field(reason.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " "))
        case .cancelled(let id):
            field("C")
            field(id)
        case .filled(let fill):
            field("F")
            field(fill.executionID)
            field(fill.clientOrderID)
            field(fill.symbol.rawValue)
            field(fill.side.rawValue)
            field(String(fill.quantity))
            field(fill.price.plainText(minimumFractionDigits: 2))
            field(fill.fee.plainText(minimumFractionDigits: 2))
            field(String(fill.timestamp))
        }
    }

    private static func appendFields(of order: ChildOrder, to line: inout String) {
        let fields = [
            order.clientOrderID, order.parentID, order.strategy, order.symbol.rawValue, order.side.rawValue,
            String(order.quantity), order.venue, String(order.releaseAt), String(order.sliceIndex),
        ]
        for field in fields { add(field, to: &line) }
    }

    private static func add(_ field: String, to line: inout String) {
        line += "\t"
        line += field
    }

    // MARK: Reading

    /// One line: an event and the last bar the venue had processed when it happened (nil: none yet).
    struct Line {
        var event: Event
        var cursor: Cursor?
    }

    /// The lines of the file at `path`, in order; nil when the file does not exist.
    static func read(path: String) throws(PaperBookFileError) -> [Line]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, line: 0, reason: "the file cannot be read")
        }
        if data.isEmpty { return [] }
        let text = String(decoding: data, as: UTF8.self)
        let version1 = text.hasPrefix(headerV1)
        guard text.hasPrefix(header) || version1 else {
            throw .unreadable(path: path, line: 1, reason: "the first line is not '\(header.dropLast())'")
        }
        let prefixFields = version1 ? 2 : 3
        var events: [Line] = []
        var lines = text.dropFirst(header.count).split(separator: "\n", omittingEmptySubsequences: false)
        // The text after the last newline is a torn write (or nothing): it never counts.
        lines.removeLast()
        for (index, line) in lines.enumerated() {
            let number = index + 2
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard parts.count > prefixFields, let event = event(Array(parts.dropFirst(prefixFields))) else {
                throw .unreadable(path: path, line: number, reason: "'\(line.prefix(80))' is not a book line")
            }
            let timestamp = Int64(parts[1])
            let clock = version1 ? timestamp : Int64(parts[2])
            var cursor: Cursor?
            if parts[0] != "-" {
                guard let timestamp, let clock else {
                    throw .unreadable(path: path, line: number, reason: "'\(line.prefix(80))' has no valid cursor")
                }
                cursor = Cursor(symbol: Symbol(parts[0]), timestamp: timestamp, clock: clock)
            }
            events.append(Line(event: event, cursor: cursor))
        }
        return events
    }

    private static func event(_ fields: [String]) -> Event? {
        switch fields.first {
        case "A" where fields.count == 11:
            guard let at = Int64(fields[1]), let order = order(Array(fields[2...10])) else { return nil }
            return .accepted(order, at: at)
        case "J" where fields.count == 12:
            guard let at = Int64(fields[1]), let order = order(Array(fields[2...10])) else { return nil }
            return .rejected(order, at: at, reason: fields[11])
        case "C" where fields.count == 2:
            return .cancelled(clientOrderID: fields[1])
        case "F" where fields.count == 9:
            guard let side = OrderSide(rawValue: fields[4]), let quantity = Int64(fields[5]),
                let price = Decimal(decimalText: fields[6]), let fee = Decimal(decimalText: fields[7]),
                let timestamp = Int64(fields[8])
            else { return nil }
            return .filled(Fill(executionID: fields[1], clientOrderID: fields[2], symbol: Symbol(fields[3]), side: side,
                                quantity: quantity, price: price, fee: fee, timestamp: timestamp))
        default:
            return nil
        }
    }

    private static func order(_ fields: [String]) -> ChildOrder? {
        guard let side = OrderSide(rawValue: fields[4]), let quantity = Int64(fields[5]),
            let releaseAt = Int64(fields[7]), let slice = Int(fields[8])
        else { return nil }
        return ChildOrder(clientOrderID: fields[0], parentID: fields[1], strategy: fields[2], symbol: Symbol(fields[3]),
                          side: side, quantity: quantity, venue: fields[6], releaseAt: releaseAt, sliceIndex: slice)
    }
}

/// The paper broker's book file could not be written or read.
public enum PaperBookFileError: Error, Sendable, Equatable, CustomStringConvertible {
    case unwritable(path: String, reason: String)
    case unreadable(path: String, line: Int, reason: String)
    /// The file at the book's path is not a paper book (see ``PaperBroker/removeOwnBook(at:)``); left as it is.
    case notABook(path: String, found: String)

    public var description: String {
        switch self {
        case .unwritable(let path, let reason): "\(path): the paper broker's book cannot be written: \(reason)"
        case .unreadable(let path, let line, let reason): "\(path):\(line): the paper broker's book is unreadable: \(reason)"
        case .notABook(let path, let found):
            "\(path) is \(found), not a paper broker's book; the runner leaves it as it is "
                + "(point 'journal:' at a file in another folder, or move it away yourself)"
        }
    }
}
