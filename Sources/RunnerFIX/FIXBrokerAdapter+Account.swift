import Foundation
import RunnerBroker
import RunnerCore

/// The account: open orders, positions, cash, and the kill switch's two steps.
extension FIXBrokerAdapter {
    /// OrderMassStatusRequest (`35=AF`, `584`, `585=7` all orders): the `150=I` reports up to `912=Y`, open
    /// ones only (a single report with `911=0` means none).
    public func openOrders() async throws(BrokerError) -> [BrokerOrder] {
        let requestID = requestID("orders")
        let message = FIXMessage(
            type: "AF",
            [
                FIXField(FIXTag.massStatusRequestID, requestID), FIXField(FIXTag.massStatusRequestType, "7"),
            ] + (settings.account.map { [FIXField(FIXTag.account, $0)] } ?? []))
        let reports = try await exchange(message, key: requestID, request: .massStatus)
        var orders: [BrokerOrder] = []
        for report in reports where report[FIXTag.totalNumberOfReports] != "0" {
            do throws(FIXFieldProblem) {
                let id = try report.required(FIXTag.clientOrderID)
                let order = try FIXReports.order(
                    report, known: state.withLock { $0.orders[id] }, receivedAt: time.nowMilliseconds)
                if order.isOpen || order.status == .new { orders.append(order) }
            } catch {
                throw .adapterFailure("a status report in the open orders is malformed: \(error)")
            }
        }
        return orders
    }

    /// RequestForPositions (`35=AN`: `710`, `724=0`, `1` (the account, else our SenderCompID), `581=1`, `715`
    /// today, `60`): net shares per
    /// symbol from the PositionReports (LongQty − ShortQty over the `702` group); none when the ack says
    /// `727=0` or `728=2`.
    public func positions() async throws(BrokerError) -> [Symbol: Int64] {
        let requestID = requestID("positions")
        var fields = [FIXField(FIXTag.positionRequestID, requestID), FIXField(FIXTag.positionRequestType, "0")]
        // Account is required here: without a configured one, the session's SenderCompID names it.
        fields.append(FIXField(FIXTag.account, settings.account ?? settings.senderCompID))
        fields += [
            FIXField(FIXTag.accountType, "1"),
            FIXField(FIXTag.clearingBusinessDate, FIXTimestamp.formatDate(milliseconds: time.nowMilliseconds)),
            transactTime,
        ]
        let answers = try await exchange(FIXMessage(type: "AN", fields), key: requestID, request: .positions)
        do throws(FIXFieldProblem) {
            return try FIXReports.positions(answers.filter { $0.messageType == "AP" })
        } catch {
            throw .adapterFailure("a position report is malformed: \(error)")
        }
    }

    /// CollateralInquiry (`35=BB`, `909`): cash from the CollateralReport's `901` CashOutstanding, exact;
    /// positions from ``positions()``.
    public func account() async throws(BrokerError) -> AccountSnapshot {
        let inquiryID = requestID("collateral")
        let message = FIXMessage(
            type: "BB",
            [FIXField(FIXTag.collateralInquiryID, inquiryID)]
                + (settings.account.map { [FIXField(FIXTag.account, $0)] } ?? []))
        let answers = try await exchange(message, key: inquiryID, request: .collateral)
        guard let report = answers.last(where: { $0.messageType == "BA" }) else {
            throw .adapterFailure("the collateral inquiry ended without a CollateralReport")
        }
        let cash: Decimal
        do throws(FIXFieldProblem) { cash = try report.requiredDecimal(FIXTag.cashOutstanding) } catch {
            throw .adapterFailure("the CollateralReport is malformed: \(error)")
        }
        if let currency = report[15], currency != settings.currency {
            throw .adapterFailure(
                "the CollateralReport is in \(currency), the account currency is \(settings.currency)")
        }
        return AccountSnapshot(cash: Money(cash, settings.currency), positions: try await positions())
    }

    /// OrderMassCancelRequest (`35=q`: `11`, `530=7` all orders, `60`): the OrderMassCancelReport's `533`
    /// TotalAffectedOrders; a report with `531=0` (rejected) throws.
    @discardableResult
    public func cancelAll() async throws(BrokerError) -> Int {
        let requestID = requestID("cancel-all")
        let message = FIXMessage(
            type: "q",
            [
                FIXField(FIXTag.clientOrderID, requestID), FIXField(FIXTag.massCancelRequestType, "7"), transactTime,
            ])
        let answers = try await exchange(message, key: requestID, request: .massCancel)
        guard let report = answers.last else { throw .adapterFailure("no OrderMassCancelReport") }
        if report[FIXTag.massCancelResponse] == "0" {
            throw .adapterFailure("the broker rejected the mass cancel: \(report[FIXTag.text] ?? "no reason given")")
        }
        guard let affected = report.integer(FIXTag.totalAffectedOrders).flatMap({ Int(exactly: $0) }), affected >= 0
        else {
            return 0
        }
        return affected
    }

    /// One market order per nonzero position (ids `close-<SYMBOL>-<ms>`), all sent at once; returns them.
    public func closeAllPositions() async throws(BrokerError) -> [BrokerOrder] {
        let now = time.nowMilliseconds
        var orders: [ChildOrder] = []
        for (symbol, shares) in try await positions().sorted(by: { $0.key < $1.key }) where shares != 0 {
            guard let quantity = Int64(exactly: shares.magnitude) else {
                throw .adapterFailure("the position of \(shares) \(symbol) cannot be closed by one order")
            }
            orders.append(
                ChildOrder(
                    clientOrderID: "close-\(symbol.rawValue)-\(now)", parentID: "close-all", strategy: "kill-switch",
                    symbol: symbol, side: shares > 0 ? .sell : .buy, quantity: quantity, venue: "fix", releaseAt: now,
                    sliceIndex: 0))
        }
        let results = await withTaskGroup(of: Result<BrokerOrder, BrokerError>.self) { group in
            for order in orders {
                group.addTask { [self] in
                    do throws(BrokerError) { return .success(try await submit(order)) } catch { return .failure(error) }
                }
            }
            var results: [Result<BrokerOrder, BrokerError>] = []
            for await result in group { results.append(result) }
            return results
        }
        var sent: [BrokerOrder] = []
        for result in results {
            switch result {
            case .success(let order): sent.append(order)
            case .failure(let error): throw error
            }
        }
        return sent.sorted { $0.order.symbol < $1.order.symbol }
    }
}
