import RunnerCore
import RunnerYAML

extension ScalarDecoder {
    /// `20 shares` (a whole number from 1 to a billion, the unit written out) or `5000 USD` (money above 0,
    /// whose currency the cross-file checks compare with the account's). A bare number is refused: it could
    /// mean either.
    mutating func minimumOrder(_ node: YAMLNode, field: String) -> Located<RebalanceThreshold.MinimumOrder>? {
        guard let value = text(node, field: field, expected: "a number of shares or an amount of money") else {
            return nil
        }
        let words = value.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let range = ConfigDefaults.quantity
        if words.count == 2, words[1] == "shares" || words[1] == "share" {
            guard case .success(let count) = UnitParser.integer(words[0]) else {
                diagnostics.error(
                    at: node.location, code: "invalid-value",
                    "invalid '\(field)': '\(words[0])' is not a whole number of shares; write it like `20 shares`")
                return nil
            }
            guard range.contains(count) else {
                diagnostics.error(
                    at: node.location, code: "out-of-range",
                    "'\(field)' must be from \(range.lowerBound.grouped) to \(range.upperBound.grouped) shares, "
                        + "got \(count.grouped)")
                return nil
            }
            return Located(.shares(Int64(count)), at: node.location)
        }
        if words.count == 1, UnitParser.decimalNumber(value) != nil {
            diagnostics.error(
                at: node.location, code: "invalid-value",
                "invalid '\(field)': '\(value)' has no unit; write `\(value) shares` for a number of shares "
                    + "or an amount such as `\(value) USD` in the account's currency")
            return nil
        }
        guard words.count == 2 else {
            diagnostics.error(
                at: node.location, code: "invalid-value",
                "invalid '\(field)': '\(value)' is not a minimum order; write it like `20 shares` or `5000 USD`")
            return nil
        }
        guard words[1].count == 3, words[1].allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            diagnostics.error(
                at: node.location, code: "invalid-value",
                "invalid '\(field)': '\(words[1])' is neither `shares` nor a currency code; "
                    + "write it like `20 shares` or `5000 USD`")
            return nil
        }
        return money(node, field: field, allowsZero: false).map { Located(.notional($0.value), at: $0.location) }
    }
}
