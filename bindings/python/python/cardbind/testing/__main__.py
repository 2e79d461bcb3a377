"""``python -m cardbind.testing``: a mock provider as a standalone HTTP server on 127.0.0.1, what
the README's quick starts (examples/quickstart/) and the client examples (examples/<provider>/)
talk to.

By default (``--provider lianlian``) ``cardbind.testing.MockLianLian`` (cardbind's server role:
LianLian's side with the TEST key test-rsa-2048, expecting merchants signing with test-rsa-1024).
Any path: the operation is read from the request. ``bankcardbind`` is answered with ret_code 8888
and the tokens 00000000000000000000000000000001, ...002 in turn; ``bankcardbindverfy`` with 0000
for the SMS code 123456 (1900 for any other code, 8901 for an unknown token).

``--provider`` picks another mock, each as its class's docstring and its ``*_config`` function
describe it: ``yixin`` (``MockYixin``, merchants configured by ``yixin_merchant_config``),
``huanbei`` (``MockHuanbei``, ``huanbei_channel_config``), ``vbao`` (``MockVbao``,
``vbao_merchant_config``) and ``xianjincard`` (``MockPlatform``: the platform's own API, which
partners call with the ``partner_to_provider`` pair of ``xianjincard_config``).

    python -m cardbind.testing [--provider NAME] [--port 8618]   # or scripts/mock-provider.sh

Prints ``<NAME>_BASE_URL=http://127.0.0.1:PORT[/path]`` (the ``base_url`` to configure, e.g.
``LIANLIAN_BASE_URL=``) once it listens (``--port 0``: any free port), then one line per request
on stderr, until interrupted.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from typing import Any, Callable, Union

import cardbind

from . import (
    Handler,
    LoopbackServer,
    MockHuanbei,
    MockLianLian,
    MockPlatform,
    MockVbao,
    MockYixin,
    Reply,
    xianjincard_config,
)


class LoggingMock(MockLianLian):
    """MockLianLian that says what it answered (codes only: no personal data)."""

    def reply(self, operation: str, answer: dict[str, Any]) -> Reply:
        print(f"mock lianlian: {operation} -> {answer['ret_code']} {answer['ret_msg']}", file=sys.stderr, flush=True)
        return super().reply(operation, answer)


Answer = Union[Reply, cardbind.ProviderResponse]


def logged(provider: str, mock: Handler) -> Handler:
    """``mock``, saying per request its method, path and HTTP status (no body: personal data)."""

    def handle(method: str, path: str, query: Any, headers: Any, body: bytes) -> Answer:
        reply = mock(method, path, query, headers, body)
        print(f"mock {provider}: {method} {path} -> HTTP {reply.status}", file=sys.stderr, flush=True)
        return reply

    return handle


def xianjincard_platform() -> MockPlatform:
    platform = MockPlatform()
    # The platform reads partners' calls: only the partner_to_provider pair matters here.
    config = xianjincard_config("http://unused.example/partner", "http://unused.example/v1/")
    platform.codec = cardbind.Client("xianjincard", config)
    return platform


# Each mock and the path its base_url ends with (the path its flow in cardbind.testing uses).
MOCKS: dict[str, tuple[Callable[[], Handler], str]] = {
    "lianlian": (LoggingMock, ""),
    "yixin": (lambda: logged("yixin", MockYixin()), "/gateway"),
    "huanbei": (lambda: logged("huanbei", MockHuanbei()), ""),
    "vbao": (lambda: logged("vbao", MockVbao()), ""),
    "xianjincard": (lambda: logged("xianjincard", xianjincard_platform()), "/v1/"),
}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="A mock provider on 127.0.0.1 (TEST keys).")
    parser.add_argument("--provider", choices=sorted(MOCKS), default="lianlian", help="which mock (default: lianlian)")
    parser.add_argument("--port", type=int, default=8618, help="port on 127.0.0.1 (0: any free port)")
    args = parser.parse_args(argv)
    make, path = MOCKS[args.provider]
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with LoopbackServer(make(), args.port) as server:
        print(f"{args.provider.upper()}_BASE_URL={server.base_url}{path}", flush=True)
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
