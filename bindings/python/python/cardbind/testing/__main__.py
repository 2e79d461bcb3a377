"""``python -m cardbind.testing``: the mock LianLian that the README's quick starts
(examples/quickstart/) talk to.

``cardbind.testing.MockLianLian`` (cardbind's server role: LianLian's side with the TEST key
test-rsa-2048, expecting merchants signing with test-rsa-1024) as a standalone HTTP server on
127.0.0.1. Any path: the operation is read from the request. ``bankcardbind`` is answered with
ret_code 8888 and the tokens 00000000000000000000000000000001, ...002 in turn;
``bankcardbindverfy`` with 0000 for the SMS code 123456 (1900 for any other code, 8901 for an
unknown token).

    python -m cardbind.testing [--port 8618]   # or scripts/mock-provider.sh

Prints ``LIANLIAN_BASE_URL=http://127.0.0.1:PORT`` once it listens (``--port 0``: any free port),
then one line per request on stderr, until interrupted.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from typing import Any

from . import LoopbackServer, MockLianLian, Reply


class LoggingMock(MockLianLian):
    """MockLianLian that says what it answered (codes only: no personal data)."""

    def reply(self, operation: str, answer: dict[str, Any]) -> Reply:
        print(f"mock lianlian: {operation} -> {answer['ret_code']} {answer['ret_msg']}", file=sys.stderr, flush=True)
        return super().reply(operation, answer)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="The mock LianLian the quick starts talk to (TEST keys).")
    parser.add_argument("--port", type=int, default=8618, help="port on 127.0.0.1 (0: any free port)")
    args = parser.parse_args(argv)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with LoopbackServer(LoggingMock(), args.port) as server:
        print(f"LIANLIAN_BASE_URL={server.base_url}", flush=True)
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
