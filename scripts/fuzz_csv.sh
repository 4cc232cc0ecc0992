#!/usr/bin/env bash
# Builds the CSV reader's libFuzzer target (with AddressSanitizer) and runs it for a bounded time.
#   scripts/fuzz_csv.sh [seconds] [more libFuzzer flags...]     (60 seconds by default; docs/FUZZING.md)
# Exits non-zero when an input crashes the reader or breaks one of its promises; the input is saved
# under .build-fuzz-csv/artifacts-csv/ and replays with `.build/debug/FuzzCSV <file>`.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
if [ $# -gt 0 ]; then shift; fi

# `--sanitize fuzzer` links libFuzzer's main; `-Xswiftc -sanitize=fuzzer` is what instruments the modules for
# coverage (without it libFuzzer runs blind: "corp: 1/1b" and no "Loaded 1 modules" line).
swift build --product FuzzCSV --scratch-path .build-fuzz-csv --sanitize fuzzer --sanitize address \
    -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING

# New inputs go to the first folder (kept between runs, never committed); the checked-in seeds are read only.
work=.build-fuzz-csv/corpus-csv
artifacts=.build-fuzz-csv/artifacts-csv
mkdir -p "$work" "$artifacts"
.build-fuzz-csv/debug/FuzzCSV "$work" Fuzz/Corpus/csv \
    -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
    -dict=Fuzz/Corpus/csv.dict -artifact_prefix="$artifacts/" -print_final_stats=1 "$@"
