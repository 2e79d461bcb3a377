#!/usr/bin/env bash
# The mock LianLian the README's quick starts talk to, on http://127.0.0.1:8618 (or --port N;
# --port 0 picks a free one): `python -m cardbind.testing` (cardbind.testing.MockLianLian), run with the Python
# package (the manylinux wheel scripts/dist.sh builds, installed into .venv). TEST keys only.
# --provider NAME serves another provider's mock (the examples' client.py talk to them).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
source "$ROOT/scripts/python-env.sh" >&2
install_cardbind >&2
exec "$PY" -m cardbind.testing "$@"
