#!/usr/bin/env python3
"""Prints dist/'s x86_64 wheel when it is up to date, else says why not and exits 1.

    scripts/wheel-fresh.py        # scripts/python-env.sh's install_cardbind (demo, mock provider)

Up to date: the wheel is newer than every file it is built from, as make or cargo would judge it:
the Rust sources cargo itself recorded for the extension (the dep-info file next to the last
release build, `$CARGO_TARGET_DIR/x86_64-unknown-linux-gnu/release/lib_native.d`, which names every
local source, `include_str!`'d spec and manifest), the Python package's files, pyproject.toml, the
README the wheel carries and Cargo.lock. A missing dep-info file or source counts as out of date.
"""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRIPLE = "x86_64-unknown-linux-gnu"


def dep_info_files(dep_info: Path) -> list[Path]:
    """The prerequisites of a Makefile-style dep-info file (``target: a b\\ c``)."""
    text = dep_info.read_text(encoding="utf-8").replace("\\\n", " ")
    files: list[Path] = []
    for line in text.splitlines():
        if ":" not in line or line.startswith("#"):
            continue
        _, deps = line.split(": ", 1) if ": " in line else (line, "")
        word = ""
        escaped = False
        for char in deps + " ":
            if escaped:
                word, escaped = word + char, False
            elif char == "\\":
                escaped = True
            elif char == " ":
                if word:
                    files.append(Path(word))
                word = ""
            else:
                word += char
    return files


def main() -> int:
    version = tomllib.loads((ROOT / "Cargo.toml").read_text(encoding="utf-8"))["workspace"]["package"]["version"]
    wheels = sorted((ROOT / "dist").glob(f"cardbind-{version}-cp39-abi3-*x86_64*.whl"))
    if not wheels:
        print("no x86_64 wheel in dist/", file=sys.stderr)
        return 1
    wheel = wheels[-1]
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    dep_info = target / TRIPLE / "release" / "lib_native.d"
    if not dep_info.is_file():
        print(f"{dep_info} is missing: cannot tell what {wheel.name} was built from", file=sys.stderr)
        return 1
    python = ROOT / "bindings" / "python"
    inputs = dep_info_files(dep_info) + [ROOT / "Cargo.lock", ROOT / "Cargo.toml", python / "pyproject.toml",
                                         python / "README.md", python / "Cargo.toml"]
    inputs += [p for p in (python / "python").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    built = wheel.stat().st_mtime
    for source in inputs:
        path = source if source.is_absolute() else ROOT / source
        if not path.exists():
            print(f"{path} (a source of {wheel.name}) is gone", file=sys.stderr)
            return 1
        if path.stat().st_mtime > built:
            print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} is newer than {wheel.name}",
                  file=sys.stderr)
            return 1
    print(wheel)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
