"""Decode + verify one LianLian MD5withRSA-1024 response: cardbind vs the idiomatic hand-written
Python (json + sorted join + pyca/cryptography verify), in one run; then 1 vs 2 threads.

Run: ``./scripts/bench-python.sh`` (or ``python bench_verify.py`` with cardbind installed).
Both sides are measured in the same process on the same bytes; only the ratios mean anything on a
shared machine.
"""

from __future__ import annotations

import base64
import json
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

import cardbind

KEYS = Path(__file__).resolve().parents[3] / "spec" / "vectors" / "keys"
PARTNER = "201408071000001543"


def lianlian_pair() -> tuple[cardbind.Client, bytes, str]:
    """A merchant client, one signed reply body from a mock LianLian (1024-bit key), and its PEM."""
    private = (KEYS / "test-rsa-1024-private-pkcs8.pem").read_text()
    public = (KEYS / "test-rsa-1024-public-spki.pem").read_text()
    mock = cardbind.Client(
        "lianlian", {"oid_partner": PARTNER, "environment": "production", "sign_type": "RSA", "our_private_key": private, "their_public_key": public}
    )
    merchant = cardbind.Client(
        "lianlian", {"oid_partner": PARTNER, "environment": "production", "sign_type": "RSA", "our_private_key": private, "their_public_key": public}
    )
    reply = mock.encode_response(
        "bankcardbindverfy",
        {
            "ret_code": "0000",
            "ret_msg": "交易成功",
            "user_id": "2013051500001",
            "card_no": "6222022005001212726",
            "no_agree": "2024031500012345",
            "no_order": "BIND20240315000001",
        },
    )
    return merchant, reply.body, public


def handwritten(public_pem: str) -> Callable[[bytes], dict[str, Any]]:
    key = serialization.load_pem_public_key(public_pem.encode())
    assert isinstance(key, rsa.RSAPublicKey)

    def decode(body: bytes) -> dict[str, Any]:
        fields: dict[str, Any] = json.loads(body)
        signature = base64.b64decode(fields["sign"])
        message = "&".join(f"{k}={v}" for k, v in sorted(fields.items()) if k != "sign" and v not in ("", None))
        key.verify(signature, message.encode("utf-8"), padding.PKCS1v15(), hashes.MD5())
        return fields

    return decode


def per_call_us(fn: Callable[[], object], number: int) -> float:
    start = time.perf_counter()
    for _ in range(number):
        fn()
    return (time.perf_counter() - start) / number * 1e6


def interleaved(a: Callable[[], object], b: Callable[[], object], rounds: int = 101, number: int = 200) -> tuple[float, float, float]:
    """Median per-call times of a and b, and the median of per-round b/a ratios: each round times
    both back to back, so load that comes and goes hits both alike."""
    times_a, times_b, ratios = [], [], []
    for _ in range(rounds):
        ta, tb = per_call_us(a, number), per_call_us(b, number)
        times_a.append(ta)
        times_b.append(tb)
        ratios.append(tb / ta)
    return statistics.median(times_a), statistics.median(times_b), statistics.median(ratios)


def throughput(fn: Callable[[], object], threads: int, per_thread: int = 20000) -> float:
    barrier = threading.Barrier(threads + 1)

    def work() -> None:
        barrier.wait()
        for _ in range(per_thread):
            fn()

    pool = [threading.Thread(target=work) for _ in range(threads)]
    for thread in pool:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in pool:
        thread.join()
    return threads * per_thread / (time.perf_counter() - start)


def main() -> int:
    merchant, body, public = lianlian_pair()
    python_decode = handwritten(public)
    assert merchant.decode_response("bankcardbindverfy", body).outcome.succeeded
    assert python_decode(body)["ret_code"] == "0000"
    def ours() -> object:
        # As an application calls it: the package supplies the time and (lazily) the randomness.
        return merchant.decode_response("bankcardbindverfy", body)

    def theirs() -> object:
        return python_decode(body)

    ours_us, theirs_us, ratio = interleaved(ours, theirs)
    print(f"LianLian reply decode+verify (MD5withRSA-1024), median per message, one run ({sys.version.split()[0]}):")
    print(f"  cardbind                          {ours_us:8.2f} us")
    print(f"  json + sorted join + cryptography {theirs_us:8.2f} us")
    print(f"  speed-up (median per-round ratio) {ratio:8.2f}x")
    # Where the time goes: the RSA verification alone, on the same canonical string and signature.
    fields = json.loads(body)
    signature_b64 = fields["sign"]
    message = "&".join(f"{k}={v}" for k, v in sorted(fields.items()) if k != "sign" and v not in ("", None)).encode()
    ours_key = cardbind.PublicKey.load(public)
    theirs_key = serialization.load_pem_public_key(public.encode())
    assert isinstance(theirs_key, rsa.RSAPublicKey)
    signature = base64.b64decode(signature_b64)
    verify_us, crypto_us, verify_ratio = interleaved(
        lambda: ours_key.verify(message, signature_b64, "md5"),
        lambda: theirs_key.verify(signature, message, padding.PKCS1v15(), hashes.MD5()),
    )
    print("  of which the RSA verification alone:")
    print(f"    cardbind PublicKey.verify         {verify_us:8.2f} us")
    print(f"    cryptography key.verify           {crypto_us:8.2f} us   ({verify_ratio:.2f}x)")
    print(f"    everything else: cardbind {ours_us - verify_us:.2f} us, hand-written {theirs_us - crypto_us:.2f} us")
    one, two = throughput(ours, 1), throughput(ours, 2)
    print(f"cardbind throughput: 1 thread {one:,.0f}/s, 2 threads {two:,.0f}/s, scaling {two / one:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
