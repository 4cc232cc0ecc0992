/// "Did you mean ...?" for misspelled keys, functions and names.
public enum Suggestion {
    /// The candidate closest to `word`, if it is close enough to be a plausible typo.
    ///
    /// Two measures, so both `max_daily_los` -> `daily_loss_halt` (the same words, misspelled and
    /// reordered) and `gross_exposre` -> `gross_exposure` (one typo) are found: the edit distance of
    /// the whole name, and how many of its `_`-separated words match a word of the candidate.
    public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        let lowered = word.lowercased()
        let words = significantWords(lowered)
        var best: (candidate: String, wordMatches: Int, distance: Int)?
        for candidate in candidates {
            let loweredCandidate = candidate.lowercased()
            let distance = editDistance(lowered, loweredCandidate)
            let allowance = max(2, min(lowered.count, candidate.count) / 3)
            let candidateWords = significantWords(loweredCandidate)
            let wordMatches = words.filter { word in
                candidateWords.contains { editDistance(word, $0) <= ($0.count > 4 ? 1 : 0) || $0.hasPrefix(word) }
            }.count
            let plausible = distance <= allowance || (wordMatches > 0 && wordMatches * 2 >= words.count)
            guard plausible else { continue }
            let closeByDistance = distance <= allowance ? 1 : 0
            if let current = best {
                let currentCloseByDistance = current.distance <= max(2, min(lowered.count, current.candidate.count) / 3)
                let key = (closeByDistance, wordMatches, -distance)
                let currentKey = (currentCloseByDistance ? 1 : 0, current.wordMatches, -current.distance)
                if key > currentKey { best = (candidate, wordMatches, distance) }
            } else {
                best = (candidate, wordMatches, distance)
            }
        }
        return best?.candidate
    }

    static func significantWords(_ name: String) -> [String] {
        name.split(whereSeparator: { $0 == "_" || $0 == "-" || $0 == "." }).map(String.init).filter { $0.count >= 3 }
    }

    /// `; did you mean 'x'?` or an empty string, ready to append to a message.
    public static func didYouMean(_ word: String, in candidates: some Sequence<String>) -> String {
        closest(to: word, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// Levenshtein distance counting a swap of two neighbours as one edit.
    public static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs.unicodeScalars)
        let b = Array(rhs.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previousPrevious[j - 2] + 1)
                }
                current[j] = value
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
