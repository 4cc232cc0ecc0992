import Foundation

/// An amount of cash in one currency. Decimal, so cents are never lost to binary floating point.
public struct Money: Sendable, Hashable, CustomStringConvertible {
    public var amount: Decimal
    /// ISO 4217 code such as `USD`.
    public var currency: String

    public init(_ amount: Decimal, _ currency: String) {
        self.amount = amount
        self.currency = currency
    }

    /// `250000 USD`, the form the config files use.
    public var description: String { "\(amount) \(currency)" }
}
