import Foundation
import RunnerBroker
import RunnerCore
import Synchronization

/// A simulated broker that fills orders against market data: latency, slippage, a participation cap
/// (partial fills) and fees; duplicate client order ids refused like a real broker; faults on demand.
/// A real adapter behind the same protocol, not a mock: the embedded default trades with it.
///
/// With a book file (``init(settings:time:bookPath:)``) the venue outlives the process, as a real one
/// does: everything it accepted, rejected, cancelled and filled is written before the call returns, and a
/// broker opened on the same file answers for those orders again (see ``PaperBookFile``).
public final class PaperBroker: BrokerAdapter {
    public let settings: PaperBrokerSettings
    let time: any TimeSource
    let book: Locked<PaperBook>
    private let file: PaperBookFile?
    private let stream: AsyncStream<ExecutionReport>
    private let continuation: AsyncStream<ExecutionReport>.Continuation

    /// A venue in memory only.
    public convenience init(settings: PaperBrokerSettings, time: any TimeSource) {
        self.init(settings: settings, time: time,
                  book: PaperBook(cash: settings.startingCash.amount, currency: settings.startingCash.currency), file: nil)
    }

    /// A venue kept in the book file at `bookPath`: a new one when the file does not exist, else the one
    /// the file describes, with every order and fill it holds.
    public convenience init(settings: PaperBrokerSettings, time: any TimeSource, bookPath: String)
        throws(PaperBookFileError)
    {
        var book = PaperBook(cash: settings.startingCash.amount, currency: settings.startingCash.currency,
                             retainsHistory: false)
        let history = try PaperBookFile.read(path: bookPath) ?? []
        for line in history { book.apply(line.event) }
        book.cursor = history.last?.cursor
        self.init(settings: settings, time: time, book: book, file: try PaperBookFile(path: bookPath))
    }

    init(settings: PaperBrokerSettings, time: any TimeSource, book: PaperBook, file: PaperBookFile?) {
        self.settings = settings
        self.time = time
        self.book = Locked(book)
        self.file = file
        (stream, continuation) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
    }

    /// The venue as it stood when it had processed every bar up to `timestamp` (and nothing later), in
    /// memory only: what a restart replays the bars the crash left unjournaled against, so the run makes
    /// the same decisions it made before and learns what it sent. Nil `timestamp`: before the first bar.
    /// Read from the book file (a venue in memory keeps no history: its replica is empty), which holds
    /// every event in order, so memory does not grow with the history.
    public func replica(through timestamp: Int64?) throws(PaperBookFileError) -> PaperBroker {
        var book = PaperBook(cash: settings.startingCash.amount, currency: settings.startingCash.currency)
        for line in try file.flatMap({ file throws(PaperBookFileError) in try PaperBookFile.read(path: file.path) }) ?? [] {
            if let cursor = line.cursor, cursor.clock > timestamp ?? Int64.min { break }
            book.apply(line.event)
            book.cursor = line.cursor
        }
        return PaperBroker(settings: settings, time: time, book: book, file: nil)
    }

    /// Brings this venue level with `replica`, which went on from an earlier state of it: orders only the
    /// replica holds are submitted (same client order ids), orders it cancelled are cancelled. Returns the
    /// ids sent and cancelled, and whether the two venues' fills agree (they must: both simulate the same
    /// bars and orders).
    public func catchUp(with replica: PaperBroker) throws(BrokerError) -> (sent: [String], cancelled: [String], fillsAgree: Bool) {
        let mine = Dictionary(allOrders.map { ($0.order.clientOrderID, $0) }, uniquingKeysWith: { $1 })
        var sent: [String] = []
        var cancelled: [String] = []
        for order in replica.allOrders where mine[order.order.clientOrderID] == nil && order.status != .rejected {
            _ = try submitNow(order.order)
            sent.append(order.order.clientOrderID)
        }
        for order in replica.allOrders where order.status == .cancelled && mine[order.order.clientOrderID]?.isOpen ?? true {
            try cancelNow(clientOrderID: order.order.clientOrderID)
            cancelled.append(order.order.clientOrderID)
        }
        return (sent, cancelled, allFills == replica.allFills)
    }

    deinit { file?.close() }

    /// The last bar the venue processed (its place in the market data), kept in its book file; nil before
    /// the first.
    public var lastProcessedBar: (symbol: Symbol, timestamp: Int64)? {
        book.withLock { $0.cursor.map { ($0.symbol, $0.timestamp) } }
    }

    /// The venue's clock when it last wrote to its book: later than ``lastProcessedBar`` when orders came
    /// at a new time before any bar of it; nil before the first.
    public var lastEventClock: Int64? { book.withLock { $0.cursor?.clock } }

    /// Every fill so far, in the order made (read from the book file when there is one).
    public var allFills: [Fill] { book.withLock { wholeBook($0).fills } }

    /// Every order the venue holds, in the order it took them, rejected ones included (read from the
    /// book file when there is one).
    public var allOrders: [BrokerOrder] {
        book.withLock { book in
            wholeBook(book).orders.values.sorted {
                ($0.acceptedAt, $0.order.clientOrderID) < ($1.acceptedAt, $1.order.clientOrderID)
            }
        }
    }

    /// The book with its whole history: itself in memory, else rebuilt from the book file (a slow path,
    /// for restarts, lookups of closed orders and reports, never for trading).
    private func wholeBook(_ book: PaperBook) -> PaperBook {
        guard !book.retainsHistory, let file else { return book }
        var whole = PaperBook(cash: settings.startingCash.amount, currency: settings.startingCash.currency)
        do {
            for line in try PaperBookFile.read(path: file.path) ?? [] { whole.apply(line.event) }
        } catch {
            bookFileFailure = error
        }
        return whole
    }

    /// An order by id: from memory while it is open, else from the book file.
    private func lookUp(_ id: String, in book: PaperBook) -> BrokerOrder? {
        if let order = book.orders[id] { return order }
        return book.mayHaveRetired(id) ? wholeBook(book).orders[id] : nil
    }

    /// The failure to write the book file, if one happened: from then on the venue is down (every call
    /// fails as disconnected, no bar fills anything), since a restart could not see what came after it.
    public private(set) var bookFileFailure: PaperBookFileError? {
        get { failure.withLock { $0 } }
        set { failure.withLock { $0 = newValue } }
    }

    private let failure = Locked<PaperBookFileError?>(nil)

    /// Writes `events` to the book file (inside the book's lock, so the file keeps the book's order).
    func persist(_ events: [PaperBookFile.Event], in book: inout PaperBook) -> Bool {
        guard let file, !events.isEmpty else { return true }
        // After a failed write the file may end in half a line: the venue stays down rather than append
        // after it (a restart would not read past it).
        guard bookFileFailure == nil else { return false }
        do {
            var cursor = book.cursor
            if let clock = cursor?.clock { cursor?.clock = max(clock, time.nowMilliseconds) }
            try file.append(events, cursor: cursor)
            book.cursor = cursor
            return true
        } catch {
            bookFileFailure = error
            return false
        }
    }

    /// The execution reports from the first time this is read: a venue nobody listens to keeps none.
    public var executions: AsyncStream<ExecutionReport> {
        subscribed.store(true, ordering: .releasing)
        return stream
    }

    private let subscribed = Atomic<Bool>(false)

    func report(_ report: ExecutionReport) {
        if subscribed.load(ordering: .acquiring) { continuation.yield(report) }
    }

    /// Changes the injected faults.
    public func inject(_ change: (inout PaperBrokerFaults) -> Void) {
        book.withLock { change(&$0.faults) }
    }

    // MARK: BrokerAdapter

    public func submit(_ order: ChildOrder) async throws(BrokerError) -> BrokerOrder {
        try submitNow(order)
    }

    /// The synchronous form, for the replay loop (no suspension per order).
    public func submitNow(_ order: ChildOrder) throws(BrokerError) -> BrokerOrder {
        let now = time.nowMilliseconds
        let result: Result<(BrokerOrder, ExecutionReport), BrokerError> = book.withLock { book in
            if book.faults.disconnected { return .failure(.disconnected) }
            guard lookUp(order.clientOrderID, in: book) == nil else {
                return .failure(.duplicateClientOrderID(order.clientOrderID))
            }
            if let reason = book.faults.rejectNext {
                book.faults.rejectNext = nil
                var rejected = BrokerOrder(order: order, acceptedAt: now)
                rejected.status = .rejected
                guard persist([.rejected(order, at: now, reason: reason)], in: &book) else {
                    return .failure(.disconnected)
                }
                book.orders[order.clientOrderID] = rejected
                book.retire(order.clientOrderID)
                return .success((rejected, .rejected(clientOrderID: order.clientOrderID, reason: reason)))
            }
            let accepted = BrokerOrder(order: order, acceptedAt: now)
            // Written before it is acknowledged: an order the runner heard of is in the file.
            guard persist([.accepted(order, at: now)], in: &book) else { return .failure(.disconnected) }
            book.orders[order.clientOrderID] = accepted
            book.openIDs.append(order.clientOrderID)
            if book.faults.dropNextAcknowledgement {
                book.faults.dropNextAcknowledgement = false
                return .failure(.outcomeUnknown(clientOrderID: order.clientOrderID))
            }
            return .success((accepted, .accepted(clientOrderID: order.clientOrderID)))
        }
        switch result {
        case .success(let (order, report)):
            self.report(report)
            if order.status == .rejected, case .rejected(_, let reason) = report {
                throw .rejected(clientOrderID: order.order.clientOrderID, reason: reason)
            }
            return order
        case .failure(let error):
            throw error
        }
    }

    public func cancel(clientOrderID: String) async throws(BrokerError) {
        try cancelNow(clientOrderID: clientOrderID)
    }

    /// The synchronous form, for the replay loop.
    public func cancelNow(clientOrderID: String) throws(BrokerError) {
        let result: Result<Void, BrokerError> = book.withLock { book in
            if book.faults.disconnected { return .failure(.disconnected) }
            guard var order = book.orders[clientOrderID], order.isOpen else { return .failure(.unknownOrder(clientOrderID)) }
            guard persist([.cancelled(clientOrderID: clientOrderID)], in: &book) else {
                return .failure(.disconnected)
            }
            order.status = .cancelled
            book.orders[clientOrderID] = order
            book.openIDs.removeAll { $0 == clientOrderID }
            book.retire(clientOrderID)
            return .success(())
        }
        try result.get()
        report(.cancelled(clientOrderID: clientOrderID))
    }

    @discardableResult
    public func cancelAll() async throws(BrokerError) -> Int {
        try cancelAllNow().count
    }

    /// The synchronous form, for the replay loop; returns the client order ids it cancelled.
    @discardableResult
    public func cancelAllNow() throws(BrokerError) -> [String] {
        let result: Result<[String], BrokerError> = book.withLock { book in
            if book.faults.disconnected { return .failure(.disconnected) }
            let open = book.openIDs
            guard persist(open.map { .cancelled(clientOrderID: $0) }, in: &book) else {
                return .failure(.disconnected)
            }
            for id in open {
                book.orders[id]?.status = .cancelled
                book.retire(id)
            }
            book.openIDs.removeAll()
            return .success(open)
        }
        let cancelled = try result.get()
        for id in cancelled { report(.cancelled(clientOrderID: id)) }
        return cancelled
    }

    /// The synchronous form of ``order(clientOrderID:)``.
    public func orderNow(clientOrderID: String) throws(BrokerError) -> BrokerOrder? {
        try read { lookUp(clientOrderID, in: $0) }
    }

    public func order(clientOrderID: String) async throws(BrokerError) -> BrokerOrder? {
        try orderNow(clientOrderID: clientOrderID)
    }

    public func openOrders() async throws(BrokerError) -> [BrokerOrder] {
        try read { book in book.openIDs.compactMap { book.orders[$0] } }
    }

    public func positions() async throws(BrokerError) -> [Symbol: Int64] {
        try read { $0.positions.filter { $0.value != 0 } }
    }

    public func fills(since timestamp: Int64) async throws(BrokerError) -> [Fill] {
        try read { wholeBook($0).fills.filter { $0.timestamp >= timestamp } }
    }

    public func account() async throws(BrokerError) -> AccountSnapshot {
        try read { book in
            AccountSnapshot(cash: Money(book.cash, book.currency), positions: book.positions.filter { $0.value != 0 })
        }
    }

    private func read<T: Sendable>(_ body: (PaperBook) -> T) throws(BrokerError) -> T {
        let result: Result<T, BrokerError> = book.withLock { book in
            book.faults.disconnected ? .failure(.disconnected) : .success(body(book))
        }
        return try result.get()
    }

    // MARK: Market data

    /// Fills what this bar allows: orders of the bar's symbol that have cleared the latency, oldest
    /// first, at the bar's open plus slippage, together no more than the participation cap of its volume.
    @discardableResult
    public func process(_ bar: Bar) -> [Fill] {
        // A venue whose book cannot be written is down: it fills nothing it could not record.
        if file != nil, bookFileFailure != nil { return [] }
        let (fills, duplicate, dropped) = book.withLock { book in
            book.cursor = PaperBookFile.Cursor(symbol: bar.symbol, timestamp: bar.timestamp,
                                               clock: max(bar.timestamp, time.nowMilliseconds))
            let fills = book.match(bar, settings: settings)
            _ = persist(fills.map { .filled($0) }, in: &book)
            let duplicate = book.faults.duplicateNextFillReport && !fills.isEmpty
            if duplicate { book.faults.duplicateNextFillReport = false }
            let dropped = book.faults.dropNextFillReport && !fills.isEmpty
            if dropped { book.faults.dropNextFillReport = false }
            return (fills, duplicate, dropped)
        }
        // A dropped report: the venue made (and recorded) the fill, the runner never hears of it.
        let delivered = dropped ? Array(fills.dropFirst()) : fills
        for fill in delivered { report(.filled(fill)) }
        if duplicate, let first = delivered.first { report(.filled(first)) }
        return delivered
    }
}

extension PaperBroker: SimulatedVenue {
    /// The executions `bar` makes (see ``process(_:)``).
    public func match(_ bar: Bar) -> [Fill] { process(bar) }
}
