extension Duration {
    /// The duration in whole milliseconds (the config's durations are whole milliseconds or more).
    var wholeMilliseconds: Int64 { components.seconds * 1_000 + components.attoseconds / 1_000_000_000_000_000 }
}
