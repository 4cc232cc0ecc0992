/// `correlation(first, second, period)`: TA-Lib's CORREL, the Pearson correlation of the two series over
/// the last `period` bars, and 0 when either is constant over the window (lookback `period - 1`).
///
/// The five running sums are kept in ``DoubleDouble`` precision: this TA-Lib build is accurate where
/// plain running sums of Doubles cancel badly (a two-bar window, where the answer is exactly -1 or 1).
public final class PearsonCorrelation: StreamingIndicator {
    public let lookback: Int
    public let outputCount = 1
    private var firstWindow: RingBuffer
    private var secondWindow: RingBuffer
    private var sumOfFirst = DoubleDouble.zero
    private var sumOfSecond = DoubleDouble.zero
    private var sumOfFirstSquares = DoubleDouble.zero
    private var sumOfSecondSquares = DoubleDouble.zero
    private var sumOfProducts = DoubleDouble.zero
    private var current = Double.nan

    public init(period: Int) {
        lookback = period - 1
        firstWindow = RingBuffer(capacity: period)
        secondWindow = RingBuffer(capacity: period)
    }

    public func update(_ input: IndicatorInput) {
        let x = input.first
        let y = input.second
        sumOfFirst += DoubleDouble(x)
        sumOfSecond += DoubleDouble(y)
        sumOfFirstSquares += DoubleDouble.product(x, x)
        sumOfSecondSquares += DoubleDouble.product(y, y)
        sumOfProducts += DoubleDouble.product(x, y)
        let evictedX = firstWindow.append(x)
        let evictedY = secondWindow.append(y)
        if let oldX = evictedX, let oldY = evictedY {
            sumOfFirst -= DoubleDouble(oldX)
            sumOfSecond -= DoubleDouble(oldY)
            sumOfFirstSquares -= DoubleDouble.product(oldX, oldX)
            sumOfSecondSquares -= DoubleDouble.product(oldY, oldY)
            sumOfProducts -= DoubleDouble.product(oldX, oldY)
        }
        guard firstWindow.isFull else { return }
        // Each term is `period` squared times the (co)variance; the factors cancel in the ratio.
        let count = Double(firstWindow.count)
        let covariance = (sumOfProducts * count - sumOfFirst * sumOfSecond).value
        let firstVariance = (sumOfFirstSquares * count - sumOfFirst * sumOfFirst).value
        let secondVariance = (sumOfSecondSquares * count - sumOfSecond * sumOfSecond).value
        current =
            firstVariance > 0 && secondVariance > 0
            ? covariance / (firstVariance.squareRoot() * secondVariance.squareRoot()) : 0
    }

    public func value(_ index: Int) -> Double { current }
}
