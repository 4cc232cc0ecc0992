import Foundation
import RunnerRisk
import Testing

@testable import RunnerJournal

/// Decision figures and parent orders' child ids are written without `JSONEncoder`; the text must be
/// byte for byte what the encoder writes, escapes included.
@Suite struct JSONStringArrayTests {
    fileprivate func encoded(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    @Test(arguments: [
        [[String]](), [["gross", "182.22%"], ["limit", "100.00%"]], [[]], [["sector", "technology"], []],
        [["no_price", "AAPL,BRK.B"]], [["a/b", "quote\"d"]], [["back\\slash", "tab\there"], ["new\nline"]],
        [["caf\u{E9}", "\u{1F4C8}"]], [["\u{7F}", "\u{1}"]], [["", " "]],
    ])
    func figuresReadAsTheEncoderWritesThem(figures: [[String]]) throws {
        #expect(try JSONStringArray.text(figures) == encoded(figures))
    }

    @Test(arguments: [
        [String](), ["paper-1a2b-0"], ["paper-1a2b-0", "paper-1a2b-1", "paper-1a2b-2"], ["with/slash", "ok"],
    ])
    func childOrderIDsReadAsTheEncoderWritesThem(ids: [String]) throws {
        #expect(try JSONStringArray.text(ids) == encoded(ids))
    }

    @Test func everyASCIICharacterReadsAsTheEncoderWritesIt() throws {
        for byte in UInt8(0)...UInt8(127) {
            let text = "x" + String(UnicodeScalar(byte)) + "y"
            #expect(try JSONStringArray.text([[text, "1"]]) == encoded([[text, "1"]]), "byte \(byte)")
        }
    }
}

extension JSONStringArrayTests {
    @Test(arguments: [
        [Denial.Figure](), [.init("gross", "182.22%"), .init("limit", "100.00%")], [.init("reason", "state_not_saved")],
        [.init("no_price", "A/B"), .init("q\"", "\u{1}")],
    ])
    func decisionFiguresReadAsTheEncoderWritesTheirPairs(figures: [Denial.Figure]) throws {
        #expect(try JSONStringArray.text(figures) == encoded(figures.map { [$0.name, $0.value] }))
    }
}
