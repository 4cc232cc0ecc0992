/// What happened to a fill handed to ``Ledger/record(_:)``.
public enum BookingOutcome: Sendable, Hashable {
    /// The fill moved cash, the position and the PnL.
    case booked
    /// A fill with this execution id was booked before; nothing changed.
    case duplicate
    /// The fill is malformed; nothing changed.
    case rejected(LedgerError)
}
