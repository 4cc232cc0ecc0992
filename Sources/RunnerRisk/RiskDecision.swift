import Foundation
import RunnerCore

/// Why the gate denied a target: a stable code, for counting and alerting.
public enum DenialCode: String, Sendable, Hashable, CaseIterable {
    case positionRiskExceeded = "POSITION_RISK_EXCEEDED"
    case grossExposureExceeded = "GROSS_EXPOSURE_EXCEEDED"
    case sectorExposureExceeded = "SECTOR_EXPOSURE_EXCEEDED"
    case dailyLossHalt = "DAILY_LOSS_HALT"
    case correlationBudgetExceeded = "CORRELATION_BUDGET_EXCEEDED"
    case restrictedSymbol = "RESTRICTED_SYMBOL"
    case priceOutOfBand = "PRICE_OUT_OF_BAND"
    case orderNotionalExceeded = "ORDER_NOTIONAL_EXCEEDED"
    case orderRateExceeded = "ORDER_RATE_EXCEEDED"
    /// Trading is halted by the kill switch or an explicit command.
    case tradingHalted = "TRADING_HALTED"
    /// Trading state is `reducing`: only targets that shrink positions pass.
    case reducingOnly = "REDUCING_ONLY"
    /// No price and no sector or equity to judge the target by.
    case missingData = "MISSING_DATA"
}

/// A denial by our own gate (never a broker rejection): its code and the figures behind it.
public struct Denial: Sendable, Hashable, CustomStringConvertible {
    public var code: DenialCode
    public var target: TargetPosition
    /// Ordered name/value pairs, such as `risk=1.42%`, `limit=1.00%`.
    public var figures: [Figure]

    public struct Figure: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// `POSITION_RISK_EXCEEDED symbol=NVDA risk=1.42% limit=1.00%`.
    public var description: String {
        ([code.rawValue, "symbol=\(target.symbol)"] + figures.map { "\($0.name)=\($0.value)" }).joined(separator: " ")
    }
}

/// The gate's answer for one target.
public enum RiskDecision: Sendable, Hashable, CustomStringConvertible {
    case approved(ApprovedTarget)
    case denied(Denial)

    public var isApproved: Bool {
        if case .approved = self { return true }
        return false
    }

    public var denial: Denial? {
        if case .denied(let denial) = self { return denial }
        return nil
    }

    /// The target decided on.
    public var target: TargetPosition {
        switch self {
        case .approved(let approved): approved.target
        case .denied(let denial): denial.target
        }
    }

    public var description: String {
        switch self {
        case .approved(let approved): "APPROVED symbol=\(approved.target.symbol) target=\(approved.target.signedSize)"
        case .denied(let denial): denial.description
        }
    }
}

/// A target the gate approved. Only the gate can make one, so the router, which takes only these,
/// can never receive an order that skipped the checks.
public struct ApprovedTarget: Sendable, Hashable {
    public let target: TargetPosition
    /// The gate's decision time, in milliseconds since the epoch.
    public let approvedAt: Int64

    init(target: TargetPosition, approvedAt: Int64) {
        self.target = target
        self.approvedAt = approvedAt
    }
}

/// Percent with two decimals, as denials print figures (`1.42%`); with more when two would make a
/// figure read the same as the limit it broke (`1.001%` against `1.00%`).
func percent(_ fraction: Double, distinctFrom limit: Double? = nil) -> String {
    var decimals = 2
    var text = format(fraction, decimals: decimals)
    while decimals < 6, let limit, fraction != limit, text == format(limit, decimals: decimals) {
        decimals += 1
        text = format(fraction, decimals: decimals)
    }
    return text
}

/// `1.42%`: fixed decimals without `String(format:)`, written digit by digit into the string's own
/// storage: a denial formats two or three of these, and the gate denies most targets.
private func format(_ fraction: Double, decimals: Int) -> String {
    let percent = fraction * 100
    guard percent.isFinite, abs(percent) < 1e12 else { return "\(percent)%" }
    var scale: Int64 = 1
    for _ in 0..<decimals { scale *= 10 }
    let scaled = Int64((abs(percent) * Double(scale)).rounded())
    let negative = percent < 0 && scaled != 0
    // At most 18 digits, a point, a sign and the percent sign, written right to left; a short result
    // becomes a small string, without an allocation.
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
        var digits = scaled
        var start = buffer.count
        func put(_ byte: UInt8) {
            start -= 1
            buffer[start] = byte
        }
        put(UInt8(ascii: "%"))
        var written = 0
        repeat {
            if written == decimals, decimals > 0 { put(UInt8(ascii: ".")) }
            put(UInt8(ascii: "0") + UInt8(digits % 10))
            digits /= 10
            written += 1
        } while digits > 0 || written <= decimals
        if negative { put(UInt8(ascii: "-")) }
        return String(decoding: UnsafeBufferPointer(rebasing: buffer[start...]), as: UTF8.self)
    }
}
