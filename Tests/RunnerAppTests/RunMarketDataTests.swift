import Foundation
import RunnerApp
import RunnerEngine
import Testing

/// `runner run` over market data as other tools export it: read through the `market_data` layout settings,
/// and refused (exit 1, said why) when the data is mostly unreadable or a traded symbol has none.
@Suite struct RunMarketDataTests {
    static let sampleSettings = "market_data: {source: csv, path: data/sample, speed: max}"

    /// The sample, exported as a US site would: one file per symbol with no symbol column, `Date` in
    /// New York time as `1/5/2026 9:30`, newest row first, CRLF line endings.
    static func usExport(into folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let iso = ISO8601DateFormatter()
        let us = DateFormatter()
        us.locale = Locale(identifier: "en_US_POSIX")
        us.timeZone = TimeZone(identifier: "America/New_York")
        us.dateFormat = "M/d/yyyy H:mm"
        let sample = Repository.root.appendingPathComponent("data/sample")
        for name in try FileManager.default.contentsOfDirectory(atPath: sample.path) where name.hasSuffix(".csv") {
            let lines = try String(contentsOf: sample.appendingPathComponent(name), encoding: .utf8)
                .split(separator: "\n").dropFirst()
            let rows = try lines.map { line -> String in
                let fields = line.split(separator: ",").map(String.init)
                let date = try #require(iso.date(from: fields[0]))
                return ([us.string(from: date)] + fields[2...]).joined(separator: ",")
            }
            let text = (["Date,Open,High,Low,Close,Volume"] + rows.reversed()).joined(separator: "\r\n") + "\r\n"
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }

    func run(_ marketData: String, export: Bool = true) async throws -> (output: CommandOutput, notes: [String]) {
        let root = try Repository.scratchCopyWithSample(edits: ["environments/paper.yaml": [(Self.sampleSettings, marketData)]])
        defer { try? FileManager.default.removeItem(at: root) }
        if export { try Self.usExport(into: root.appendingPathComponent("data/export")) }
        let notes = Notes()
        let output = await Workspace(root: root.path).run(requestedEnvironment: nil, processEnvironment: [:]) { progress in
            if case .note(let text) = progress { notes.append(text) }
        }
        return (output, notes.texts)
    }

    final class Notes: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [String] = []
        func append(_ text: String) { lock.withLock { stored.append(text) } }
        var texts: [String] { lock.withLock { stored } }
    }

    @Test func aUSExportReadsThroughItsLayoutLikeTheSample() async throws {
        let (output, _) = try await run("""
            market_data: {source: csv, path: data/export, columns: "timestamp=Date", symbol_source: file_name, \
            timestamp_format: "%m/%d/%Y %H:%M", time_zone: America/New_York, order: descending}
            """)
        #expect(output.exitCode == .success, "\(output.standardError)")
        let lines = output.standardOutput.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("bars: 5850 ") && !$0.contains("skipped") }, "\(output.standardOutput)")
    }

    @Test func theSameExportWithoutItsLayoutIsRefusedAndSaysWhichSettingReadsIt() async throws {
        let (output, _) = try await run("market_data: {source: csv, path: data/export}")
        #expect(output.exitCode == .configurationErrors)
        #expect(output.standardError.contains("the header has no 'timestamp' column"))
        #expect(output.standardError.contains("market_data.columns: \"timestamp=date\""))
    }

    @Test(arguments: [
        ("columns: \"timestamp=Date\", symbol_source: file_name, order: descending", "no usable bar (5855 problems with it"),
        ("columns: \"timestamp=Date\", symbol_source: file_name, timestamp_format: \"%m/%d/%Y %H:%M\"", "most of the market data was skipped"),
    ])
    func aRunThatSkipsMostRowsFails(_ settings: String, _ expected: String) async throws {
        let (output, notes) = try await run("market_data: {source: csv, path: data/export, \(settings)}")
        #expect(output.exitCode == .configurationErrors)
        #expect(output.standardError.contains(expected), "\(output.standardError)")
        #expect(notes.count == 21)
        #expect(notes.last?.hasPrefix("... and ") == true)
    }

    @Test func aTradedSymbolWithoutDataIsReportedAndStopsUnderStop() async throws {
        for policy in ["skip", "stop"] {
            let root = try Repository.scratchCopyWithSample(edits: ["environments/paper.yaml": [
                (Self.sampleSettings, "market_data: {source: csv, path: data/sample, on_bad_row: \(policy)}")
            ]])
            defer { try? FileManager.default.removeItem(at: root) }
            try FileManager.default.removeItem(at: root.appendingPathComponent("data/sample/XOM.csv"))
            let notes = Notes()
            let output = await Workspace(root: root.path).run(requestedEnvironment: nil, processEnvironment: [:]) { progress in
                if case .note(let text) = progress { notes.append(text) }
            }
            let missing = "/data/sample:1:1: error: XOM is in a strategy's universe, but the market data holds no bar for it"
            if policy == "skip" {
                #expect(output.exitCode == .success, "\(output.standardError)")
                #expect(notes.texts.contains { $0.hasSuffix(missing) }, "\(notes.texts)")
            } else {
                #expect(output.exitCode == .configurationErrors)
                #expect(output.standardError.contains(missing), "\(output.standardError)")
            }
        }
    }
}
