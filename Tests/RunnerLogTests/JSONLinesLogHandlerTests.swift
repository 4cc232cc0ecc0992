import Foundation
import Logging
import Testing

@testable import RunnerLog

@Suite struct JSONLinesLogHandlerTests {
    @Test func eachMessageIsOneJSONObjectWithTheFixedFieldsAndTheMetadata() throws {
        let folder = LogFolder()
        defer { folder.remove() }
        let file = try JSONLinesLogFile(path: folder.log, clock: { 1_767_623_400_250 })
        var logger = file.logger(label: "runner.test", level: .debug)
        logger[metadataKey: "environment"] = "paper"
        logger.debug("first")
        logger.warning("second", metadata: ["symbol": "AAPL", "figures": ["1", "2"], "nested": ["a": "b"]])
        logger.trace("below the level, not written")

        let objects = try folder.objects(folder.log)
        #expect(objects.count == 2)
        let first = objects[0]
        #expect(first["time"] as? String == "2026-01-05T14:30:00.250Z")
        #expect(first["level"] as? String == "debug")
        #expect(first["label"] as? String == "runner.test")
        #expect(first["message"] as? String == "first")
        #expect(first["pid"] as? Int == Int(ProcessInfo.processInfo.processIdentifier))
        #expect(first["host"] as? String == file.hostName)
        #expect(!(file.hostName.isEmpty))
        #expect(first["environment"] as? String == "paper")
        let second = objects[1]
        #expect(second["level"] as? String == "warning")
        #expect(second["symbol"] as? String == "AAPL")
        #expect(second["figures"] as? [String] == ["1", "2"])
        #expect((second["nested"] as? [String: String]) == ["a": "b"])
        #expect(file.failedWrites == 0)
    }

    @Test func quotesNewlinesAndControlCharactersAreEscapedAndReadBack() throws {
        let folder = LogFolder()
        defer { folder.remove() }
        let file = try JSONLinesLogFile(path: folder.log)
        let hostile = "a \"quoted\" word,\nnew line\r\ttab \\ backslash \u{01}\u{1F}\u{7F} \u{2028} é 🚀"
        file.logger(label: "runner.test").error("\(hostile)", metadata: ["detail": "\(hostile)", "\"key\n": "x"])

        let lines = folder.lines(folder.log)
        #expect(lines.count == 1, "a message with newlines must stay on one line")
        #expect(!lines[0].unicodeScalars.contains { $0.value < 0x20 })
        let object = try #require(try folder.objects(folder.log).first)
        #expect(object["message"] as? String == hostile)
        #expect(object["detail"] as? String == hostile)
        #expect(object["\"key\n"] as? String == "x")
    }

    @Test func metadataNamedLikeAFixedFieldDoesNotHideIt() throws {
        let folder = LogFolder()
        defer { folder.remove() }
        let file = try JSONLinesLogFile(path: folder.log)
        file.logger(label: "runner.test").info("kept", metadata: ["message": "other", "level": "other"])
        let object = try #require(try folder.objects(folder.log).first)
        #expect(object["message"] as? String == "kept")
        #expect(object["level"] as? String == "info")
        #expect(object["metadata.message"] as? String == "other")
        #expect(object["metadata.level"] as? String == "other")
    }

    @Test func aFailedWriteIsCountedNotThrown() throws {
        let folder = LogFolder()
        defer { folder.remove() }
        let file = try JSONLinesLogFile(path: folder.log)
        file.close()
        // With its folder gone, the file cannot be opened again: each line is lost and counted.
        folder.remove()
        let logger = file.logger(label: "runner.test")
        logger.error("lost")
        logger.error("lost too")
        #expect(file.failedWrites == 2)
    }

    @Test func linesFromManyTasksNeverInterleave() async throws {
        let folder = LogFolder()
        defer { folder.remove() }
        let file = try JSONLinesLogFile(path: folder.log)
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    let logger = file.logger(label: "task-\(task)")
                    for line in 0..<200 { logger.info("line \(line) \(String(repeating: "x", count: 100))") }
                }
            }
        }
        let objects = try folder.objects(folder.log)
        #expect(objects.count == 1_600)
        for task in 0..<8 {
            let lines = objects.filter { $0["label"] as? String == "task-\(task)" }.compactMap {
                $0["message"] as? String
            }
            #expect(lines.map { $0.split(separator: " ")[1] } == (0..<200).map { Substring(String($0)) })
        }
    }

    @Test(
        arguments: [
            (0, "1970-01-01T00:00:00.000Z"), (1_767_623_400_250, "2026-01-05T14:30:00.250Z"),
            (951_782_400_999, "2000-02-29T00:00:00.999Z"), (-1, "1969-12-31T23:59:59.999Z"),
            (4_102_444_799_000, "2099-12-31T23:59:59.000Z"),
        ] as [(Int64, String)])
    func timestampsAreISO8601UTCWithMilliseconds(_ milliseconds: Int64, _ text: String) {
        #expect(UTCTimestamp.iso8601(milliseconds: milliseconds) == text)
    }
}
