import Foundation
import RunnerCore

/// Where each field of a bar stands in a file's header, under a layout's column names.
struct CSVHeader {
    /// The column of each field of `MarketDataLayout.Field.allCases` (nil: the symbol from the file name).
    let columns: [Int?]
    /// Fields every row must have: as many as the header's.
    let fieldCount: Int

    /// Reads `names` (the header's fields, unquoted); a problem refuses the whole file.
    init(names rawNames: [String], layout: MarketDataLayout, file: String) throws(MarketDataProblem) {
        let names = rawNames.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var firstColumn: [String: Int] = [:]
        for (index, name) in names.enumerated() where !name.isEmpty {
            if let first = firstColumn[name] {
                throw MarketDataProblem.file(
                    file, "the header names '\(rawNames[index])' twice (columns \(first + 1) and \(index + 1)); "
                        + "which one holds the data is ambiguous")
            }
            firstColumn[name] = index
        }
        let wanted = layout.columnFields.map { layout.columnName($0) }.joined(separator: ",")
        var columns: [Int?] = []
        for field in MarketDataLayout.Field.allCases {
            let name = layout.columnName(field)
            guard layout.columnFields.contains(field) else {
                if firstColumn[name] != nil, layout.columns[field] == nil {
                    throw MarketDataProblem.file(
                        file, "the header has a '\(name)' column, but market_data.symbol_source is file_name: "
                            + "the symbol would come from two places")
                }
                columns.append(nil)
                continue
            }
            guard let index = firstColumn[name] else {
                var message = "the header has no '\(name)' column; it needs \(wanted)"
                if field == .timestamp, let other = ["date", "datetime", "time"].first(where: { firstColumn[$0] != nil }) {
                    message += " (for its '\(other)' column, set market_data.columns: \"timestamp=\(other)\")"
                } else if field == .symbol, ["ticker"].contains(where: { firstColumn[$0] != nil }) {
                    message += " (for its 'ticker' column, set market_data.columns: \"symbol=ticker\")"
                } else if field == .symbol {
                    message += " (for files named by their symbol, such as AAPL.csv, set market_data.symbol_source: file_name)"
                }
                throw MarketDataProblem.file(file, message)
            }
            columns.append(index)
        }
        self.columns = columns
        fieldCount = names.count
    }
}
