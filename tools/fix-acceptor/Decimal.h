// Prices, cash and fees as whole millionths: sums of many fills stay exact, as doubles would not.
#pragma once

#include <string>

namespace acceptor {

/// Parses "150", "-2.5" or "0.000001" (at most six decimal places) into millionths; false if malformed.
bool parseMicros(const std::string& text, long long& micros);

/// Parses a quantity that must be whole ("100" or "100.0"); false if malformed, fractional or negative.
bool parseWholeQuantity(const std::string& text, long long& quantity);

/// Millionths as a decimal without trailing zeros: 150000000 -> "150", -2500000 -> "-2.5".
std::string formatMicros(long long micros);

/// The price of `quantity` units at `priceMicros`, in millionths; throws std::overflow_error rather than wrap.
long long notionalMicros(long long quantity, long long priceMicros);

}  // namespace acceptor
