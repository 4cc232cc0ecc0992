#!/usr/bin/env bash
# A physical kill button: waits for a key press (or a GPIO edge) and runs `runner kill`.
#
#   scripts/kill-button.sh [--gpio CHIP LINE] [--root DIR] [--env NAME]
#
# Without --gpio it waits for Enter on this terminal. With --gpio it waits for a falling edge on LINE of
# CHIP (a push button wired from the pin to ground with the pull-up on) through libgpiod's `gpiomon`
# (Debian: gpiod). Each press runs `runner kill --reason "kill button"` with --root and --env passed on,
# prints what it did, and waits again (end of input or Ctrl-C stops it). The runner binary is $RUNNER_BINARY,
# else `runner` on PATH, else this checkout's .build/release or .build/debug build.
set -uo pipefail
cd "$(dirname "$0")/.."

gpio=()
pass=()
while [ $# -gt 0 ]; do
    case "$1" in
        --gpio) gpio=("$2" "$3"); shift 3 ;;
        --root|--env) pass+=("$1" "$2"); shift 2 ;;
        *) echo "usage: $0 [--gpio CHIP LINE] [--root DIR] [--env NAME]" >&2; exit 64 ;;
    esac
done

runner="${RUNNER_BINARY:-$(command -v runner || true)}"
for candidate in .build/release/runner .build/debug/runner; do
    [ -z "$runner" ] && [ -x "$candidate" ] && runner="$candidate"
done
[ -n "$runner" ] || { echo "no runner binary: build it first (swift build)" >&2; exit 1; }

wait_for_press() {
    if [ ${#gpio[@]} -eq 2 ]; then
        gpiomon --num-events=1 --falling-edge "${gpio[0]}" "${gpio[1]}" >/dev/null
    else
        read -r -p "press Enter to KILL (cancel every order, close every position, halt) " _
    fi
}

while wait_for_press; do
    "$runner" kill --reason "kill button" "${pass[@]}"
    echo "kill exited with status $? (0: the broker confirmed flat; 10: not confirmed, see above)"
done
