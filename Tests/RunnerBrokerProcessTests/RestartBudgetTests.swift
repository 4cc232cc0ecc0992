import Testing

@testable import RunnerBrokerProcess

@Suite struct RestartBudgetTests {
    private let limits = RestartLimits(
        maximumRestarts: 2, window: .seconds(60), initialBackoff: .milliseconds(500), maximumBackoff: .seconds(1))

    @Test func backoffDoublesUpToItsMaximumAndRestartsAreCountedInTheWindow() {
        var budget = RestartBudget(policy: .restart(limits))
        #expect(budget.failed(at: .seconds(0)) == .restart(after: .milliseconds(500)))
        #expect(budget.failed(at: .seconds(1)) == .restart(after: .seconds(1)))
        #expect(budget.failed(at: .seconds(2)) == .giveUp("2 restarts within 60s already (at most 2)"))
    }

    @Test func restartsOutsideTheWindowNoLongerCountAndRecoveryResetsTheBackoff() {
        var budget = RestartBudget(policy: .restart(limits))
        _ = budget.failed(at: .seconds(0))
        _ = budget.failed(at: .seconds(10))
        budget.recovered()
        #expect(budget.failed(at: .seconds(61)) == .restart(after: .milliseconds(500)))
        #expect(budget.failed(at: .seconds(69)) == .giveUp("2 restarts within 60s already (at most 2)"))
    }

    @Test func theFailPolicyGivesUpAtOnce() {
        var budget = RestartBudget(policy: .fail)
        #expect(budget.failed(at: .zero) == .giveUp("the failure policy is fail"))
    }
}
