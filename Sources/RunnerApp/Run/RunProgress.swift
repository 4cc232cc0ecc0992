/// What a run reports while it goes, for the terminal: a status that replaces the previous one, or a
/// note to keep (a resumption, a skipped row).
public enum RunProgress: Sendable, Equatable {
    case status(String)
    case note(String)
}

extension PaperRun {
    /// One status line: bars, orders and fills so far, equity and PnL at the last marks.
    var statusLine: String {
        let equity = ledger.equity
        let pnl = equity.amount - summary.startingEquity.amount
        return "\(summary.bars) bars, \(summary.childOrders) orders, \(summary.fills) fills, equity \(equity) "
            + "(PnL \(pnl) \(equity.currency))"
    }
}
