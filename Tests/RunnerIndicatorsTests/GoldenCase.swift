import Foundation
import RunnerIndicators

/// One entry of `Golden/cases.json`, written by `scripts/talib_golden.py`.
struct GoldenCase: Decodable, CustomStringConvertible, Sendable {
    var `case`: String
    var function: String
    var series: String
    /// Series columns passed as the call's series arguments (`close`, `other`).
    var arguments: [String]
    var parameters: [Double]
    var outputs: [String]
    var oracle: String
    var talib_rejects: Bool?

    var description: String { `case` }

    static let root = Bundle.module.resourceURL!.appendingPathComponent("Golden")

    static let all: [GoldenCase] = {
        let data = (try? Data(contentsOf: root.appendingPathComponent("cases.json"))) ?? Data("[]".utf8)
        return (try? JSONDecoder().decode([GoldenCase].self, from: data)) ?? []
    }()

    static var computed: [GoldenCase] { all.filter { $0.talib_rejects != true } }
    static var rejected: [GoldenCase] { all.filter { $0.talib_rejects == true } }

    /// The expected outputs, one array per output, NaN where the oracle has no value.
    func expected() throws -> [[Double]] {
        let rows = try GoldenTable(GoldenCase.root.appendingPathComponent("cases/\(self.case).csv"))
        return outputs.map { name in rows.column(name) }
    }

    func input() throws -> GoldenTable {
        try GoldenTable(GoldenCase.root.appendingPathComponent("series/\(series).csv"))
    }
}

/// A small CSV table of numbers with a header row; empty cells are NaN.
struct GoldenTable {
    var header: [String]
    var rows: [[Double]]

    init(_ url: URL) throws {
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        header = lines.first.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) } ?? []
        rows = lines.dropFirst().map { line in
            line.split(separator: ",", omittingEmptySubsequences: false).map { Double($0) ?? .nan }
        }
    }

    func column(_ name: String) -> [Double] {
        guard let index = header.firstIndex(of: name) else { return [] }
        return rows.map { $0[index] }
    }

    /// Row `index` as the indicator input, with `arguments` naming the series columns.
    func input(at index: Int, arguments: [String]) -> IndicatorInput {
        let value = { (name: String) in self.rows[index][self.header.firstIndex(of: name)!] }
        let bar = BarFields(
            timestamp: Int64(value("timestamp")), open: value("open"), high: value("high"), low: value("low"),
            close: value("close"), volume: value("volume"))
        return IndicatorInput(
            first: arguments.count > 0 ? value(arguments[0]) : .nan,
            second: arguments.count > 1 ? value(arguments[1]) : .nan, bar: bar)
    }
}
