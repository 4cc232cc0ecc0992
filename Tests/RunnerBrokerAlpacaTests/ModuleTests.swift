import Testing

@testable import RunnerBrokerAlpaca

@Suite struct RunnerBrokerAlpacaModuleTests {}
