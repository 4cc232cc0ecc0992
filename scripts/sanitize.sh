#!/usr/bin/env bash
# Runs the test suite (or part of it) under a sanitizer, in a build folder of its own so the normal
# debug build is untouched.
#
#   scripts/sanitize.sh address                      # every test under AddressSanitizer
#   scripts/sanitize.sh address 'CSV|YAML|Journal'   # only suites whose names match (swift test --filter)
#   scripts/sanitize.sh thread                       # every test under ThreadSanitizer
#
# A sanitizer's report fails the run (halt_on_error). Leak checking is off: the Swift runtime keeps
# metadata caches alive until exit, which LeakSanitizer reports as leaks of no consequence.
set -euo pipefail

kind=${1:?usage: scripts/sanitize.sh address|thread [test filter]}
filter=${2:-}
# Under ThreadSanitizer the runner's locks are pthread mutexes (RUNNER_TSAN, see RunnerCore/Locked.swift):
# the standard library's Mutex waits on a futex in code TSan does not see, which it reports as races.
flags=()
case "$kind" in
    address) scratch=.build-asan ;;
    thread) scratch=.build-tsan; flags=(-Xswiftc -DRUNNER_TSAN) ;;
    *) echo "scripts/sanitize.sh: unknown sanitizer '$kind' (address or thread)" >&2; exit 2 ;;
esac

cd "$(dirname "$0")/.."
swift build --build-tests --sanitize="$kind" --scratch-path "$scratch" "${flags[@]}"
args=(--skip-build --sanitize="$kind" --scratch-path "$scratch" "${flags[@]}")
# ThreadSanitizer slows code 5 to 15 times: tests that replay synchronously would then hold the
# cooperative pool's threads for minutes, and async tests (the control socket's server) would miss their
# deadlines waiting for a thread. One test at a time under TSan.
if [[ "$kind" == thread ]]; then args+=(--no-parallel); fi
if [[ -n "$filter" ]]; then args+=(--filter "$filter"); fi
export ASAN_OPTIONS="detect_leaks=0:halt_on_error=1:abort_on_error=1"
export TSAN_OPTIONS="halt_on_error=1"
swift test "${args[@]}"
