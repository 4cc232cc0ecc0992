import RunnerConfig

/// What a crashed run must share with the run that resumes it: the environment, the content of every
/// configuration file it uses (environment, limits, strategies) and the market data path. A resume with
/// any of them changed would replay other decisions than the broker saw, so it is refused.
struct RunFingerprint {
    let text: String

    init(environment: EnvironmentConfig, configuration: Configuration, dataPath: String) {
        let strategyFiles = environment.strategies.compactMap { configuration.strategies[$0.value]?.file }
        var files = [environment.file, environment.limitsFile.value] + strategyFiles
        files = files.map { file in configuration.sources.keys.first { $0 == file || $0.hasSuffix("/" + file) } ?? file }
        let digest = files.reduce(into: FNV1a()) { hash, file in
            hash.add(file)
            hash.add(configuration.sources[file] ?? "<missing>")
        }
        text = "strategies=\(strategyFiles.joined(separator: ",")); data=\(dataPath); config=\(digest.hex)"
    }
}

/// FNV-1a, 64 bits: a stable digest of text (Swift's `Hasher` is seeded per process).
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ text: String) {
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01b3
        }
        value ^= 0xff
        value = value &* 0x100_0000_01b3
    }

    var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
