#!/usr/bin/env bash
# Fuzzes the YAML loader and the expression language with libFuzzer and AddressSanitizer.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     SECONDS per target (default 60); targets: FuzzYAMLLoader FuzzExpressions
#
# Builds into .build-fuzz in release mode (-sanitize=fuzzer,address, -parse-as-library; SwiftPM points an
# executable's `main` at `<target>_main`, which the targets define to start libFuzzer's driver), copies each target's seed corpus (Fuzz/Corpus/yaml, Fuzz/Corpus/expressions) into a scratch
# folder, and runs the target on it for SECONDS; it exits non-zero at the first crash, leak, timeout or
# out-of-memory, leaving the reproducer (crash-*, timeout-*, oom-*) in the current folder. To fuzz longer,
# pass more seconds (`scripts/fuzz.sh 3600`); to replay a reproducer without sanitizers, run the plain
# build's target on it (`.build/debug/FuzzYAMLLoader crash-...`), then add it to the corpus as `r..-name`
# so the tests replay it (Tests/RunnerFuzzingTests).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then targets=(FuzzYAMLLoader FuzzExpressions); fi

flags=(--scratch-path .build-fuzz -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DFUZZING
       -Xswiftc -enable-experimental-feature -Xswiftc Extern)
for target in "${targets[@]}"; do swift build "${flags[@]}" --product "$target"; done
bin="$(swift build "${flags[@]}" --show-bin-path)"

for target in "${targets[@]}"; do
    case "$target" in
        FuzzYAMLLoader) seeds=Fuzz/Corpus/yaml ;;
        FuzzExpressions) seeds=Fuzz/Corpus/expressions ;;
        *) echo "unknown target $target" >&2; exit 64 ;;
    esac
    work="$(mktemp -d)"
    cp "$seeds"/* "$work"/
    echo "== $target for ${seconds}s over $(ls "$work" | wc -l) seeds"
    # A hostile input must finish in 10 s and 2 GB; inputs up to 256 KB (a config file is a few KB). Leak
    # checking is off: LeakSanitizer reports Swift's lazily initialised globals (the schema's key tables)
    # as leaked at exit, and pins them on whatever input ran last.
    ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}" "$bin/$target" -max_total_time="$seconds" \
        -timeout=10 -rss_limit_mb=2048 -max_len=262144 -detect_leaks=0 -print_final_stats=1 "$work"
    rm -rf "$work"
done
