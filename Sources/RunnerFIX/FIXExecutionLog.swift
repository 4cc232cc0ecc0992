import Foundation
import RunnerBroker
import RunnerCore

/// The adapter's own record of executions: every fill it was told of, once per ExecID, kept as JSON lines
/// in the store directory so a restarted runner still answers ``BrokerAdapter/fills(since:)`` (and the
/// resend after a restart brings the fills it missed while down).
struct FIXExecutionLog: Sendable {
    let path: String
    private(set) var fills: [Fill] = []
    private var executionIDs: Set<String> = []

    private struct Line: Codable {
        var executionID: String
        var clientOrderID: String
        var symbol: String
        var side: String
        var quantity: Int64
        var price: String
        var fee: String
        var timestamp: Int64
    }

    init(directory: String, senderCompID: String, targetCompID: String) {
        path = (directory as NSString).appendingPathComponent(
            "\(FIXSequenceStore.fileSafe(senderCompID))-\(FIXSequenceStore.fileSafe(targetCompID)).fills.jsonl")
    }

    /// Reads the file (none yet: no fills).
    mutating func load() throws(FIXStoreError) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw FIXStoreError(path: path, reason: "cannot read the execution log: \(error.localizedDescription)")
        }
        let decoder = JSONDecoder()
        for (index, row) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !row.isEmpty {
            guard let line = try? decoder.decode(Line.self, from: Data(row.utf8)),
                let side = OrderSide(rawValue: line.side),
                let price = Decimal(decimalText: line.price), let fee = Decimal(fixText: line.fee)
            else {
                throw FIXStoreError(path: path, line: index + 1, reason: "not a fill record: \(row.prefix(80))")
            }
            let fill = Fill(
                executionID: line.executionID, clientOrderID: line.clientOrderID, symbol: Symbol(line.symbol),
                side: side, quantity: line.quantity, price: price, fee: fee, timestamp: line.timestamp)
            if executionIDs.insert(fill.executionID).inserted { fills.append(fill) }
        }
    }

    /// Records `fill` unless its ExecID is known; returns whether it was new.
    mutating func record(_ fill: Fill) throws(FIXStoreError) -> Bool {
        guard executionIDs.insert(fill.executionID).inserted else { return false }
        fills.append(fill)
        let line = Line(
            executionID: fill.executionID, clientOrderID: fill.clientOrderID, symbol: fill.symbol.rawValue,
            side: fill.side.rawValue, quantity: fill.quantity, price: fill.price.plainText(),
            fee: fill.fee.plainText(), timestamp: fill.timestamp)
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            var data = try encoder.encode(line)
            data.append(0x0A)
            try appendLine(data, to: path)
        } catch {
            throw FIXStoreError(path: path, reason: "cannot append to the execution log: \(error.localizedDescription)")
        }
        return true
    }

    /// Fills at or after `timestamp`, oldest first.
    func fills(since timestamp: Int64) -> [Fill] {
        fills.filter { $0.timestamp >= timestamp }.sorted {
            ($0.timestamp, $0.executionID) < ($1.timestamp, $1.executionID)
        }
    }
}
