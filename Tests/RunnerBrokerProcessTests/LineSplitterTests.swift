import Foundation
import Testing

@testable import RunnerBrokerProcess

@Suite struct LineSplitterTests {
    @Test func linesAreCutAtNewlinesAcrossChunks() {
        var splitter = LineSplitter(maximumLength: 100)
        #expect(splitter.append(Data("ab".utf8)) == [])
        #expect(
            splitter.append(Data("c\r\nd\n\nef".utf8)) == [
                .line(Data("abc".utf8)), .line(Data("d".utf8)), .line(Data()),
            ])
        #expect(splitter.finish() == .line(Data("ef".utf8)))
        #expect(splitter.finish() == nil)
    }

    @Test func aLineOverTheLimitIsReportedOnceAndItsRestDropped() {
        var splitter = LineSplitter(maximumLength: 4)
        #expect(splitter.append(Data("abc".utf8)) == [])
        #expect(splitter.append(Data("de".utf8)) == [.tooLong(prefix: Data("abcd".utf8))])
        #expect(splitter.append(Data("fgh".utf8)) == [])
        #expect(splitter.append(Data("ij\nok\n".utf8)) == [.line(Data("ok".utf8))])
        #expect(LineSplitter.protocolLimit == 1_048_576)
    }
}
