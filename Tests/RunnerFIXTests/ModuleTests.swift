import Testing

@testable import RunnerFIX

@Suite struct RunnerFIXModuleTests {}
