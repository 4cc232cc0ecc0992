import Foundation
import RunnerBroker
import RunnerCore

/// Reading the broker's application messages into the broker types: pure functions, one place that knows
/// which tags mean what.
enum FIXReports {
    /// `54` Side: 1 buy; 2 sell, 5 sell short and 6 sell short exempt all sell.
    static func side(_ message: FIXMessage) throws(FIXFieldProblem) -> OrderSide {
        let value = try message.required(FIXTag.side)
        switch value {
        case "1": return .buy
        case "2", "5", "6": return .sell
        default: throw .incorrect(FIXTag.side, value, "1 (buy) or 2 (sell)")
        }
    }

    static func sideCode(_ side: OrderSide) -> String { side == .buy ? "1" : "2" }

    /// `39` OrdStatus as the runner's status.
    static func status(_ message: FIXMessage) throws(FIXFieldProblem) -> OrderStatus {
        let value = try message.required(FIXTag.orderStatus)
        switch value {
        case "0", "5", "6", "9", "D", "E": return .accepted
        case "A": return .new
        case "1": return .partiallyFilled
        case "2", "3": return .filled
        case "4", "C": return .cancelled
        case "8": return .rejected
        default: throw .incorrect(FIXTag.orderStatus, value, "a FIX 4.4 OrdStatus")
        }
    }

    /// A fill from an ExecutionReport with `150=F`: `17` ExecID, `11`, `55`, `54`, `32` LastQty, `31`
    /// LastPx (exact), fee from `12` Commission by `13` CommType (3 absolute, 1 per share, 2 percent of
    /// the execution's value; absolute when `13` is absent), `60` TransactTime (the receipt time without it).
    static func fill(_ message: FIXMessage, receivedAt: Int64) throws(FIXFieldProblem) -> Fill {
        let quantity = try message.requiredQuantity(FIXTag.lastQuantity, minimum: 1)
        let price = try message.requiredDecimal(FIXTag.lastPrice)
        var fee = Decimal(0)
        if let commissionText = message[FIXTag.commission] {
            guard let commission = Decimal(fixText: commissionText) else {
                throw .incorrect(FIXTag.commission, commissionText, "a decimal number")
            }
            switch message[FIXTag.commissionType] ?? "3" {
            case "3": fee = commission
            case "1": fee = commission * Decimal(quantity)
            case "2": fee = commission / 100 * price * Decimal(quantity)
            case let other: throw .incorrect(FIXTag.commissionType, other, "1, 2 or 3")
            }
        }
        return Fill(
            executionID: try message.required(FIXTag.executionID),
            clientOrderID: try message.required(FIXTag.clientOrderID),
            symbol: Symbol(try message.required(FIXTag.symbol)), side: try side(message), quantity: quantity,
            price: price,
            fee: fee, timestamp: try timestamp(message) ?? receivedAt)
    }

    /// `60` TransactTime, nil when absent.
    static func timestamp(_ message: FIXMessage) throws(FIXFieldProblem) -> Int64? {
        guard let text = message[FIXTag.transactTime] else { return nil }
        guard let milliseconds = FIXTimestamp.parse(text) else {
            throw .incorrect(FIXTag.transactTime, text, "a UTCTimestamp such as 20261201-14:30:05.123")
        }
        return milliseconds
    }

    /// The order an ExecutionReport describes. `known` is our own record of the order (its parent and
    /// strategy); a report about an order we have no record of (sent before a restart with another store,
    /// or by someone else) gets empty parent and strategy.
    static func order(_ message: FIXMessage, known: ChildOrder?, receivedAt: Int64) throws(FIXFieldProblem)
        -> BrokerOrder
    {
        let clientOrderID = try message.required(FIXTag.clientOrderID)
        let accepted = try timestamp(message) ?? receivedAt
        var order: ChildOrder
        if let known {
            order = known
        } else {
            order = ChildOrder(
                clientOrderID: clientOrderID, parentID: "", strategy: "",
                symbol: Symbol(try message.required(FIXTag.symbol)), side: try side(message), quantity: 0,
                venue: "fix", releaseAt: accepted, sliceIndex: 0)
        }
        order.clientOrderID = clientOrderID
        if message[FIXTag.orderQuantity] != nil {
            order.quantity = try message.requiredQuantity(FIXTag.orderQuantity)
        } else if known == nil {
            throw .missing(FIXTag.orderQuantity, in: message.messageType)
        }
        let filled =
            message[FIXTag.cumulativeQuantity] == nil ? 0 : try message.requiredQuantity(FIXTag.cumulativeQuantity)
        return BrokerOrder(order: order, filledQuantity: filled, status: try status(message), acceptedAt: accepted)
    }

    /// Net positions from PositionReports (`35=AP`): LongQty (`704`) minus ShortQty (`705`) over the
    /// NoPositions (`702`) group, per `55` Symbol; zero positions left out.
    static func positions(_ reports: [FIXMessage]) throws(FIXFieldProblem) -> [Symbol: Int64] {
        var positions: [Symbol: Int64] = [:]
        for report in reports {
            // PosReqResult (728): 0 valid, 2 no positions (a report standing for none); anything else failed.
            switch report[FIXTag.positionRequestResult] ?? "0" {
            case "0": break
            case "2": continue
            case let other: throw .incorrect(FIXTag.positionRequestResult, other, "0 (valid) or 2 (no positions)")
            }
            let symbol = Symbol(try report.required(FIXTag.symbol))
            guard
                let entries = report.group(
                    count: FIXTag.noPositions, first: FIXTag.positionType,
                    members: [FIXTag.longQuantity, FIXTag.shortQuantity])
            else {
                throw report[FIXTag.noPositions] == nil
                    ? .missing(FIXTag.noPositions, in: "AP")
                    : .incorrect(
                        FIXTag.noPositions, report[FIXTag.noPositions] ?? "", "the number of 703 entries that follow")
            }
            var net: Int64 = 0
            for entry in entries {
                let group = FIXMessage(fields: entry)
                let long = group[FIXTag.longQuantity] == nil ? 0 : try group.requiredQuantity(FIXTag.longQuantity)
                let short = group[FIXTag.shortQuantity] == nil ? 0 : try group.requiredQuantity(FIXTag.shortQuantity)
                let (difference, differenceOverflow) = long.subtractingReportingOverflow(short)
                let (sum, sumOverflow) = net.addingReportingOverflow(difference)
                guard !differenceOverflow, !sumOverflow else {
                    throw .incorrect(FIXTag.longQuantity, String(long), "a position that fits 64 bits")
                }
                net = sum
            }
            let (total, overflow) = positions[symbol, default: 0].addingReportingOverflow(net)
            guard !overflow else { throw .incorrect(FIXTag.longQuantity, String(net), "a position that fits 64 bits") }
            positions[symbol] = total
        }
        return positions.filter { $0.value != 0 }
    }

    /// Whether a rejection's text or reason says the ClOrdID was used before.
    static func isDuplicate(_ message: FIXMessage) -> Bool {
        message[FIXTag.orderRejectReason] == "6"
            || (message[FIXTag.text]?.lowercased().contains("duplicate") ?? false)
    }
}
