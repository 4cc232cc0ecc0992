import RunnerBroker
import RunnerCore
import RunnerEngine
import Testing

/// One test per transition of an order's life: what it moves to and what the engine is told to do.
@Suite struct OrderLifecycleTests {
    let order = ChildOrder(clientOrderID: "o1", parentID: "p1", strategy: "s", symbol: "AAPL", side: .buy,
                           quantity: 10, venue: "primary", releaseAt: 0, sliceIndex: 0)

    func lifecycle(_ events: OrderLifecycle.Event...) -> OrderLifecycle {
        var lifecycle = OrderLifecycle(scheduled: order)
        for event in events { _ = lifecycle.apply(event) }
        return lifecycle
    }

    func broker(_ status: OrderStatus, filled: Int64 = 0) -> BrokerOrder {
        BrokerOrder(order: order, filledQuantity: filled, status: status, acceptedAt: 0)
    }

    @Test func aScheduledOrderIsNotWorking() {
        let scheduled = lifecycle()
        #expect(scheduled.status == .scheduled)
        #expect(scheduled.workingQuantity == 0)
    }

    @Test func sendingMakesItNewAndWorking() {
        var order = lifecycle()
        #expect(order.apply(.sent) == [.journal(.new)])
        #expect(order.workingQuantity == 10)
    }

    @Test func anAcknowledgementAcceptsIt() {
        var order = lifecycle(.sent)
        #expect(order.apply(.acknowledged) == [.journal(.accepted)])
        #expect(order.apply(.acknowledged) == [])
    }

    @Test func aPartFillLeavesItPartiallyFilledWithTheRestWorking() {
        var order = lifecycle(.sent, .acknowledged)
        #expect(order.apply(.filled(quantity: 4)) == [.journal(.partiallyFilled)])
        #expect(order.workingQuantity == 6)
        #expect(order.apply(.filled(quantity: 2)) == [])
        #expect(order.filledQuantity == 6)
    }

    @Test func theLastFillFillsIt() {
        var order = lifecycle(.sent, .acknowledged, .filled(quantity: 4))
        #expect(order.apply(.filled(quantity: 6)) == [.journal(.filled)])
        #expect(order.workingQuantity == 0)
        #expect(order.status.isTerminal)
    }

    @Test func aWorkingOrderIsCancelled() {
        var order = lifecycle(.sent, .acknowledged, .filled(quantity: 4))
        #expect(order.apply(.cancelled) == [.journal(.cancelled)])
        #expect(order.workingQuantity == 0)
    }

    @Test func aScheduledSliceIsDropped() {
        var order = lifecycle()
        #expect(order.apply(.cancelled) == [.journal(.cancelled)])
    }

    @Test func theBrokerRejectsANewOrder() {
        var order = lifecycle(.sent)
        #expect(order.apply(.rejected) == [.journal(.rejected)])
        #expect(order.workingQuantity == 0)
    }

    @Test func anExchangeCanRejectWhatTheBrokerAccepted() {
        var order = lifecycle(.sent, .acknowledged)
        #expect(order.apply(.rejected) == [.journal(.rejected)])
        #expect(order.workingQuantity == 0)
    }

    @Test func aLostAnswerMakesItUnknownAndStillCountedAsWorking() {
        var order = lifecycle(.sent)
        #expect(order.apply(.outcomeLost) == [.journal(.unknown)])
        #expect(order.workingQuantity == 10)
    }

    @Test func anUnknownOrderFoundAtTheBrokerTakesItsStatus() {
        var order = lifecycle(.sent, .outcomeLost)
        #expect(order.apply(.found(broker(.accepted))) == [.journal(.accepted)])
    }

    @Test func anUnknownOrderTheBrokerNeverReceivedIsSentAgain() {
        var order = lifecycle(.sent, .outcomeLost)
        #expect(order.apply(.notFound) == [.journal(.new), .resend])
        #expect(order.status == .new)
    }

    @Test func aNewOrderFoundAtTheBrokerIsAccepted() {
        var order = lifecycle(.sent)
        #expect(order.apply(.found(broker(.accepted))) == [.journal(.accepted)])
    }

    @Test func aPartFillTheBrokerReportsBeforeItsExecutionArrivesCountsAsAccepted() {
        var order = lifecycle(.sent)
        #expect(order.apply(.found(broker(.partiallyFilled, filled: 3))) == [.journal(.accepted)])
        #expect(order.workingQuantity == 10)
    }

    @Test func aWorkingOrderTheBrokerReportsEndedTakesTheBrokersWord() {
        var order = lifecycle(.sent, .acknowledged)
        #expect(order.apply(.found(broker(.cancelled))) == [.journal(.cancelled)])
    }

    @Test func aFillAfterACancelIsCountedAndRaised() {
        var order = lifecycle(.sent, .acknowledged, .cancelled)
        let actions = order.apply(.filled(quantity: 5))
        #expect(order.status == .cancelled)
        #expect(order.filledQuantity == 5)
        #expect(actions.count == 1)
        guard case .alert(let message) = actions.first else { Issue.record("no alert"); return }
        #expect(message.contains("o1") && message.contains("cancelled"))
    }

    @Test func terminalOrdersIgnoreLateAnswers() {
        var order = lifecycle(.sent, .acknowledged, .filled(quantity: 10))
        #expect(order.apply(.cancelled) == [])
        #expect(order.apply(.acknowledged) == [])
        #expect(order.apply(.rejected) == [])
        #expect(order.status == .filled)
    }

    @Test func statusesAreStoredInOneSpelling() {
        #expect(OrderStatus.partiallyFilled.rawValue == "partially_filled")
        #expect(Set(OrderStatus.allCases.map(\.rawValue)).count == OrderStatus.allCases.count)
        #expect(OrderStatus.allCases.filter(\.isTerminal) == [.filled, .cancelled, .rejected])
    }
}
