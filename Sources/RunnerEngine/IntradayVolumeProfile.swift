/// The volume a symbol is expected to trade at each minute of the session, averaged over the last
/// `sessions` complete sessions: what VWAP slicing follows.
///
/// Bars add their volume to the minute of the session they start in; when a new session begins, the
/// finished one joins the history (the oldest leaves it). A minute with no bar in a session counts as no
/// volume. Memory: minutes of a session x sessions kept, per symbol.
struct IntradayVolumeProfile {
    /// Sessions averaged over.
    let sessions: Int
    private var history: [[Double]] = []
    private var sums: [Double] = []
    private var today: [Double] = []
    private var day: Int64?

    init(sessions: Int) { self.sessions = max(1, sessions) }

    /// Adds a bar's volume at `minute` of the session of `day`.
    mutating func add(volume: Double, day: Int64, minute: Int) {
        if self.day != day {
            if self.day != nil { close() }
            self.day = day
            // The new session needs as many minutes as the last one: reserved once, not grown bar by bar.
            today = []
            today.reserveCapacity(sums.count)
        }
        guard minute >= 0, volume.isFinite, volume >= 0 else { return }
        // Grown in place, a minute at a time: a temporary array here would be an allocation per bar.
        while today.count <= minute { today.append(0) }
        today[minute] += volume
    }

    /// Whether at least one complete session is known.
    var isReady: Bool { !history.isEmpty }

    /// The average volume of `minute` over the sessions kept.
    func average(minute: Int) -> Double {
        guard !history.isEmpty, minute >= 0, minute < sums.count else { return 0 }
        return sums[minute] / Double(history.count)
    }

    private mutating func close() {
        history.append(today)
        add(today, sign: 1)
        if history.count > sessions { add(history.removeFirst(), sign: -1) }
    }

    private mutating func add(_ volumes: [Double], sign: Double) {
        if sums.count < volumes.count { sums += Array(repeating: 0, count: volumes.count - sums.count) }
        for (minute, volume) in volumes.enumerated() { sums[minute] += sign * volume }
    }
}
