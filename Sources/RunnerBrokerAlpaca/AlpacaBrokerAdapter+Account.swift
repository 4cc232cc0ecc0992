import Foundation
import RunnerBroker
import RunnerCore

extension AlpacaBrokerAdapter {
    /// Shares held by symbol, negative for a short position.
    public func positions() async throws(BrokerError) -> [Symbol: Int64] {
        let operation = "list positions"
        let response = try await call(.GET, "/v2/positions", operation: operation)
        guard response.status == 200 else { throw failure(response, operation) }
        var positions: [Symbol: Int64] = [:]
        for record in try decode([AlpacaPositionRecord].self, response, operation) {
            let quantity: Int64
            do { quantity = try AlpacaConversion.shares(record.qty, field: "qty", operation: operation) } catch {
                throw .adapterFailure(error.description)
            }
            // Alpaca gives the side, and a short position's qty with or without its minus sign.
            let magnitude = quantity < 0 ? -quantity : quantity
            let signed: Int64
            switch record.side {
            case "long": signed = magnitude
            case "short": signed = -magnitude
            case nil: signed = quantity
            case let side?:
                throw .adapterFailure("\(operation): \(record.symbol) has side '\(side)', neither long nor short")
            }
            positions[Symbol(record.symbol), default: 0] += signed
        }
        return positions
    }

    /// The cash balance, exactly as Alpaca writes it, and the positions.
    public func account() async throws(BrokerError) -> AccountSnapshot {
        let operation = "read the account"
        let response = try await call(.GET, "/v2/account", operation: operation)
        guard response.status == 200 else { throw failure(response, operation) }
        let record = try decode(AlpacaAccountRecord.self, response, operation)
        let cash: Decimal
        do { cash = try AlpacaConversion.decimal(record.cash, field: "cash", operation: operation) } catch {
            throw .adapterFailure(error.description)
        }
        return AccountSnapshot(cash: Money(cash, record.currency), positions: try await positions())
    }

    /// Fills at or after `timestamp`, oldest first, from `GET /v2/account/activities/FILL`, page by page.
    /// An activity names Alpaca's order id; its client order id comes from this adapter's memory, or from
    /// `GET /v2/orders/{id}`. Fees are zero: Alpaca charges none per execution (regulatory fees are
    /// separate activities).
    public func fills(since timestamp: Int64) async throws(BrokerError) -> [Fill] {
        let operation = "list fills since \(RFC3339.text(milliseconds: timestamp))"
        let pageSize = 100
        var fills: [Fill] = []
        var pageToken: String?
        for _ in 0..<10_000 {
            var query = [
                // `after` is exclusive; a millisecond earlier makes it "at or after".
                URLQueryItem(name: "after", value: RFC3339.text(milliseconds: timestamp - 1)),
                URLQueryItem(name: "direction", value: "asc"),
                URLQueryItem(name: "page_size", value: String(pageSize)),
            ]
            if let pageToken { query.append(URLQueryItem(name: "page_token", value: pageToken)) }
            let response = try await call(.GET, "/v2/account/activities/FILL", query: query, operation: operation)
            guard response.status == 200 else { throw failure(response, operation) }
            let page = try decode([AlpacaFillActivityRecord].self, response, operation)
            for record in page where record.activityType == nil || record.activityType == "FILL" {
                let clientOrderID = try await clientOrderID(alpacaOrderID: record.orderID, operation: operation)
                let fill: Fill
                do {
                    fill = try AlpacaConversion.fill(record, clientOrderID: clientOrderID, operation: operation)
                } catch {
                    throw .adapterFailure(error.description)
                }
                if fill.timestamp >= timestamp { fills.append(fill) }
            }
            guard page.count >= pageSize, let last = page.last?.id else { return fills }
            guard last != pageToken else {
                throw .adapterFailure("\(operation): Alpaca returned the page after \(last) again")
            }
            pageToken = last
        }
        throw .adapterFailure("\(operation): more than a million fills")
    }

    /// The client order id of Alpaca's order `id`.
    private func clientOrderID(alpacaOrderID id: String, operation: String) async throws(BrokerError) -> String {
        if let known = state.withLock({ $0.clientOrderIDs[id] }) { return known }
        let response = try await call(.GET, "/v2/orders/\(Self.pathSegment(id))", operation: operation)
        switch response.status {
        case 200:
            let record = try decode(AlpacaOrderRecord.self, response, operation)
            state.withLock { $0.clientOrderIDs[id] = record.clientOrderID }
            return record.clientOrderID
        case 404: throw .adapterFailure("\(operation): a fill names order \(id), which Alpaca does not know")
        default: throw failure(response, operation)
        }
    }
}
