"""The unified outcome of a response: ``Outcome`` and its two ``str`` enums.

The enums subclass ``str``: a member equals its plain name (``OutcomeStatus.SUCCEEDED ==
"succeeded"``), hashes like it and prints as it, so code written against plain strings keeps
working. ``ErrorKind`` is core's ``ErrorKind``; a test checks it against the compiled list both ways.
"""

from __future__ import annotations

import dataclasses as _dataclasses
import enum as _enum
import typing as _typing

__all__ = ["ErrorKind", "ErrorKindName", "Outcome", "OutcomeStatus", "OutcomeStatusName"]

OutcomeStatusName = _typing.Literal["succeeded", "code_sent", "pending", "failed"]
"""The plain names of ``OutcomeStatus``."""

ErrorKindName = _typing.Literal[
    "verify_code_wrong",
    "verify_code_expired",
    "sms_failed",
    "card_already_bound",
    "identity_mismatch",
    "bank_mismatch",
    "card_not_enabled",
    "too_many_attempts",
    "duplicate_order",
    "order_not_found",
    "invalid_parameter",
    "signature_invalid",
    "merchant_misconfigured",
    "provider_unavailable",
    "in_progress",
    "user_not_eligible",
    "rejected",
    "unknown",
]
"""The plain names of ``ErrorKind``."""


class _StrEnum(str, _enum.Enum):
    # As Python 3.11's enum.StrEnum (this package supports 3.9): str() and f-strings give the value.
    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)

    def __repr__(self) -> str:
        return f"{type(self).__name__}.{self.name}"


class OutcomeStatus(_StrEnum):
    """What happened, provider-neutral."""

    SUCCEEDED = "succeeded"
    """The operation completed (card bound, list returned...)."""
    CODE_SENT = "code_sent"
    """An SMS code was sent; confirm with it (and ``Outcome.confirm_token`` when there is one)."""
    PENDING = "pending"
    """Accepted; the final result arrives later (notification, query)."""
    FAILED = "failed"
    """Failed: ``Outcome.kind`` says why, ``Outcome.retryable`` whether repeating may help."""


class ErrorKind(_StrEnum):
    """Why something failed, provider-neutral (``Outcome.kind`` and ``CardbindError.kind``)."""

    VERIFY_CODE_WRONG = "verify_code_wrong"
    """The SMS verification code is wrong."""
    VERIFY_CODE_EXPIRED = "verify_code_expired"
    """The SMS verification code (or the token it belongs to) has expired."""
    SMS_FAILED = "sms_failed"
    """Sending or checking the SMS failed at the provider (retryable)."""
    CARD_ALREADY_BOUND = "card_already_bound"
    """The card is already bound (to this or another user)."""
    IDENTITY_MISMATCH = "identity_mismatch"
    """Name, ID number, card and phone do not match the bank's records."""
    BANK_MISMATCH = "bank_mismatch"
    """The card does not belong to the bank given."""
    CARD_NOT_ENABLED = "card_not_enabled"
    """The card is not enabled for authenticated / agreement payment, or was not approved."""
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    """Too many failed attempts; retry later (retryable)."""
    DUPLICATE_ORDER = "duplicate_order"
    """The order or bind request already exists."""
    ORDER_NOT_FOUND = "order_not_found"
    """No such order, token or record."""
    INVALID_PARAMETER = "invalid_parameter"
    """A parameter is missing or invalid."""
    SIGNATURE_INVALID = "signature_invalid"
    """A signature (or MAC) did not verify."""
    MERCHANT_MISCONFIGURED = "merchant_misconfigured"
    """The merchant's account, IP whitelist or keys are misconfigured."""
    PROVIDER_UNAVAILABLE = "provider_unavailable"
    """The provider or its bank channel is failing (retryable)."""
    IN_PROGRESS = "in_progress"
    """A bind for this card is already in progress (retryable)."""
    USER_NOT_ELIGIBLE = "user_not_eligible"
    """The user may not borrow (age, outstanding loan, bad record, blacklist...)."""
    REJECTED = "rejected"
    """The provider refused for a reason it only describes in text."""
    UNKNOWN = "unknown"
    """A code this library does not know; ``Outcome.provider_code`` keeps the raw code."""


@_dataclasses.dataclass(frozen=True, repr=False)
class Outcome:
    """The unified outcome plus the provider's own code and message.

    Immutable; compares and hashes by value; picklable and copyable. ``status`` and ``kind`` are
    ``str`` enums (equal to their plain names).
    """

    status: OutcomeStatus
    kind: _typing.Optional[ErrorKind]
    """Why it failed; ``None`` unless ``status`` is ``failed``."""
    retryable: bool
    """Whether repeating the same request later can succeed without the user changing anything."""
    confirm_token: _typing.Optional[str]
    """What the confirm step needs besides the SMS code (LianLian ``token``, Yixin ``bizId``)."""
    provider_code: str
    """The provider's code exactly as received (``"8888"``, ``"200"``, ``"-3"``...)."""
    provider_message: _typing.Optional[str]
    """The provider's message, if any (may be Chinese); for a transport failure, what was wrong."""
    authenticated: bool = False
    """Whether the reply's signature was verified. ``False`` for replies the protocol leaves
    unsigned (LianLian's failure codes...) and for transport failures: act on those only as
    "not done"."""
    http_status: _typing.Optional[int] = None
    """The HTTP status of the reply this outcome was decoded from."""

    def __post_init__(self) -> None:
        # Accept the plain names too (the compiled module passes them): always store the enums.
        object.__setattr__(self, "status", OutcomeStatus(self.status))
        if self.kind is not None:
            object.__setattr__(self, "kind", ErrorKind(self.kind))

    @property
    def succeeded(self) -> bool:
        """Whether ``status`` is ``succeeded``."""
        return self.status is OutcomeStatus.SUCCEEDED

    def __repr__(self) -> str:
        # The provider's code and message are received text: shown with card, ID and phone
        # numbers masked (the attributes keep them exactly as received).
        from . import _native

        kind = None if self.kind is None else self.kind.value
        message = None if self.provider_message is None else _native.mask_text(self.provider_message)
        return (
            f"Outcome(status={self.status.value!r}, kind={kind!r}, retryable={self.retryable!r}, "
            f"confirm_token={self.confirm_token!r}, provider_code={_native.mask_text(self.provider_code)!r}, "
            f"provider_message={message!r}, authenticated={self.authenticated!r}, "
            f"http_status={self.http_status!r})"
        )
