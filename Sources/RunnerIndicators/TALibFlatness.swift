/// TA-Lib's scale-aware zero test (its `TA_IS_ZERO_SCALED`): a difference counts as zero when it is
/// within 1e-14 of the magnitude of the prices it was taken from, about 90 ulp.
///
/// TA-Lib uses it where a window could be flat but for rounding residue (identical typical prices
/// whose mean is not exactly any of them); a relative band keeps instruments quoted far below 1 from
/// reading as flat, which a fixed band would do.
enum TALibFlatness {
    static let epsilon = 0.00000000000001

    /// True when `difference` is negligible next to `scale` (`|a| + |b|` of the two sides, or the
    /// window's mean for CCI).
    static func isFlat(_ difference: Double, scale: Double) -> Bool {
        abs(difference) <= epsilon * scale
    }
}
