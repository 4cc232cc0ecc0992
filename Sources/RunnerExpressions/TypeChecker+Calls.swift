import RunnerDiagnostics

extension TypeChecker {
    /// The result type of a call, after checking the name, the argument count and each argument against its
    /// parameter.
    func inferCall(
        _ name: String, nameRange: SourceRange, arguments: [ExpressionNode], _ diagnostics: inout DiagnosticCollector
    ) -> ValueType? {
        guard let signature = catalog.signature(named: name) else {
            reportUnknownFunction(name, at: nameRange.start, &diagnostics)
            // The arguments may hold their own mistakes; report those too.
            for argument in arguments {
                _ = infer(argument, &diagnostics)
            }
            return nil
        }
        var valid = true
        let parameters = signature.parameters
        if arguments.count > parameters.count || arguments.count < signature.minimumArgumentCount {
            valid = false
            let location = arguments.count > parameters.count ? arguments[parameters.count].location : nameRange.start
            diagnostics.error(
                at: location, code: ExpressionDiagnosticCode.argumentCount.rawValue,
                "'\(name)' takes \(signature.argumentCountDescription) but was given \(arguments.count)")
        }
        for (index, argument) in arguments.enumerated() {
            guard index < parameters.count else {
                _ = infer(argument, &diagnostics)
                continue
            }
            let argumentValid = checkArgument(argument, at: index, of: signature, &diagnostics)
            valid = valid && argumentValid
        }
        return valid ? signature.result : nil
    }

    private func reportUnknownFunction(
        _ name: String, at location: SourceLocation, _ diagnostics: inout DiagnosticCollector
    ) {
        let message: String
        if case .type = environment.resolve(name) {
            let kind = environment.isBarField(name) ? "a bar field" : "a named indicator"
            message = "unknown function '\(name)'; '\(name)' is \(kind), not a function, so it cannot be called"
        } else {
            message = "unknown function '\(name)'\(Suggestion.didYouMean(name, in: catalog.names))"
        }
        diagnostics.error(at: location, code: ExpressionDiagnosticCode.unknownFunction.rawValue, message)
    }

    /// Checks one argument against its parameter; true when it fits.
    private func checkArgument(
        _ argument: ExpressionNode, at index: Int, of signature: FunctionSignature,
        _ diagnostics: inout DiagnosticCollector
    ) -> Bool {
        let parameter = signature.parameters[index]
        switch parameter.kind {
        case .series:
            let type = infer(argument, &diagnostics)
            let context = "argument \(index + 1) (\(parameter.name)) of '\(signature.name)' must be a number"
            return requireNumber(argument, type, context, code: .argumentType, &diagnostics)
        case .integerConstant(let minimum):
            if let value = argument.literalInteger, value >= minimum {
                guard value <= FunctionSignature.maximumWindow else {
                    diagnostics.error(
                        at: argument.location, code: ExpressionDiagnosticCode.constantArgument.rawValue,
                        "the \(parameter.spokenName) of '\(signature.name)' is at most "
                            + "\(FunctionSignature.maximumWindow) (as in TA-Lib), got '\(argument)'")
                    return false
                }
                return true
            }
            diagnostics.error(
                at: argument.location, code: ExpressionDiagnosticCode.constantArgument.rawValue,
                "the \(parameter.spokenName) of '\(signature.name)' must be an integer literal >= \(minimum), "
                    + "got '\(argument)'")
            return false
        case .numberConstant:
            guard argument.literalNumber == nil else { return true }
            diagnostics.error(
                at: argument.location, code: ExpressionDiagnosticCode.constantArgument.rawValue,
                "the \(parameter.spokenName) of '\(signature.name)' must be a number literal, got '\(argument)'")
            return false
        }
    }
}
