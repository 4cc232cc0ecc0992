"""The virtual environment the backtrader comparisons run in (`.venv-bench` by default, ignored by git).

Shared by scripts/bench_replay.py (backtrader) and scripts/backtrader_parity.py (backtrader and the
`ta-lib` package, which bundles the TA-Lib C library). Standard library only.
"""
import os
import subprocess
import sys

BACKTRADER = "backtrader"
# The version whose C library the runner's indicators are checked against (scripts/talib_golden.py).
TALIB = "ta-lib==0.8.2"


def venv_python(venv, requirements=(BACKTRADER,), modules=("backtrader",)):
    """The venv's python, made at `venv` on first use; `requirements` are installed when one of
    `modules` does not import in it (so a venv made for the benchmark gains ta-lib when the parity
    check first needs it)."""
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(python):
        print(f"creating {venv} (once)", flush=True)
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    probe = subprocess.run([python, "-c", "; ".join(f"import {module}" for module in modules)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if probe.returncode != 0:
        print(f"installing {', '.join(requirements)} into {venv}", flush=True)
        subprocess.run([python, "-m", "pip", "install", "--quiet", *requirements], check=True)
    return python
