// The RunnerBrokerProcess module: see Package.swift.
