// The RunnerBrokerAlpaca module: see Package.swift.
