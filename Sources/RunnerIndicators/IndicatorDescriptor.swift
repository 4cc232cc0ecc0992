import RunnerExpressions

/// An indicator kind as the registry knows it: its signature (what the loader type-checks) and how to
/// make an instance from the constant arguments of a call.
public struct IndicatorDescriptor: Sendable {
    public var signature: FunctionSignature
    /// Makes an instance; `parameters` are the call's constant arguments in signature order, defaults
    /// filled in (`ema(close, 12)` -> [12], `bbands(close)` -> [20, 2]).
    public var make: @Sendable (_ parameters: [Double]) -> any StreamingIndicator

    public init(signature: FunctionSignature, make: @escaping @Sendable (_ parameters: [Double]) -> any StreamingIndicator) {
        precondition(signature.isIndicator, "'\(signature.name)' is not marked as an indicator")
        self.signature = signature
        self.make = make
    }

    /// A descriptor for one of the standard signatures in ``FunctionCatalog/standardIndicators``.
    public static func standard(
        _ name: String, make: @escaping @Sendable (_ parameters: [Double]) -> any StreamingIndicator
    ) -> IndicatorDescriptor {
        guard let signature = FunctionCatalog.standardIndicators.signature(named: name) else {
            preconditionFailure("'\(name)' is not a standard indicator signature")
        }
        return IndicatorDescriptor(signature: signature, make: make)
    }
}
