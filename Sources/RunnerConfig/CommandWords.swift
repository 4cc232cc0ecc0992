import Foundation

/// A program and its arguments written as one line (`python3 adapters/ib.py --account "U 123"`): split at
/// spaces, with single or double quotes grouping words that hold spaces. No shell runs it, so there is no
/// expansion, redirection or pipe.
public enum CommandWords {
    public enum SplitError: Error, Sendable, Hashable, CustomStringConvertible {
        case empty
        case unclosedQuote(Character)

        public var description: String {
            switch self {
            case .empty: "names no program"
            case .unclosedQuote(let quote): "a \(quote) quote is not closed"
            }
        }
    }

    /// `A, B` (a list of environment variable names) -> [A, B].
    public static func variableNames(_ text: String) -> [String] {
        text.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    public static func split(_ line: String) -> Result<[String], SplitError> {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        for character in line {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
                inWord = true
            } else if character == " " || character == "\t" {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        if let quote { return .failure(.unclosedQuote(quote)) }
        if inWord { words.append(current) }
        return words.isEmpty ? .failure(.empty) : .success(words)
    }
}
