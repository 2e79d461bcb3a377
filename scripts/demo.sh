#!/usr/bin/env bash
# The main job: every provider's bind conversation over real HTTP on 127.0.0.1, through the
# Python package (the manylinux wheel scripts/dist.sh builds, installed into .venv), printing
# each step's unified outcome.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
source "$ROOT/scripts/python-env.sh" >&2
install_cardbind >&2
exec "$PY" "$ROOT/bindings/python/examples/demo.py"
