import Foundation
import RunnerApp
import RunnerCore
import RunnerJournal
import Testing

/// Every count the run's summary prints equals a query on the journal it wrote.
@Suite struct SummaryJournalAgreementTests {
    /// The integer after `label` in the summary.
    func count(_ label: String, in text: String) throws -> Int {
        let range = try #require(text.range(of: label), "no '\(label)' in \(text)")
        return try #require(Int(text[range.upperBound...].prefix { $0.isNumber }), "no number after '\(label)'")
    }

    /// The bundled sample as it is (`mean_revert` has a rebalance band), without any threshold, and with a
    /// minimum order in shares on `ma_cross` as well.
    enum Edition: String, CaseIterable, Sendable {
        case bundled, withoutThresholds, thresholdsOnBoth

        var edits: [String: [(String, String)]] {
            switch self {
            case .bundled: [:]
            case .withoutThresholds:
                ["strategies/mean_revert.yaml": [("\n  rebalance_band: 10%", ""), ("\n  min_order: 2500 USD", "")]]
            case .thresholdsOnBoth:
                ["strategies/ma_cross.yaml": [("stop: 2 * vol", "stop: 2 * vol\n  min_order: 5 shares")]]
            }
        }
    }

    @Test(arguments: Edition.allCases)
    func theSummaryCountsWhatTheJournalHolds(edition: Edition) async throws {
        let edits = edition.edits
        let root = try Repository.scratchCopyWithSample(edits: edits)
        defer { try? FileManager.default.removeItem(at: root) }
        let output = await Workspace(root: root.path).run(requestedEnvironment: nil, processEnvironment: [:])
        #expect(output.exitCode == .success, "\(output.standardError)")
        let text = output.standardOutput
        let journal = try SQLiteJournal(path: root.appendingPathComponent("var/paper/journal.sqlite").path)

        let decisions = try journal.decisions()
        #expect(try count("decisions journaled: ", in: text) == decisions.filter(\.isApproved).count)
        #expect(try count(" approved, ", in: text) == decisions.filter { !$0.isApproved }.count)
        #expect(try journal.signals().count == decisions.count)
        for (code, rows) in Dictionary(grouping: decisions.compactMap(\.code), by: { $0 }) {
            #expect(try count("\(code.rawValue) ", in: text) == rows.count, "\(code.rawValue)")
        }
        // Targets emitted = unchanged + held + journaled decisions + repeated denials.
        let targets = try count("targets: ", in: text)
        let unchanged = try count(" emitted, ", in: text)
        let repeated = try count("; ", in: text.components(separatedBy: "decisions journaled: ")[1])
        let heldRows = try journal.heldTargets()
        var held = 0
        if edition == .withoutThresholds {
            #expect(!text.contains("held: "))
            #expect(heldRows.isEmpty)
        } else {
            // Each reason's count is its journaled rows plus the repeats not journaled again.
            let withinBand = try count("held: ", in: text)
            let belowMinimum = try count(" within the rebalance band, ", in: text)
            let repeatedHolds = try count("below the minimum order; ", in: text)
            #expect(withinBand > 0, "\(text)")
            #expect(belowMinimum > 0 || edition == .bundled, "\(text)")
            #expect(heldRows.count + repeatedHolds == withinBand + belowMinimum)
            #expect(heldRows.filter { $0.reason == .withinBand }.count <= withinBand)
            #expect(heldRows.filter { $0.reason == .belowMinimum }.count <= belowMinimum)
            held = withinBand + belowMinimum
        }
        #expect(targets == unchanged + held + decisions.count + repeated)

        #expect(try count("orders: ", in: text) == journal.parentOrders().count)
        let children = try journal.childOrders()
        #expect(try count(" parent, ", in: text) == children.count)
        let sent = try children.filter { try journal.childOrderHistory(clientOrderID: $0.order.clientOrderID).contains { $0.status == .new } }
        #expect(try count(" child planned, ", in: text) == sent.count)
        #expect(try count("fills: ", in: text) == journal.executions().count)
        #expect(try count("fills: ", in: text) > 0)
        try await journal.close()
    }
}
