import Foundation
import RunnerApp
import RunnerJournal
import Testing

/// A journal path that names anything but a journal is refused when the files load, and `runner run
/// --fresh` removes only a journal and a paper book this environment's runs wrote: whatever else sits at
/// those paths stays byte for byte as it was.
@Suite struct JournalPathSafetyTests {
    private func root(journal: String) throws -> URL {
        try Repository.scratchCopyWithSample(edits: [
            "environments/paper.yaml": [("journal: var/paper/journal.sqlite", "journal: \(journal)")]
        ])
    }

    /// The line of `journal:` in the example environment.
    static let journalLine: Int = {
        let text = (try? String(contentsOf: Repository.root.appendingPathComponent("environments/paper.yaml"), encoding: .utf8)) ?? ""
        return (text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("journal:") } ?? -1) + 1
    }()

    @Test(arguments: [
        "data", "data/sample", "..", ".", "./", "var/", "var/paper", "limits/paper.yaml", "../outside.sqlite",
        "var/../../outside.sqlite", "strategies/journal.sqlite", "environments/x.db", "data/sample/journal.sqlite",
        "var/journal.csv", "var//journal.sqlite", "/tmp/../journal.sqlite", ".sqlite",
    ])
    func aJournalPathThatNamesSomethingElseIsAnError(path: String) throws {
        let root = try root(journal: "'\(path)'")
        defer { try? FileManager.default.removeItem(at: root) }
        let output = Workspace(root: root.path).validate(environment: "paper", format: .text, processEnvironment: [:])
        #expect(output.exitCode == .configurationErrors, "\(path): \(output.standardOutput)")
        #expect(output.standardOutput.contains("environments/paper.yaml:\(Self.journalLine):10: error: 'journal'"),
                "\(output.standardOutput)")
    }

    @Test(arguments: ["var/run.sqlite", "journal.db", "./var/paper/j.sqlite3", "state/paper/journal.sqlite"])
    func aJournalFileInsideTheRootIsAccepted(path: String) throws {
        let root = try root(journal: path)
        defer { try? FileManager.default.removeItem(at: root) }
        let output = Workspace(root: root.path).validate(environment: "paper", format: .text, processEnvironment: [:])
        #expect(output.exitCode == .success, "\(path): \(output.standardOutput)")
    }

    @Test func anAbsoluteJournalPathIsUsedAsWrittenByRunAndGraph() async throws {
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: outside) }
        let journal = outside.appendingPathComponent("paper.sqlite").path
        let root = try root(journal: journal)
        defer { try? FileManager.default.removeItem(at: root) }
        let graph = Workspace(root: root.path).graph(environment: "paper", format: .text, processEnvironment: [:])
        #expect(graph.standardOutput.contains("journal: \(journal)\n"))
        let run = await Workspace(root: root.path).run(requestedEnvironment: nil, processEnvironment: [:])
        #expect(run.exitCode == .success, "\(run.standardError)")
        #expect(FileManager.default.fileExists(atPath: journal))
        #expect(FileManager.default.fileExists(atPath: outside.appendingPathComponent("paper-book.tsv").path))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent(String(journal.dropFirst())).path))
    }

    /// What a hostile or mistaken setup leaves at the journal's path, and how the refusal names it.
    enum Occupant: String, CaseIterable, Sendable {
        case folder, yamlFile, emptyFile, otherDatabase, journalWithoutRun, otherEnvironmentsJournal
    }

    private func place(_ occupant: Occupant, at path: String) async throws {
        let manager = FileManager.default
        try manager.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        switch occupant {
        case .folder:
            try manager.createDirectory(atPath: path, withIntermediateDirectories: true)
            try "keep me\n".write(toFile: path + "/precious.csv", atomically: true, encoding: .utf8)
        case .yamlFile:
            try "environment: paper\n".write(toFile: path, atomically: true, encoding: .utf8)
        case .emptyFile:
            manager.createFile(atPath: path, contents: Data())
        case .otherDatabase:
            // A SQLite header over bytes no journal holds.
            manager.createFile(atPath: path, contents: Data("SQLite format 3\0".utf8) + Data(repeating: 7, count: 4_080))
        case .journalWithoutRun:
            try await SQLiteJournal(path: path).close()
        case .otherEnvironmentsJournal:
            let journal = try SQLiteJournal(path: path)
            try await journal.beginRun(environment: "live", fingerprint: "other", at: 1)
            try await journal.close()
        }
    }

    /// The file's bytes, or a folder's listing with each file's bytes.
    private func snapshot(_ path: String) throws -> [String: Data] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return [:] }
        guard isFolder.boolValue else { return [path: try Data(contentsOf: URL(fileURLWithPath: path))] }
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: path) {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: path + "/" + name))
        }
        return files
    }

    @Test(arguments: Occupant.allCases, [false, true])
    func freshNeverRemovesWhatTheRunnerDidNotWrite(occupant: Occupant, fresh: Bool) async throws {
        let root = try root(journal: "var/paper/journal.sqlite")
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appendingPathComponent("var/paper/journal.sqlite").path
        try await place(occupant, at: path)
        let before = try snapshot(path)
        let output = await Workspace(root: root.path).run(requestedEnvironment: nil, processEnvironment: [:], fresh: fresh)
        #expect(output.exitCode != .success)
        #expect(output.standardError.contains("\(path) is "), "\(output.standardError)")
        #expect(output.standardError.contains("leaves it as it is"), "\(output.standardError)")
        #expect(try snapshot(path) == before)
    }

    @Test(arguments: ["not a book\n", "paper-book v9\n", "timestamp,symbol\n"])
    func freshNeverRemovesAFileWhereThePaperBookGoes(text: String) async throws {
        let root = try root(journal: "var/paper/journal.sqlite")
        defer { try? FileManager.default.removeItem(at: root) }
        let book = root.appendingPathComponent("var/paper/paper-book.tsv").path
        try FileManager.default.createDirectory(at: root.appendingPathComponent("var/paper"), withIntermediateDirectories: true)
        try text.write(toFile: book, atomically: true, encoding: .utf8)
        let output = await Workspace(root: root.path).run(requestedEnvironment: nil, processEnvironment: [:], fresh: true)
        #expect(output.exitCode != .success)
        #expect(output.standardError.contains("not a paper broker's book"), "\(output.standardError)")
        #expect(try String(contentsOfFile: book, encoding: .utf8) == text)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("var/paper/journal.sqlite").path))
    }

    @Test(arguments: ["var/notes.txt/journal.sqlite", "var/notes.txt/deeper/journal.db"])
    func aJournalPathThroughAFileIsRefusedInASentence(path: String) async throws {
        let root = try root(journal: path)
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("var"), withIntermediateDirectories: true)
        let notes = root.appendingPathComponent("var/notes.txt").path
        try "mine\n".write(toFile: notes, atomically: true, encoding: .utf8)
        let output = await Workspace(root: root.path).run(requestedEnvironment: nil, processEnvironment: [:], fresh: true)
        #expect(output.exitCode != .success)
        // Named in a sentence (the control socket, beside the journal, is the first file looked at).
        #expect(output.standardError.hasPrefix("run: could not inspect \(notes)/"), "\(output.standardError)")
        #expect(output.standardError.contains("Not a directory"), "\(output.standardError)")
        #expect(try String(contentsOfFile: notes, encoding: .utf8) == "mine\n")
    }

    @Test func freshReplacesTheEnvironmentsOwnJournalAndBook() async throws {
        let root = try root(journal: "var/paper/journal.sqlite")
        defer { try? FileManager.default.removeItem(at: root) }
        let first = await Workspace(root: root.path).run(requestedEnvironment: nil, processEnvironment: [:])
        #expect(first.exitCode == .success, "\(first.standardError)")
        let again = await Workspace(root: root.path).run(requestedEnvironment: nil, processEnvironment: [:], fresh: true)
        #expect(again.exitCode == .success, "\(again.standardError)")
        // The same run, after the line with its timing (preflight's lines, the measured clock among them, come first).
        let afterTiming = { (output: CommandOutput) in
            output.standardOutput.split(separator: "\n").drop { !$0.hasPrefix("bars: ") }.dropFirst()
        }
        #expect(!afterTiming(first).isEmpty)
        #expect(afterTiming(again) == afterTiming(first))
    }
}
