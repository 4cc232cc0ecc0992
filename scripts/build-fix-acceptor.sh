#!/usr/bin/env bash
# Builds tools/fix-acceptor (a FIX 4.4 broker on QuickFIX for the FIX adapter's tests) into OUTPUT,
# by default .build/fix-acceptor/fix-acceptor. Does nothing when the binary is newer than every source.
#
#   scripts/build-fix-acceptor.sh [OUTPUT]
#
# Needs g++ and QuickFIX's headers and library (Debian: apt-get install -y libquickfix-dev g++).
set -euo pipefail

cd "$(dirname "$0")/.."
output=${1:-.build/fix-acceptor/fix-acceptor}
sources=(tools/fix-acceptor/*.cpp)
headers=(tools/fix-acceptor/*.h)

if [[ -x "$output" ]]; then
    stale=0
    for file in "${sources[@]}" "${headers[@]}" "$0"; do
        if [[ "$file" -nt "$output" ]]; then stale=1; break; fi
    done
    if [[ $stale == 0 ]]; then exit 0; fi
fi

if ! command -v g++ >/dev/null; then
    echo "scripts/build-fix-acceptor.sh: g++ is not installed (apt-get install -y g++ libquickfix-dev)" >&2
    exit 1
fi
# g++ prints the library's full path when its linker can find it, the bare name when not.
if ! echo '#include <quickfix/Session.h>' | g++ -std=c++14 -fsyntax-only -x c++ - 2>/dev/null \
    || [[ "$(g++ -print-file-name=libquickfix.so)" == libquickfix.so ]]; then
    echo "scripts/build-fix-acceptor.sh: QuickFIX's headers or library are missing; install libquickfix-dev" \
        "(apt-get install -y libquickfix-dev)" >&2
    exit 1
fi

mkdir -p "$(dirname "$output")"
# C++14, not 17: QuickFIX 1.15.1's headers declare dynamic exception specifications (throw(...)),
# which C++17 removed from the language.
# Compiled to a temporary name and renamed, so a concurrent build or a running test never sees half a binary.
temporary="$output.tmp.$$"
trap 'rm -f "$temporary"' EXIT
g++ -std=c++14 -O1 -Wall -Wextra -o "$temporary" "${sources[@]}" -lquickfix -lpthread
mv -f "$temporary" "$output"
