# Misbehaving adapter: fails before it answers hello (bad credentials, say), exit status 3.
import sys

print("crash_at_start: cannot log in: credentials refused", file=sys.stderr, flush=True)
sys.exit(3)
