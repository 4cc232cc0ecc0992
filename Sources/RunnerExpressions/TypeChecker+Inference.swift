import RunnerDiagnostics

extension TypeChecker {
    /// The type of `node`, or nil after reporting why it has none (or when it reads an unavailable name).
    func infer(_ node: ExpressionNode, _ diagnostics: inout DiagnosticCollector) -> ValueType? {
        switch node.kind {
        case .number:
            return .number
        case .boolean:
            return .boolean
        case .identifier(let name):
            return inferIdentifier(name, at: node, &diagnostics)
        case .call(let name, let nameRange, let arguments):
            return inferCall(name, nameRange: nameRange, arguments: arguments, &diagnostics)
        case .member(let base, let field, let fieldRange):
            return inferMember(base, field: field, fieldRange: fieldRange, &diagnostics)
        case .lookBack(let base, let offset):
            return inferLookBack(base, offset: offset, &diagnostics)
        case .timeframe(let base, let timeframe, let atRange):
            return inferTimeframe(node, base, timeframe, atRange: atRange, &diagnostics)
        case .unary(.negate, let operand):
            let type = infer(operand, &diagnostics)
            let valid = requireNumber(operand, type, "'-' needs a number", code: .booleanInArithmetic, &diagnostics)
            return valid ? .number : nil
        case .unary(.not, let operand):
            let type = infer(operand, &diagnostics)
            return requireBoolean(operand, type, "'not' needs a boolean", &diagnostics) ? .boolean : nil
        case .binary(let binaryOperator, let left, let right, let operatorRange):
            return inferBinary(binaryOperator, left, right, operatorRange: operatorRange, &diagnostics)
        }
    }

    private func inferIdentifier(_ name: String, at node: ExpressionNode, _ diagnostics: inout DiagnosticCollector)
        -> ValueType?
    {
        switch environment.resolve(name) {
        case .type(let type):
            return type
        case .unavailable:
            return nil
        case .unknown:
            let message: String
            if let signature = catalog.signature(named: name) {
                let parameters = signature.parameters.map(\.description).joined(separator: ", ")
                message = "unknown identifier '\(name)'; '\(name)' is a function, call it as '\(name)(\(parameters))'"
            } else {
                message = "unknown identifier '\(name)'\(Suggestion.didYouMean(name, in: environment.names))"
            }
            diagnostics.error(at: node.location, code: ExpressionDiagnosticCode.unknownIdentifier.rawValue, message)
            return nil
        }
    }

    private func inferMember(
        _ base: ExpressionNode, field: String, fieldRange: SourceRange, _ diagnostics: inout DiagnosticCollector
    ) -> ValueType? {
        switch infer(base, &diagnostics) {
        case nil:
            return nil
        case .record(let fields) where fields.contains(field):
            return .number
        case .record(let fields):
            diagnostics.error(
                at: fieldRange.start, code: ExpressionDiagnosticCode.unknownField.rawValue,
                "'\(base)' has no output '\(field)'\(Suggestion.didYouMean(field, in: fields)); "
                    + "its outputs are \(fields.joined(separator: ", "))")
            return nil
        case let type?:
            diagnostics.error(
                at: fieldRange.start, code: ExpressionDiagnosticCode.fieldOnNonRecord.rawValue,
                "'\(base)' is \(type.phrase) and has no outputs, so '.\(field)' cannot be used; "
                    + "only multi-output indicators such as macd, bbands and stoch have them")
            return nil
        }
    }

    private func inferLookBack(_ base: ExpressionNode, offset: ExpressionNode, _ diagnostics: inout DiagnosticCollector)
        -> ValueType?
    {
        var valid = true
        if let value = offset.literalInteger, value >= 0, value <= FunctionSignature.maximumWindow {
            // A valid offset: nothing to report.
        } else if let value = offset.literalNumber, value > Double(FunctionSignature.maximumWindow) {
            valid = false
            diagnostics.error(
                at: offset.location, code: ExpressionDiagnosticCode.lookBackOffset.rawValue,
                "look-back index is at most \(FunctionSignature.maximumWindow) bars, got \(offset)")
        } else {
            valid = false
            diagnostics.error(
                at: offset.location, code: ExpressionDiagnosticCode.lookBackOffset.rawValue,
                "look-back index must be a non-negative integer literal, got \(offset)")
        }
        switch infer(base, &diagnostics) {
        case nil:
            return nil
        case .record(let fields):
            diagnostics.error(
                at: base.location, code: ExpressionDiagnosticCode.recordWithoutField.rawValue,
                Self.recordMessage(base, fields))
            return nil
        case let type?:
            return valid ? type : nil
        }
    }

    private func inferBinary(
        _ binaryOperator: BinaryOperator, _ left: ExpressionNode, _ right: ExpressionNode,
        operatorRange: SourceRange, _ diagnostics: inout DiagnosticCollector
    ) -> ValueType? {
        let leftType = infer(left, &diagnostics)
        let rightType = infer(right, &diagnostics)
        switch binaryOperator.family {
        case .arithmetic:
            let context = "'\(binaryOperator)' needs numbers"
            let leftValid = requireNumber(left, leftType, context, code: .booleanInArithmetic, &diagnostics)
            let rightValid = requireNumber(right, rightType, context, code: .booleanInArithmetic, &diagnostics)
            return leftValid && rightValid ? .number : nil
        case .ordering:
            let context = "'\(binaryOperator)' compares numbers"
            let advice = "; booleans can only be compared with '==' or '!='"
            let leftValid = requireNumber(
                left, leftType, context, code: .booleanOrdering, advice: advice, &diagnostics)
            let rightValid = requireNumber(
                right, rightType, context, code: .booleanOrdering, advice: advice, &diagnostics)
            return leftValid && rightValid ? .boolean : nil
        case .logic:
            let context = "'\(binaryOperator)' needs booleans"
            let leftValid = requireBoolean(left, leftType, context, &diagnostics)
            let rightValid = requireBoolean(right, rightType, context, &diagnostics)
            return leftValid && rightValid ? .boolean : nil
        case .equality:
            var valid = true
            for (node, type) in [(left, leftType), (right, rightType)] {
                if case .record(let fields)? = type {
                    valid = false
                    diagnostics.error(
                        at: node.location, code: ExpressionDiagnosticCode.recordWithoutField.rawValue,
                        Self.recordMessage(node, fields))
                }
            }
            guard valid, let leftType, let rightType else { return nil }
            guard leftType == rightType else {
                diagnostics.error(
                    at: operatorRange.start, code: ExpressionDiagnosticCode.comparisonTypeMismatch.rawValue,
                    "'\(binaryOperator)' compares values of the same type, but '\(left)' is \(leftType.phrase) "
                        + "and '\(right)' is \(rightType.phrase)")
                return nil
            }
            return .boolean
        }
    }
}
