"""The ``cardbind`` command-line tool from the wheel: the ``cardbind`` console command and
``python -m cardbind`` run the same Rust code as the ``cardbind`` binary (the same subcommands,
output and exit codes), over Python's ``sys.stdin``, ``sys.stdout`` and ``sys.stderr``."""

from __future__ import annotations

import io as _io
import sys as _sys
import typing as _typing

from . import _native

if _typing.TYPE_CHECKING:
    from typing import Optional, Sequence

__all__ = ["main"]


class _TextOut:
    """A text stream without a binary ``buffer`` (a notebook's) as a binary one."""

    def __init__(self, stream: _typing.TextIO) -> None:
        self._stream = stream

    def write(self, data: bytes) -> int:
        return self._stream.write(data.decode("utf-8", errors="replace"))

    def flush(self) -> None:
        self._stream.flush()


class _TextIn:
    def __init__(self, stream: _typing.TextIO) -> None:
        self._stream = stream

    def read(self, size: int) -> bytes:
        return self._stream.read(size).encode("utf-8")


def _binary_out(stream: Optional[_typing.TextIO]) -> _typing.Any:
    if stream is None:  # pythonw: no console
        return _io.BytesIO()
    stream.flush()  # what Python wrote before comes first
    return getattr(stream, "buffer", None) or _TextOut(stream)


def _binary_in(stream: Optional[_typing.TextIO]) -> _typing.Any:
    if stream is None:
        return _io.BytesIO()
    return getattr(stream, "buffer", None) or _TextIn(stream)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Runs ``cardbind`` with ``argv`` (default: ``sys.argv[1:]``) and returns its exit code: 0
    success, 1 a signature does not verify (``verify --explain`` says why), 2 bad input."""
    args = list(_sys.argv[1:] if argv is None else argv)
    # The program is named `cardbind` in usage lines, however it was started.
    return _native.run_cli(
        ["cardbind", *args],
        _binary_in(_sys.stdin),
        _binary_out(_sys.stdout),
        _binary_out(_sys.stderr),
    )
