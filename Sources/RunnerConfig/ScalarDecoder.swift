import Foundation
import RunnerCore
import RunnerDiagnostics
import RunnerYAML

extension Int {
    /// `100,000`: a figure as an error message prints it.
    var grouped: String {
        let digits = String(magnitude)
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return self < 0 ? "-" + text : text
    }
}

/// Turns YAML scalars into typed values, recording a diagnostic (and returning nil) for each one
/// that does not fit its ``ValueShape``.
struct ScalarDecoder {
    var diagnostics = DiagnosticCollector()

    /// The scalar text of `node`, or a diagnostic naming `field` when it is a list or mapping.
    mutating func text(_ node: YAMLNode, field: String, expected: String) -> String? {
        guard let scalar = node.scalar, !scalar.isNull else {
            diagnostics.error(at: node.location, code: "invalid-value",
                              "'\(field)' must be \(expected), but it is \(node.kindDescription)")
            return nil
        }
        return scalar.value
    }

    mutating func string(_ node: YAMLNode, field: String) -> Located<String>? {
        text(node, field: field, expected: "text").map { Located($0, at: node.location) }
    }

    mutating func identifier(_ node: YAMLNode, field: String) -> Located<String>? {
        guard let value = text(node, field: field, expected: "a name") else { return nil }
        let scalars = value.unicodeScalars
        let valid = scalars.first.map { ("a"..."z").contains($0) || ("A"..."Z").contains($0) } ?? false
            && scalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
        guard valid else {
            diagnostics.error(at: node.location, code: "invalid-name",
                              "'\(field)' must be a name of letters, digits, '_' and '-' starting with a letter, got '\(value)'")
            return nil
        }
        return Located(value, at: node.location)
    }

    mutating func symbol(_ node: YAMLNode, field: String) -> Located<Symbol>? {
        guard let value = text(node, field: field, expected: "a symbol") else { return nil }
        guard Symbol.isValid(value) else {
            diagnostics.error(at: node.location, code: "invalid-symbol",
                              "'\(value)' in '\(field)' is not a symbol; symbols are capital letters and digits, like 'AAPL' or 'BRK.B'")
            return nil
        }
        return Located(Symbol(value), at: node.location)
    }

    mutating func integer(_ node: YAMLNode, field: String, range: ClosedRange<Int>) -> Located<Int>? {
        guard let value = parse(node, field: field, expected: "a whole number", UnitParser.integer) else { return nil }
        guard range.contains(value) else {
            diagnostics.error(at: node.location, code: "out-of-range",
                              "'\(field)' must be from \(range.lowerBound.grouped) to \(range.upperBound.grouped), "
                                  + "got \(value.grouped)")
            return nil
        }
        return Located(value, at: node.location)
    }

    /// A ratio from 0% (or just above, unless `allowsZero`) to `maximumPercent`.
    mutating func ratio(_ node: YAMLNode, field: String, maximumPercent: Double, allowsZero: Bool) -> Located<Ratio>? {
        guard let value = parse(node, field: field, expected: "a percentage", UnitParser.ratio) else { return nil }
        guard value.percent <= maximumPercent + 1e-9 else {
            diagnostics.error(at: node.location, code: "out-of-range",
                              "'\(field)' is \(value), above the largest sensible value of \(Ratio.percent(maximumPercent))")
            return nil
        }
        guard allowsZero || value.value > 0 else {
            diagnostics.error(at: node.location, code: "out-of-range",
                              "'\(field)' must be above 0%; \(value) would mean nothing (or stop everything)")
            return nil
        }
        return Located(value, at: node.location)
    }

    /// Basis points from 0 to 10000bps (100%): a fee or slippage above the whole price means nothing.
    mutating func basisPoints(_ node: YAMLNode, field: String) -> Located<Ratio>? {
        guard let value = parse(node, field: field, expected: "basis points", UnitParser.basisPoints) else { return nil }
        guard value.value <= 1 + 1e-12 else {
            diagnostics.error(at: node.location, code: "out-of-range",
                              "'\(field)' is \(value.basisPointsText), above the largest sensible value of 10000bps (100%)")
            return nil
        }
        return Located(value, at: node.location)
    }

    mutating func duration(_ node: YAMLNode, field: String) -> Located<Duration>? {
        parse(node, field: field, expected: "a duration", UnitParser.duration).map { Located($0, at: node.location) }
    }

    /// A duration that must be longer than zero: an interval, a timeout, a bar length.
    mutating func positiveDuration(_ node: YAMLNode, field: String) -> Located<Duration>? {
        guard let duration = duration(node, field: field) else { return nil }
        guard duration.value > .zero else {
            diagnostics.error(at: node.location, code: "out-of-range", "'\(field)' must be longer than 0")
            return nil
        }
        return duration
    }

    /// An amount up to ``ConfigDefaults/maximumMoney``, above 0 unless `allowsZero`.
    mutating func money(_ node: YAMLNode, field: String, allowsZero: Bool) -> Located<Money>? {
        guard let money = parse(node, field: field, expected: "an amount of money", UnitParser.money) else { return nil }
        guard money.amount <= ConfigDefaults.maximumMoney else {
            diagnostics.error(at: node.location, code: "out-of-range",
                              "'\(field)' is \(money), above the largest amount a config takes, "
                                  + "\(ConfigDefaults.maximumMoneyText) \(money.currency)")
            return nil
        }
        guard allowsZero || money.amount > 0 else {
            diagnostics.error(at: node.location, code: "out-of-range",
                              "'\(field)' must be above 0 \(money.currency); \(money) would mean nothing")
            return nil
        }
        return Located(money, at: node.location)
    }

    mutating func address(_ node: YAMLNode, field: String) -> Located<NetworkAddress>? {
        parse(node, field: field, expected: "an address", UnitParser.address).map { Located($0, at: node.location) }
    }

    /// An IANA time zone name Foundation knows, such as `America/New_York`.
    mutating func timeZone(_ node: YAMLNode, field: String) -> Located<TimeZone>? {
        guard let name = text(node, field: field, expected: "a time zone such as America/New_York") else { return nil }
        guard let zone = TimeZone(identifier: name) else {
            let suggestion = Suggestion.didYouMean(name, in: TimeZone.knownTimeZoneIdentifiers)
            diagnostics.error(at: node.location, code: "unknown-time-zone",
                              "'\(name)' in '\(field)' is not a known time zone\(suggestion); "
                                  + "use an IANA name such as 'America/New_York', 'Europe/London' or 'Asia/Tokyo'")
            return nil
        }
        return Located(zone, at: node.location)
    }

    /// `09:30`: minutes after local midnight.
    mutating func timeOfDay(_ node: YAMLNode, field: String) -> Located<Int>? {
        parse(node, field: field, expected: "a time of day such as 09:30", UnitParser.timeOfDay)
            .map { Located($0, at: node.location) }
    }

    mutating func choice(_ node: YAMLNode, field: String, among choices: [String], kind: String) -> Located<String>? {
        guard let value = text(node, field: field, expected: "one of \(choices.joined(separator: ", "))") else {
            return nil
        }
        guard choices.contains(value) else {
            let list = choices.map { "'\($0)'" }.joined(separator: ", ")
            diagnostics.error(at: node.location, code: "unknown-" + kind.replacingOccurrences(of: " ", with: "-"),
                              "'\(value)' is not a registered \(kind)\(Suggestion.didYouMean(value, in: choices)); "
                                  + "known: \(list)")
            return nil
        }
        return Located(value, at: node.location)
    }

    /// The items of a list; a single scalar is refused so `universe: AAPL` is not silently one symbol.
    mutating func list(_ node: YAMLNode, field: String) -> [YAMLNode]? {
        guard let items = node.sequence else {
            diagnostics.error(at: node.location, code: "expected-list",
                              "'\(field)' must be a list such as [A, B], but it is \(node.kindDescription)")
            return nil
        }
        return items
    }

    mutating func symbols(_ node: YAMLNode, field: String) -> [Located<Symbol>] {
        guard let items = list(node, field: field) else { return [] }
        var seen: [Symbol: SourceLocation] = [:]
        var symbols: [Located<Symbol>] = []
        for item in items {
            guard let symbol = self.symbol(item, field: field) else { continue }
            if let first = seen[symbol.value] {
                diagnostics.error(at: item.location, code: "duplicate-symbol",
                                  "'\(symbol.value)' is listed twice in '\(field)' (first at line \(first.line), column \(first.column))")
                continue
            }
            seen[symbol.value] = item.location
            symbols.append(symbol)
        }
        return symbols
    }

    private mutating func parse<Value>(
        _ node: YAMLNode, field: String, expected: String, _ parser: (String) -> Result<Value, UnitError>
    ) -> Value? {
        guard let text = text(node, field: field, expected: expected) else { return nil }
        switch parser(text) {
        case .success(let value):
            return value
        case .failure(let error):
            diagnostics.error(at: node.location, code: "invalid-value", "invalid '\(field)': \(error.message)")
            return nil
        }
    }
}
