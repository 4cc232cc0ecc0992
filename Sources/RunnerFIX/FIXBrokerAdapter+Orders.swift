import RunnerBroker
import RunnerCore

/// Orders: NewOrderSingle, OrderCancelRequest, OrderCancelReplaceRequest, OrderStatusRequest.
extension FIXBrokerAdapter {
    /// NewOrderSingle (`35=D`): `11`, `55`, `54`, `38`, `40=1` market, `59=0` day, `21=1`, `60`, and `1`
    /// when an account is set. Returns when the broker accepts it (ExecutionReport New, or a fill);
    /// a rejection throws ``BrokerError/rejected(clientOrderID:reason:)`` (or
    /// ``BrokerError/duplicateClientOrderID(_:)`` when it names a duplicate); no answer within
    /// `requestTimeout`, or a drop after it went out, throws ``BrokerError/outcomeUnknown(clientOrderID:)``.
    public func submit(_ order: ChildOrder) async throws(BrokerError) -> BrokerOrder {
        guard order.quantity > 0 else {
            throw .rejected(clientOrderID: order.clientOrderID, reason: "quantity \(order.quantity) is not positive")
        }
        var message = FIXMessage(
            type: "D",
            [
                FIXField(FIXTag.clientOrderID, order.clientOrderID), FIXField(FIXTag.handlingInstruction, "1"),
                FIXField(FIXTag.symbol, order.symbol.rawValue), FIXField(FIXTag.side, FIXReports.sideCode(order.side)),
                transactTime, FIXField(FIXTag.orderQuantity, String(order.quantity)), FIXField(FIXTag.orderType, "1"),
                FIXField(FIXTag.timeInForce, "0"),
            ])
        if let account = settings.account { message.append(FIXTag.account, account) }
        let answers = try await exchange(
            message, key: order.clientOrderID, request: .submit(clientOrderID: order.clientOrderID)
        ) {
            [logger] in $0.remember(order, logger: logger)
        }
        guard let report = answers.last else { throw .outcomeUnknown(clientOrderID: order.clientOrderID) }
        do throws(FIXFieldProblem) {
            var accepted = try FIXReports.order(report, known: order, receivedAt: time.nowMilliseconds)
            accepted.order = order
            return accepted
        } catch {
            throw .adapterFailure("the broker's answer to order \(order.clientOrderID) is malformed: \(error)")
        }
    }

    /// OrderCancelRequest (`35=F`, `41` the order, `11` a new id `<order>.c<n>`). Returns when the broker
    /// reports the order cancelled (`150=4`); an OrderCancelReject throws ``BrokerError/rejected(clientOrderID:reason:)``,
    /// or ``BrokerError/unknownOrder(_:)`` for `102=1`.
    public func cancel(clientOrderID: String) async throws(BrokerError) {
        let order = try knownOrder(clientOrderID)
        let cancelID = "\(clientOrderID).c\(state.withLock { $0.session.nextOutgoingSequenceNumber })"
        let message = FIXMessage(
            type: "F",
            [
                FIXField(FIXTag.originalClientOrderID, clientOrderID), FIXField(FIXTag.clientOrderID, cancelID),
                FIXField(FIXTag.symbol, order.symbol.rawValue), FIXField(FIXTag.side, FIXReports.sideCode(order.side)),
                transactTime, FIXField(FIXTag.orderQuantity, String(order.quantity)),
            ] + (settings.account.map { [FIXField(FIXTag.account, $0)] } ?? []))
        _ = try await exchange(message, key: cancelID, request: .cancel(original: clientOrderID))
    }

    /// OrderCancelReplaceRequest (`35=G`): the order `clientOrderID` becomes `newClientOrderID` with
    /// `quantity` shares (a FIX-only extra, outside ``BrokerAdapter``). Returns the order as the broker now
    /// knows it (`150=5`), under the new id.
    public func replace(clientOrderID: String, newClientOrderID: String, quantity: Int64) async throws(BrokerError)
        -> BrokerOrder
    {
        guard quantity > 0 else {
            throw .rejected(clientOrderID: clientOrderID, reason: "quantity \(quantity) is not positive")
        }
        let order = try knownOrder(clientOrderID)
        let message = FIXMessage(
            type: "G",
            [
                FIXField(FIXTag.originalClientOrderID, clientOrderID), FIXField(FIXTag.clientOrderID, newClientOrderID),
                FIXField(FIXTag.handlingInstruction, "1"), FIXField(FIXTag.symbol, order.symbol.rawValue),
                FIXField(FIXTag.side, FIXReports.sideCode(order.side)), transactTime,
                FIXField(FIXTag.orderQuantity, String(quantity)), FIXField(FIXTag.orderType, "1"),
                FIXField(FIXTag.timeInForce, "0"),
            ] + (settings.account.map { [FIXField(FIXTag.account, $0)] } ?? []))
        var replaced = order
        replaced.clientOrderID = newClientOrderID
        replaced.quantity = quantity
        let answers = try await exchange(
            message, key: newClientOrderID, request: .replace(original: clientOrderID, replacement: newClientOrderID)
        ) { [replaced, logger] in $0.remember(replaced, logger: logger) }
        guard let report = answers.last else { throw .adapterFailure("no answer to the replace of \(clientOrderID)") }
        do throws(FIXFieldProblem) {
            return try FIXReports.order(report, known: replaced, receivedAt: time.nowMilliseconds)
        } catch {
            throw .adapterFailure("the broker's answer to the replace of \(clientOrderID) is malformed: \(error)")
        }
    }

    /// OrderStatusRequest (`35=H`: `790`, `11`, `55`, `54`); the `150=I` answer as an order, nil when the
    /// broker does not know the id (`39=8` with `103=5`). An id missing from this session's order log is
    /// nil without asking: the log is written before an order goes out, so the session never sent it.
    public func order(clientOrderID: String) async throws(BrokerError) -> BrokerOrder? {
        guard let known = state.withLock({ $0.orders[clientOrderID] }) else { return nil }
        let requestID = requestID("status")
        let message = FIXMessage(
            type: "H",
            [
                FIXField(FIXTag.orderStatusRequestID, requestID), FIXField(FIXTag.clientOrderID, clientOrderID),
                FIXField(FIXTag.symbol, known.symbol.rawValue), FIXField(FIXTag.side, FIXReports.sideCode(known.side)),
            ])
        let answers: [FIXMessage]
        do {
            answers = try await exchange(message, key: requestID, request: .status(clientOrderID: clientOrderID))
        } catch .unknownOrder {
            return nil
        }
        guard let report = answers.last else { return nil }
        if report[FIXTag.orderStatus] == "8", report[FIXTag.orderRejectReason] == "5" { return nil }
        do throws(FIXFieldProblem) {
            return try FIXReports.order(report, known: known, receivedAt: time.nowMilliseconds)
        } catch {
            throw .adapterFailure("the broker's status report for \(clientOrderID) is malformed: \(error)")
        }
    }

    /// Our record of the order (symbol and side for a cancel or replace); an id we never sent is unknown.
    private func knownOrder(_ clientOrderID: String) throws(BrokerError) -> ChildOrder {
        guard let known = state.withLock({ $0.orders[clientOrderID] }) else { throw .unknownOrder(clientOrderID) }
        return known
    }
}
