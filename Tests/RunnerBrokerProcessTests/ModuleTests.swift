import Testing

@testable import RunnerBrokerProcess

@Suite struct RunnerBrokerProcessModuleTests {}
