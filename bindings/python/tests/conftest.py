"""Shared fixtures: the repository's spec/ vectors and TEST keys (the same files the Rust tests read)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
VECTORS = ROOT / "spec" / "vectors"
KEYS = VECTORS / "keys"


def vectors(name: str) -> Any:
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


def key(name: str, kind: str = "private-pkcs8.pem") -> str:
    return (KEYS / f"{name}-{kind}").read_text(encoding="ascii")


def public(name: str) -> str:
    return key(name, "public-spki.pem")
