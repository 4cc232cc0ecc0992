import RunnerDiagnostics

/// Splits expression text into tokens, tracking line and column through newlines.
///
/// Columns count Unicode scalars. Misspelled operators (`=`, `&&`, `||`, `!`, `<>`) are reported and read
/// as the intended operator, so parsing can go on and find further problems; a character that starts no
/// token becomes an `invalid` token, at which the parser stops without a second message.
struct ExpressionLexer {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var location: SourceLocation
    private(set) var tokens: [ExpressionToken] = []
    private(set) var diagnostics = DiagnosticCollector()

    /// The tokens of `text`, ending with an `end` token, and the problems found while reading them.
    static func tokenize(_ text: String, origin: SourceLocation) -> (
        tokens: [ExpressionToken], diagnostics: [Diagnostic]
    ) {
        var lexer = ExpressionLexer(scalars: Array(text.unicodeScalars), location: origin)
        lexer.run()
        return (lexer.tokens, lexer.diagnostics.diagnostics)
    }

    private init(scalars: [Unicode.Scalar], location: SourceLocation) {
        self.scalars = scalars
        self.location = location
    }

    private mutating func run() {
        while let scalar = peek() {
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
                advance()
            } else if Self.isDigit(scalar) {
                readNumber()
            } else if Self.isIdentifierStart(scalar) {
                readIdentifier()
            } else {
                readSymbol(scalar)
            }
        }
        tokens.append(ExpressionToken(kind: .end, text: "", range: SourceRange(at: location)))
    }

    private mutating func readNumber() {
        let start = mark
        var isInteger = true
        consume(while: Self.isDigit)
        if peek() == ".", let next = peek(1), Self.isDigit(next) {
            isInteger = false
            advance()
            consume(while: Self.isDigit)
        }
        if let marker = peek(), marker == "e" || marker == "E" {
            let signLength = peek(1) == "+" || peek(1) == "-" ? 1 : 0
            if let digit = peek(1 + signLength), Self.isDigit(digit) {
                isInteger = false
                advance(by: 1 + signLength)
                consume(while: Self.isDigit)
            }
        }
        if let next = peek(), Self.isIdentifierPart(next) {
            consume(while: Self.isIdentifierPart)
            let text = self.text(from: start.index)
            diagnostics.error(
                at: start.location, code: ExpressionDiagnosticCode.invalidNumber.rawValue,
                "'\(text)' is not a valid number; a name must start with a letter or '_'")
            append(.invalid, from: start)
            return
        }
        let text = self.text(from: start.index)
        guard let value = Double(text), value.isFinite else {
            diagnostics.error(
                at: start.location, code: ExpressionDiagnosticCode.invalidNumber.rawValue,
                "the number \(text) is too large to be represented")
            append(.invalid, from: start)
            return
        }
        append(.number(value, isInteger: isInteger), from: start)
    }

    private mutating func readIdentifier() {
        let start = mark
        consume(while: Self.isIdentifierPart)
        let name = text(from: start.index)
        append(ExpressionToken.Kind.keywords[name] ?? .identifier(name), from: start)
    }

    private mutating func readSymbol(_ scalar: Unicode.Scalar) {
        let start = mark
        let next = peek(1)
        advance()
        switch scalar {
        case "+": append(.binaryOperator(.add), from: start)
        case "-": append(.binaryOperator(.subtract), from: start)
        case "*": append(.binaryOperator(.multiply), from: start)
        case "/": append(.binaryOperator(.divide), from: start)
        case "(": append(.leftParenthesis, from: start)
        case ")": append(.rightParenthesis, from: start)
        case "[": append(.leftBracket, from: start)
        case "]": append(.rightBracket, from: start)
        case ",": append(.comma, from: start)
        case ".": append(.dot, from: start)
        case "@":
            readTimeframe(from: start)
        case "<" where next == "=": advance(); append(.binaryOperator(.lessOrEqual), from: start)
        case "<" where next == ">": advance(); misspelled(.binaryOperator(.notEqual), "!=", from: start)
        case "<": append(.binaryOperator(.less), from: start)
        case ">" where next == "=": advance(); append(.binaryOperator(.greaterOrEqual), from: start)
        case ">": append(.binaryOperator(.greater), from: start)
        case "=" where next == "=": advance(); append(.binaryOperator(.equal), from: start)
        case "=": misspelled(.binaryOperator(.equal), "==", from: start)
        case "!" where next == "=": advance(); append(.binaryOperator(.notEqual), from: start)
        case "!": misspelled(.not, "not", from: start)
        case "&":
            if next == "&" { advance() }
            misspelled(.binaryOperator(.and), "and", from: start)
        case "|":
            if next == "|" { advance() }
            misspelled(.binaryOperator(.or), "or", from: start)
        default:
            diagnostics.error(
                at: start.location, code: ExpressionDiagnosticCode.unexpectedCharacter.rawValue,
                "unexpected character '\(scalar.escaped(asASCII: false))' in expression\(Self.hint(for: scalar))")
            append(.invalid, from: start)
        }
    }

    /// Reads the timeframe after `@` whole (`1h` would otherwise be a malformed number); the parser checks
    /// its form. A space before it (`close@ 1h`) is reported here, once, rather than as a stray number.
    private mutating func readTimeframe(from start: Mark) {
        var spaces = 0
        while peek(spaces) == " " || peek(spaces) == "\t" { spaces += 1 }
        if spaces > 0, let next = peek(spaces), Self.isIdentifierPart(next) {
            advance(by: spaces)
            let timeframeStart = index
            consume(while: Self.isIdentifierPart)
            let timeframe = text(from: timeframeStart)
            diagnostics.error(
                at: start.location, code: ExpressionDiagnosticCode.invalidTimeframe.rawValue,
                "write the timeframe right after '@', without a space: '@\(timeframe)'")
            append(.invalid, from: start)
            return
        }
        consume(while: Self.isIdentifierPart)
        append(.timeframe(String(text(from: start.index).dropFirst())), from: start)
    }

    /// Reports an operator spelled the way other languages spell it and reads it as `kind`.
    private mutating func misspelled(_ kind: ExpressionToken.Kind, _ spelling: String, from start: Mark) {
        let written = text(from: start.index)
        let meaning = written == "=" ? " to compare for equality" : ""
        diagnostics.error(
            at: start.location, code: ExpressionDiagnosticCode.operatorSpelling.rawValue,
            "use '\(spelling)' instead of '\(written)'\(meaning)")
        append(kind, from: start)
    }

    private static func hint(for scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "%": "; percentages are not supported, write 0.05 for 5%"
        case "^": "; there is no power operator, multiply instead"
        case "\"", "'": "; expressions have no strings"
        default: ""
        }
    }

    // MARK: Reading characters

    private typealias Mark = (index: Int, location: SourceLocation)

    private var mark: Mark { (index, location) }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private mutating func advance(by count: Int = 1) {
        for _ in 0..<count where index < scalars.count {
            if scalars[index] == "\n" {
                location = SourceLocation(file: location.file, line: location.line + 1, column: 1)
            } else {
                location = location.advanced(byColumns: 1)
            }
            index += 1
        }
    }

    private mutating func consume(while predicate: (Unicode.Scalar) -> Bool) {
        while let scalar = peek(), predicate(scalar) { advance() }
    }

    private func text(from start: Int) -> String {
        String(String.UnicodeScalarView(scalars[start..<index]))
    }

    private mutating func append(_ kind: ExpressionToken.Kind, from start: Mark) {
        let range = SourceRange(start: start.location, end: location)
        tokens.append(ExpressionToken(kind: kind, text: text(from: start.index), range: range))
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    private static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_"
    }

    private static func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
        isIdentifierStart(scalar) || isDigit(scalar)
    }
}
