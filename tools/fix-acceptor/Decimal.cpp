#include "Decimal.h"

#include <cctype>
#include <climits>
#include <stdexcept>

namespace acceptor {

bool parseMicros(const std::string& text, long long& micros) {
    size_t index = 0;
    bool negative = false;
    if (index < text.size() && (text[index] == '-' || text[index] == '+')) {
        negative = text[index] == '-';
        ++index;
    }
    long long whole = 0;
    size_t wholeDigits = 0;
    while (index < text.size() && std::isdigit(static_cast<unsigned char>(text[index]))) {
        if (whole > (LLONG_MAX / 1000000 - 9) / 10) return false;  // would overflow once scaled
        whole = whole * 10 + (text[index] - '0');
        ++index;
        ++wholeDigits;
    }
    long long fraction = 0;
    size_t fractionDigits = 0;
    if (index < text.size() && text[index] == '.') {
        ++index;
        while (index < text.size() && std::isdigit(static_cast<unsigned char>(text[index]))) {
            // Digits past the sixth must be zeros: "1.2500000" is fine, "1.0000001" cannot be held.
            if (fractionDigits >= 6) {
                if (text[index] != '0') return false;
            } else {
                fraction = fraction * 10 + (text[index] - '0');
            }
            ++index;
            ++fractionDigits;
        }
    }
    if (index != text.size() || wholeDigits + fractionDigits == 0) return false;
    for (size_t digit = fractionDigits; digit < 6; ++digit) fraction *= 10;
    micros = whole * 1000000 + fraction;
    if (negative) micros = -micros;
    return true;
}

bool parseWholeQuantity(const std::string& text, long long& quantity) {
    long long micros = 0;
    if (!parseMicros(text, micros) || micros < 0 || micros % 1000000 != 0) return false;
    quantity = micros / 1000000;
    return true;
}

std::string formatMicros(long long micros) {
    const bool negative = micros < 0;
    const unsigned long long magnitude =
        negative ? 0ULL - static_cast<unsigned long long>(micros) : static_cast<unsigned long long>(micros);
    std::string text = std::to_string(magnitude / 1000000);
    unsigned long long fraction = magnitude % 1000000;
    if (fraction != 0) {
        std::string digits = std::to_string(fraction);
        digits.insert(0, 6 - digits.size(), '0');
        while (!digits.empty() && digits.back() == '0') digits.pop_back();
        text += "." + digits;
    }
    return negative ? "-" + text : text;
}

long long notionalMicros(long long quantity, long long priceMicros) {
    long long product = 0;
    if (__builtin_mul_overflow(quantity, priceMicros, &product)) {
        throw std::overflow_error(std::to_string(quantity) + " x " + formatMicros(priceMicros) +
                                  " is too large for this acceptor's arithmetic");
    }
    return product;
}

}  // namespace acceptor
