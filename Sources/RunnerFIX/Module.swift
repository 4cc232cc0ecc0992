// The RunnerFIX module: see Package.swift.
