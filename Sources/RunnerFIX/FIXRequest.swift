import RunnerBroker

/// A request the adapter sent and waits to hear about, and what its failures mean.
enum FIXRequest: Sendable, Hashable, CustomStringConvertible {
    /// NewOrderSingle, answered by an ExecutionReport New (or a fill) or a rejection.
    case submit(clientOrderID: String)
    /// OrderCancelRequest (`11` is the cancel's own id), answered by `150=4` or OrderCancelReject.
    case cancel(original: String)
    /// OrderCancelReplaceRequest, answered by `150=5` or OrderCancelReject.
    case replace(original: String, replacement: String)
    /// OrderStatusRequest, answered by one `150=I` report.
    case status(clientOrderID: String)
    /// OrderMassStatusRequest, answered by `150=I` reports until `912=Y`.
    case massStatus
    /// RequestForPositions, answered by a RequestForPositionsAck and `727` PositionReports.
    case positions
    /// CollateralInquiry, answered by a CollateralReport.
    case collateral
    /// OrderMassCancelRequest, answered by an OrderMassCancelReport.
    case massCancel

    var description: String {
        switch self {
        case .submit(let id): "the order \(id)"
        case .cancel(let id): "the cancel request for \(id)"
        case .replace(let original, let replacement): "the replace request of \(original) by \(replacement)"
        case .status(let id): "the status request for \(id)"
        case .massStatus: "the open orders request"
        case .positions: "the positions request"
        case .collateral: "the collateral inquiry"
        case .massCancel: "the mass cancel request"
        }
    }

    /// The error when no answer came in time: for an order its outcome is unknown (look it up by id).
    func timedOut(after timeout: Duration) -> BrokerError {
        if case .submit(let id) = self { return .outcomeUnknown(clientOrderID: id) }
        return .adapterFailure("no answer to \(self) within \(timeout)")
    }

    /// The error when the connection dropped first: an order that went out may have arrived.
    var connectionLost: BrokerError {
        if case .submit(let id) = self { return .outcomeUnknown(clientOrderID: id) }
        return .disconnected
    }

    /// The error for a session Reject or BusinessMessageReject of the request.
    func rejected(_ text: String) -> BrokerError {
        switch self {
        case .submit(let id): .rejected(clientOrderID: id, reason: text)
        case .cancel(let id), .replace(let id, _), .status(let id): .rejected(clientOrderID: id, reason: text)
        default: .adapterFailure("the broker rejected \(self): \(text)")
        }
    }
}

/// A caller waiting for the answer to a request.
struct FIXWaiter: Sendable {
    /// Tells this waiter from a later one under the same key (a late timeout must not fail the next).
    let token: Int
    let request: FIXRequest
    /// The `34` our request went out with, for Rejects that refer to it (`45`).
    let sequenceNumber: Int
    let continuation: CheckedContinuation<Result<[FIXMessage], BrokerError>, Never>
    /// The answers so far (several for mass status and positions).
    var collected: [FIXMessage] = []
}
