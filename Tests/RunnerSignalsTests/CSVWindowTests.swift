import Foundation
import RunnerCore
import Testing

@testable import RunnerSignals

/// A file read through a small window gives the same bars and the same problems (with the same line and
/// column) as the whole file in memory, a line longer than the window and a BOM included.
@Suite struct CSVWindowTests {
    private func outcomes(_ reader: CSVBarReader) -> [String] {
        var seen: [String] = []
        while let result = reader.next() {
            switch result {
            case .success(let bar): seen.append("\(bar.symbol) \(bar.timestamp) \(bar.close) line \(reader.line)")
            case .failure(let problem): seen.append(problem.description)
            }
        }
        return seen
    }

    @Test(arguments: [64, 100, 4096])
    func aSmallWindowReadsWhatTheWholeFileDoes(window: Int) throws {
        var text = "\u{FEFF}timestamp,symbol,open,high,low,close,volume,comment\n"
        for minute in 0..<300 {
            let comment = minute == 150 ? String(repeating: "long ", count: 60) : "c\(minute)"
            let close = minute == 77 ? "x" : "\(100 + Double(minute) / 4)"
            text += "\(1_767_623_400 + minute * 60),AAPL,100,\(200),50,\(close),\(1000 + minute),\(comment)\n"
        }
        text += "1767641400,AAPL,100,200,50,101,5"  // no newline at the end
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("window-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let whole = outcomes(try CSVBarReader(bytes: Array(text.utf8), file: path))
        let windowed = outcomes(try CSVBarReader(path: path, windowSize: window))
        #expect(whole.count == 301)
        #expect(whole.contains { $0.contains(":79:") && $0.contains("'x' is not a decimal number") })
        #expect(windowed == whole)
    }
}
