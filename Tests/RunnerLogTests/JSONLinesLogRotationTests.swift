import Foundation
import Logging
import Testing

@testable import RunnerLog

@Suite struct JSONLinesLogRotationTests {
    @Test func theFileRotatesBeforeItWouldPassTheSizeAndKeepsTheNewestFiles() throws {
        let folder = LogFolder()
        defer { folder.remove() }
        let settings = try JSONLinesLogSettings(maximumFileBytes: 4_096, keptFiles: 2)
        let file = try JSONLinesLogFile(path: folder.log, settings: settings)
        let logger = file.logger(label: "runner.test")
        for index in 0..<200 { logger.info("line \(index) \(String(repeating: "y", count: 60))") }

        #expect(folder.files() == ["runner.log", "runner.log.1", "runner.log.2"])
        var seen: [Int] = []
        for name in ["runner.log.2", "runner.log.1", "runner.log"] {
            let path = (folder.path as NSString).appendingPathComponent(name)
            let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
            #expect(size <= 4_096, "\(name) is \(size) bytes")
            // A rotated file was full: the line that went to the next file would not have fit (a line is under 250 bytes).
            if name != "runner.log" { #expect(size > 4_096 - 250, "\(name) is \(size) bytes") }
            seen += try folder.objects(path).map { object in
                let message = try #require(object["message"] as? String)
                return try #require(Int(message.split(separator: " ")[1]))
            }
        }
        // The three files hold the newest lines, in order, with none missing between them.
        #expect(seen == Array((200 - seen.count)..<200))
        #expect(file.failedWrites == 0)
        #expect(file.failedRotations == 0)
    }

    @Test func anExistingFileIsAppendedToAndCountsTowardsItsSize() throws {
        let folder = LogFolder()
        defer { folder.remove() }
        try String(repeating: "{}\n", count: 1_300).write(toFile: folder.log, atomically: true, encoding: .utf8)
        let file = try JSONLinesLogFile(
            path: folder.log, settings: try JSONLinesLogSettings(maximumFileBytes: 4_096, keptFiles: 1))
        file.logger(label: "runner.test").info(Logger.Message(stringLiteral: String(repeating: "z", count: 200)))
        #expect(folder.files() == ["runner.log", "runner.log.1"])
        #expect(folder.lines(folder.log).count == 1)
        #expect(folder.lines(folder.log + ".1").count == 1_300)
    }

    @Test(arguments: [(4_095, 1), (4_096, 0), (4_096, 101), (-1, 5)])
    func settingsOutsideTheirRangesAreRefused(_ bytes: Int, _ kept: Int) {
        #expect(throws: JSONLinesLogError.self) { try JSONLinesLogSettings(maximumFileBytes: bytes, keptFiles: kept) }
    }

    @Test func theStandardSettingsAreWithinTheRanges() {
        let standard = JSONLinesLogSettings.standard
        #expect(JSONLinesLogSettings.fileBytesRange.contains(standard.maximumFileBytes))
        #expect(JSONLinesLogSettings.keptFilesRange.contains(standard.keptFiles))
    }
}
