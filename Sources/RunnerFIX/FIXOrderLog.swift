import Foundation
import RunnerCore

/// The orders this session sent (and replaced), one JSON line each in the store directory: after a
/// restart the adapter still knows an order's symbol and side, which FIX requires on a cancel, a replace
/// and a status request, and its parent and strategy for the engine.
struct FIXOrderLog: Sendable {
    let path: String

    private struct Line: Codable {
        var clientOrderID: String
        var parentID: String
        var strategy: String
        var symbol: String
        var side: String
        var quantity: Int64
        var venue: String
        var releaseAt: Int64
        var sliceIndex: Int
    }

    init(directory: String, senderCompID: String, targetCompID: String) {
        path = (directory as NSString).appendingPathComponent(
            "\(FIXSequenceStore.fileSafe(senderCompID))-\(FIXSequenceStore.fileSafe(targetCompID)).orders.jsonl")
    }

    /// Every order recorded, the last record of an id winning; empty when there is no file yet.
    func load() throws(FIXStoreError) -> [String: ChildOrder] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw FIXStoreError(path: path, reason: "cannot read the order log: \(error.localizedDescription)")
        }
        var orders: [String: ChildOrder] = [:]
        let decoder = JSONDecoder()
        for (index, row) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !row.isEmpty {
            guard let line = try? decoder.decode(Line.self, from: Data(row.utf8)),
                let side = OrderSide(rawValue: line.side)
            else { throw FIXStoreError(path: path, line: index + 1, reason: "not an order record: \(row.prefix(80))") }
            orders[line.clientOrderID] = ChildOrder(
                clientOrderID: line.clientOrderID, parentID: line.parentID, strategy: line.strategy,
                symbol: Symbol(line.symbol), side: side, quantity: line.quantity, venue: line.venue,
                releaseAt: line.releaseAt, sliceIndex: line.sliceIndex)
        }
        return orders
    }

    /// Appends `order`, before it is sent.
    func record(_ order: ChildOrder) throws(FIXStoreError) {
        let line = Line(
            clientOrderID: order.clientOrderID, parentID: order.parentID, strategy: order.strategy,
            symbol: order.symbol.rawValue, side: order.side.rawValue, quantity: order.quantity,
            venue: order.venue, releaseAt: order.releaseAt, sliceIndex: order.sliceIndex)
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            var data = try encoder.encode(line)
            data.append(0x0A)
            try appendLine(data, to: path)
        } catch {
            throw FIXStoreError(path: path, reason: "cannot append to the order log: \(error.localizedDescription)")
        }
    }
}

/// Appends `data` to the file at `path`, creating it (and its directory) when missing.
func appendLine(_ data: Data, to path: String) throws {
    let directory = (path as NSString).deletingLastPathComponent
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    if !FileManager.default.fileExists(atPath: path) {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
    }
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    defer { try? handle.close() }
    try handle.seekToEnd()
    try handle.write(contentsOf: data)
}
