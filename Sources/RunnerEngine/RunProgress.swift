/// What a run reports while it goes, for the terminal: a status that replaces the previous one, or a
/// note to keep (a resumption, a skipped row).
public enum RunProgress: Sendable, Equatable {
    case status(String)
    case note(String)
}

