"""Exceptions raised by cardbind. Messages name the field and the rule, never the value."""

from __future__ import annotations

from typing import Optional

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
    """Base class. ``kind`` is the unified error kind (``"invalid_parameter"``, ``"signature_invalid"``...)."""

    def __init__(self, message: str, kind: str, field: Optional[str] = None, rule: Optional[str] = None) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.field = field
        self.rule = rule

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, kind={self.kind!r})"


class ValidationError(CardbindError, ValueError):
    """A value broke a documented rule; ``field`` and ``rule`` say which."""

    field: str
    rule: str


class InvalidSignature(CardbindError):
    """A signature or MAC is missing, malformed or does not verify.

    ``operation``: for a received request (server role), the operation it claims to be
    (xianjincard's ``call``), so the answer can take that operation's shape. Not authenticated.
    """

    operation: Optional[str] = None


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
