import RunnerBroker
import RunnerCore

/// Incoming application messages: to the callers waiting for them, to ``executions``, to the execution
/// log. One that does not read as expected is logged and rejected (session Reject naming the tag, or a
/// BusinessMessageReject for a type we do not handle); none is ever fatal.
extension FIXBrokerAdapter {
    func routeApplicationMessage(_ message: FIXMessage) {
        do throws(FIXFieldProblem) {
            switch message.messageType {
            case "8": try executionReport(message)
            case "9": try cancelReject(message)
            case "AO": try positionsAck(message)
            case "AP":
                let key = try message.required(FIXTag.positionRequestID)
                collect(message, key: key, matching: { $0 == .positions }) { reports in
                    reports.filter { $0.messageType == "AP" }.count >= expectedPositionReports(reports)
                }
            case "BA":
                collect(message, key: try message.required(FIXTag.collateralInquiryID), matching: { $0 == .collateral })
                { _ in true }
            case "BG":
                // CollateralInquiryAck: 945 CollInquiryStatus 0 accepted, 1 completed; anything else failed.
                let key = try message.required(FIXTag.collateralInquiryID)
                if let status = message[945], status != "0", status != "1" {
                    fail(key: key, matching: { $0 == .collateral }) { _ in
                        .adapterFailure("the collateral inquiry failed: \(message[FIXTag.text] ?? "status \(status)")")
                    }
                }
            case "r":
                collect(message, key: try message.required(FIXTag.clientOrderID), matching: { $0 == .massCancel }) {
                    _ in true
                }
            case "3", "j":
                requestRejected(message)
            default:
                logger.warning("FIX unsupported application message: \(message)")
                sendReject { state, now in
                    state.session.businessReject(
                        sequenceNumber: Self.sequence(message), messageType: message.messageType,
                        reason: 3, text: "unsupported message type \(message.messageType)", now: now)
                }
            }
        } catch {
            logger.warning("FIX \(error): \(message)")
            sendReject { state, now in
                state.session.reject(
                    sequenceNumber: Self.sequence(message), messageType: message.messageType, tag: error.tag,
                    reason: error.sessionRejectReason, text: error.reason, now: now)
            }
        }
    }

    private static func sequence(_ message: FIXMessage) -> Int {
        message.sequenceNumber(FIXTag.messageSequenceNumber) ?? 0
    }

    private func sendReject(_ build: @Sendable (inout FIXAdapterState, Int64) -> [FIXSessionAction]) {
        let now = time.nowMilliseconds
        let effects = state.withLock { state in state.perform(build(&state, now), logger: logger) }
        handle(effects)
    }

    private func expectedPositionReports(_ messages: [FIXMessage]) -> Int {
        for message in messages {
            if let total = message.integer(FIXTag.totalNumberOfPositionReports), total >= 0 { return Int(total) }
        }
        return 1
    }

    // MARK: ExecutionReport

    private func executionReport(_ message: FIXMessage) throws(FIXFieldProblem) {
        let executionType = try message.required(FIXTag.executionType)
        if executionType == "I" { return try statusReport(message) }
        let clientOrderID = try message.required(FIXTag.clientOrderID)
        let receivedAt = time.nowMilliseconds
        let original = message[FIXTag.originalClientOrderID]
        // Check the whole report before anything is delivered or recorded.
        let fill = executionType == "F" ? try FIXReports.fill(message, receivedAt: receivedAt) : nil
        let known = state.withLock { state in state.orders[clientOrderID] ?? original.flatMap { state.orders[$0] } }
        let order = try FIXReports.order(message, known: known, receivedAt: receivedAt)
        state.withLock { state in
            var record = order.order
            record.clientOrderID = clientOrderID
            state.orders[clientOrderID] = record
        }
        switch executionType {
        case "0":
            executionContinuation.yield(.accepted(clientOrderID: clientOrderID))
            collect(message, key: clientOrderID, matching: { $0 == .submit(clientOrderID: clientOrderID) }) { _ in true
            }
        case "F":
            guard let fill else { return }
            let recorded = state.withLock { state -> Result<Bool, FIXStoreError> in
                do throws(FIXStoreError) { return .success(try state.executionLog.record(fill)) } catch {
                    return .failure(error)
                }
            }
            if case .failure(let error) = recorded { logger.error("FIX \(error)") }
            if case .success(false) = recorded, message.flag(FIXTag.possibleDuplicate) {
                logger.notice("FIX execution \(fill.executionID) delivered again (possible duplicate)")
            }
            // Delivered even when seen before: consumers deduplicate by executionID.
            executionContinuation.yield(.filled(fill))
            collect(message, key: clientOrderID, matching: { $0 == .submit(clientOrderID: clientOrderID) }) { _ in true
            }
        case "4", "C":
            let cancelled = original ?? clientOrderID
            executionContinuation.yield(.cancelled(clientOrderID: cancelled))
            if !collect(
                message, key: clientOrderID, matching: { $0 == .cancel(original: cancelled) }, complete: { _ in true })
            {
                // A cancel by the broker (or answered under the original id).
                let waiting = state.withLock { state in
                    state.waiters.first { $0.value.request == .cancel(original: cancelled) }?.key
                }
                if let waiting { collect(message, key: waiting, matching: { _ in true }) { _ in true } }
            }
        case "5":
            collect(
                message, key: clientOrderID,
                matching: {
                    if case .replace(_, let replacement) = $0 { return replacement == clientOrderID }
                    return false
                }
            ) { _ in true }
        case "8":
            let reason = message[FIXTag.text] ?? "no reason given"
            // A duplicate ClOrdID rejection is about the resend, not the order already working under that id.
            if !FIXReports.isDuplicate(message) {
                executionContinuation.yield(.rejected(clientOrderID: clientOrderID, reason: reason))
            }
            fail(key: clientOrderID, matching: { _ in true }) { request in
                if case .submit = request, FIXReports.isDuplicate(message) {
                    return .duplicateClientOrderID(clientOrderID)
                }
                if case .replace(_, let replacement) = request {
                    return .rejected(clientOrderID: replacement, reason: reason)
                }
                return .rejected(clientOrderID: clientOrderID, reason: reason)
            }
        default:
            // Pending new, pending cancel, trade correction, ...: nothing the runner acts on.
            logger.info("FIX ExecType \(executionType) for \(clientOrderID)")
        }
    }

    /// `150=I`: the answer to an OrderStatusRequest (by `790` or `11`) or part of a mass status (`584`).
    private func statusReport(_ message: FIXMessage) throws(FIXFieldProblem) {
        if let massID = message[FIXTag.massStatusRequestID] {
            collect(message, key: massID, matching: { $0 == .massStatus }) { reports in
                reports.contains { $0.flag(FIXTag.lastReportRequested) || $0[FIXTag.totalNumberOfReports] == "0" }
            }
            return
        }
        // By OrdStatusReqID when the broker echoes it, else the oldest status request for the ClOrdID.
        let key: String
        if let requestID = message[FIXTag.orderStatusRequestID] {
            key = requestID
        } else {
            let id = try message.required(FIXTag.clientOrderID)
            key =
                state.withLock { state in
                    state.waiters.filter { $0.value.request == .status(clientOrderID: id) }.min {
                        $0.value.token < $1.value.token
                    }?.key
                } ?? id
        }
        if !collect(
            message, key: key, matching: { if case .status = $0 { true } else { false } }, complete: { _ in true })
        {
            logger.info("FIX unrequested status report: \(message)")
        }
    }

    // MARK: Other answers

    private func cancelReject(_ message: FIXMessage) throws(FIXFieldProblem) {
        let key = try message.required(FIXTag.clientOrderID)
        let reason = message[FIXTag.text] ?? "no reason given"
        let unknown = message[FIXTag.cancelRejectReason] == "1"
        fail(key: key, matching: { _ in true }) { request in
            switch request {
            case .cancel(let original), .replace(let original, _):
                unknown ? .unknownOrder(original) : .rejected(clientOrderID: original, reason: reason)
            default: .rejected(clientOrderID: key, reason: reason)
            }
        }
    }

    /// RequestForPositionsAck: `728` 0 valid (reports follow, `727` of them), 2 no positions; else failed.
    private func positionsAck(_ message: FIXMessage) throws(FIXFieldProblem) {
        let key = try message.required(FIXTag.positionRequestID)
        let result = message[FIXTag.positionRequestResult] ?? "0"
        if result == "2" || (result == "0" && message[FIXTag.totalNumberOfPositionReports] == "0") {
            collect(message, key: key, matching: { $0 == .positions }) { _ in true }
        } else if result == "0" {
            collect(message, key: key, matching: { $0 == .positions }) { reports in
                reports.filter { $0.messageType == "AP" }.count >= expectedPositionReports(reports)
            }
        } else {
            fail(key: key, matching: { $0 == .positions }) { _ in
                .adapterFailure(
                    "the broker refused the positions request (728=\(result)): \(message[FIXTag.text] ?? "")")
            }
        }
    }

    /// A session Reject or BusinessMessageReject of one of our requests (found by `45`).
    private func requestRejected(_ message: FIXMessage) {
        let text =
            message[FIXTag.text]
            ?? "rejected (373=\(message[FIXTag.sessionRejectReason] ?? message[FIXTag.businessRejectReason] ?? "?"))"
        guard let reference = message.sequenceNumber(FIXTag.referenceSequenceNumber),
            let key = state.withLock({ $0.waiterKey(sequenceNumber: reference) })
        else {
            logger.warning("FIX the broker rejected a message of ours: \(message)")
            return
        }
        fail(key: key, matching: { _ in true }) { $0.rejected(text) }
    }
}
