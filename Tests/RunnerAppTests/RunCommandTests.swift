import Foundation
import RunnerApp
import RunnerCore
import RunnerJournal
import Testing

/// `runner run` on the bundled sample: every stage runs and the journal holds what the summary counts.
@Suite struct RunCommandTests {
    @Test func theEmbeddedDefaultReplaysTheSampleThroughEveryStage() async throws {
        let root = try Repository.scratchCopyWithSample()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = await Workspace(root: root.path).run(requestedEnvironment: nil, processEnvironment: [:])
        #expect(output.exitCode == .success, "\(output.standardError)")
        let lines = output.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first == "preflight: environment 'paper' (mode: paper) may start")
        #expect(lines.contains { $0.hasPrefix("bars: 5850 ") })
        let journal = try SQLiteJournal(path: root.appendingPathComponent("var/paper/journal.sqlite").path)
        let fills = try journal.executions()
        let signals = try journal.signals()
        #expect(!fills.isEmpty)
        #expect(lines.contains { $0.hasSuffix("fills: \(fills.count)") })
        // Slipped prices are exact ticks (0.01 from 1 up, 0.0001 below) and fees whole cents: no binary noise.
        let offTick = fills.filter { $0.price != $0.price.rounded(toPlaces: $0.price >= 1 ? 2 : 4) }
        #expect(offTick.isEmpty, "\(offTick.prefix(3).map { "\($0.executionID) \($0.price)" })")
        #expect(fills.allSatisfy { $0.fee == $0.fee.rounded(toPlaces: 2) })
        // The journal keeps target changes: never more than the targets emitted, and one decision each.
        let targetsLine = try #require(lines.first { $0.hasPrefix("targets: ") })
        let emitted = try #require(Int(targetsLine.dropFirst("targets: ".count).prefix { $0.isNumber }))
        #expect(!signals.isEmpty && signals.count <= emitted)
        #expect(try journal.decisions().count == signals.count)
        #expect(try journal.lastBarTimestamp() != nil)
        // The journal's order records agree with the broker's end state: nothing left open, and the
        // executions add up to the final positions the summary prints.
        #expect(try journal.recover().openOrders.isEmpty)
        let net = Dictionary(grouping: fills, by: \.symbol).mapValues { $0.reduce(Int64(0)) { $0 + $1.signedQuantity } }
            .filter { $0.value != 0 }
        let positionsLine = try #require(lines.first { $0.hasPrefix("positions: ") })
        let expected = net.isEmpty ? "positions: none"
            : "positions: " + net.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        #expect(positionsLine == expected)
        try await journal.close()
    }

    @Test func aLiveEnvironmentIsRefusedBeforeAnythingRuns() async throws {
        let output = await Workspace(root: Repository.root.path).run(requestedEnvironment: "live", processEnvironment: [:])
        #expect(output.exitCode == .liveGuardRefused)
    }
}
