"""Exceptions raised by cardbind. Messages name the field and the rule, never the value.

Every exception pickles and copies with its message, kind, field and rule (a failure raised in a
``ProcessPoolExecutor`` worker reaches the caller as the same class).
"""

from __future__ import annotations

import typing as _typing

from ._outcome import ErrorKind as _ErrorKind

__all__ = [
    "CardbindError",
    "ValidationError",
    "InvalidSignature",
    "DecodeError",
    "DecryptionError",
    "LimitExceeded",
    "StaleTimestamp",
    "UnsupportedOperation",
    "KeyFormatError",
    "ConfigError",
]


class CardbindError(Exception):
    """Base class. ``kind`` is the unified error kind, a ``cardbind.ErrorKind`` (a ``str`` enum:
    ``e.kind == "signature_invalid"`` holds)."""

    kind: _ErrorKind

    def __init__(
        self, message: str, kind: str, field: _typing.Optional[str] = None, rule: _typing.Optional[str] = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.kind = _ErrorKind(kind)
        self.field = field
        self.rule = rule

    def __reduce__(self) -> tuple[_typing.Any, ...]:
        # Exception's own reduce re-calls the class with `args` (the message alone) and fails.
        return (type(self), (self.message, self.kind.value, self.field, self.rule), self.__dict__)

    def __repr__(self) -> str:
        field = "" if self.field is None else f", field={self.field!r}"
        return f"{type(self).__name__}({self.message!r}, kind={self.kind.value!r}{field})"


class ValidationError(CardbindError, ValueError):
    """A value broke a documented rule; ``field`` and ``rule`` say which."""

    field: str
    rule: str


class InvalidSignature(CardbindError):
    """A signature or MAC is missing, malformed or does not verify. The message ends with the
    ``cardbind`` command that diagnoses it ("(diagnose: cardbind verify --explain --provider ...)"):
    the wheel installs that command; ``cardbind.explain`` gives the same diagnosis as data.

    ``operation``: for a received request (server role), the operation it claims to be
    (xianjincard's ``call``), so the answer can take that operation's shape. Not authenticated.
    """

    operation: _typing.Optional[str] = None


class DecodeError(CardbindError, ValueError):
    """Received bytes are not in the provider's documented format."""


class DecryptionError(DecodeError):
    """An encrypted field could not be decrypted."""


class LimitExceeded(DecodeError):
    """A message exceeds a size, depth or count limit."""


class StaleTimestamp(DecodeError):
    """A timestamp lies outside the accepted window around the current time."""


class UnsupportedOperation(CardbindError):
    """The provider has no such operation."""


class KeyFormatError(CardbindError, ValueError):
    """A key is encrypted, not RSA, corrupt, too small or of the wrong role."""


class ConfigError(CardbindError):
    """A configuration value is missing or unusable."""
