"""cardbind: card-binding (绑卡) API codecs for Chinese payment channels.

The compiled core is pure: it never reads the clock or the OS's randomness. This package supplies
both by default: the time from ``time.time_ns()``, and 32 bytes from the OS (``getrandom``, drawn
only by operations that need randomness: signing and blinded private-key decryption); pass
``now_ms=`` / ``seed=`` to control them.

Why a signature does not verify: ``cardbind.explain(...)`` (data), or the ``cardbind`` command
the wheel installs (``cardbind verify --explain``, also ``python -m cardbind``), which every
``InvalidSignature`` message names.

Logging: the ``cardbind`` logger (``logging.getLogger("cardbind")``) records each request encoded
and each message decoded at DEBUG, with personal data masked (``cardbind.mask``). It has only a
``NullHandler``: nothing is emitted unless the application's logging configuration lets DEBUG
records of ``cardbind`` through.
"""

from __future__ import annotations

import base64 as _base64
import collections.abc as _abc
import json as _json
import logging as _logging
import time as _time
import typing as _typing

from . import _native
from ._native import __version__
from ._native import PrivateKey, ProviderResponse, PublicKey, ReceivedRequest, Request, Response
from ._cli import main
from ._explain import Diagnosis, Digest, Explanation, Finding, SignatureBlock, explain
from ._outcome import ErrorKind, ErrorKindName, Outcome, OutcomeStatus, OutcomeStatusName
from .exceptions import (
    CardbindError,
    ConfigError,
    DecodeError,
    DecryptionError,
    InvalidSignature,
    KeyFormatError,
    LimitExceeded,
    StaleTimestamp,
    UnsupportedOperation,
    ValidationError,
)

if _typing.TYPE_CHECKING:
    from typing import Any, Mapping, Optional, Sequence, Union

# Types of arguments (private names: not part of the namespace, but defined at run time too).
_Headers = _typing.Union[_typing.Mapping[str, str], _typing.Iterable[_typing.Tuple[str, str]], None]
_BytesLike = _typing.Union[bytes, bytearray, memoryview]

__all__ = [
    "__version__",
    "Client",
    "Request",
    "Response",
    "ReceivedRequest",
    "ProviderResponse",
    "Outcome",
    "OutcomeStatus",
    "OutcomeStatusName",
    "ErrorKind",
    "ErrorKindName",
    "PublicKey",
    "PrivateKey",
    "providers",
    "spec",
    "mask",
    "mask_text",
    "canonical_string",
    "xianjincard_sign_string",
    "md5_sign",
    "md5_verify",
    "vbao_submit_form",
    "lianlian_risk_item",
    "explain",
    "Explanation",
    "Diagnosis",
    "Finding",
    "SignatureBlock",
    "Digest",
    "main",
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

_log = _logging.getLogger("cardbind")
_log.addHandler(_logging.NullHandler())
_DEBUG = _logging.DEBUG

_time_ns = _time.time_ns


def _now(now_ms: Optional[int]) -> int:
    return _time_ns() // 1_000_000 if now_ms is None else now_ms


def _pairs(headers: _Headers) -> list[tuple[str, str]]:
    if headers is None:
        return []
    if isinstance(headers, _abc.Mapping):
        return [(str(k), str(v)) for k, v in headers.items()]
    return [(str(k), str(v)) for k, v in headers]


def _config_json(config: Union[Mapping[str, Any], str]) -> str:
    """The config as JSON text. JSON has no bytes: a bytes-like value (a key read with
    ``read_bytes()``) becomes its PEM text when it is PEM, else its base64 (DER), both of which
    core accepts wherever it takes a key."""

    def plain(value: Any) -> Any:
        if isinstance(value, (bytes, bytearray, memoryview)):
            raw = bytes(value)
            if raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"-----BEGIN"):
                return raw.decode("ascii", errors="replace")
            return _base64.b64encode(raw).decode("ascii")
        if isinstance(value, _abc.Mapping):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        return value

    return config if isinstance(config, str) else _json.dumps(plain(config), ensure_ascii=False)


class Client:
    """A configured codec for one provider, in both roles. Safe to share between threads.

    ``config`` is the provider's configuration (a dict or its JSON text). Its keys, their types,
    defaults and meanings are listed by ``cardbind.spec(provider)["config"]["keys"]`` (keys as PEM
    or base64 strings, or DER/PEM bytes). A missing, unknown or mistyped key raises ``ConfigError``
    whose ``field`` names it. Replay windows and signature checks are on by default; each opt-out
    is a key named ``insecure_...``.
    """

    __slots__ = ("_native",)

    def __init__(self, provider: str, config: Union[Mapping[str, Any], str]) -> None:
        self._native = _native.Client(provider, _config_json(config))

    @property
    def provider(self) -> str:
        return self._native.provider

    @property
    def operations(self) -> list[str]:
        return self._native.operations()

    # Client role: call the provider.
    def encode_request(
        self,
        operation: str,
        params: Mapping[str, Any],
        *,
        now_ms: Optional[int] = None,
        seed: Optional[bytes] = None,
        allow_unlisted_fields: bool = False,
    ) -> Request:
        """Validates ``params`` (wire names) and builds the signed/encrypted request to send.

        A field the provider's spec does not list is a ``ValidationError`` unless
        ``allow_unlisted_fields`` (or the configuration's ``allow_unlisted_fields``) is true; a
        name the spec reserves (``spec(provider)["reserved_fields"]``) is refused even then.
        """
        request = self._native.encode_request(
            operation, params, now_ms=_now(now_ms), seed=seed, allow_unlisted_fields=allow_unlisted_fields
        )
        if _log.isEnabledFor(_DEBUG):
            _log_encoded(self.provider, operation, request, params)
        return request

    def decode_response(
        self,
        operation: str,
        body: _BytesLike,
        *,
        status: int = 200,
        headers: _Headers = None,
        now_ms: Optional[int] = None,
        seed: Optional[bytes] = None,
    ) -> Response:
        """Decrypts and verifies a response; raises ``InvalidSignature`` on a bad signature.

        Every field converts to a Python value here (a number Python cannot hold is a
        ``DecodeError`` from this call, never an exception from ``.fields`` later).
        """
        # The hot path of a merchant backend: the helpers are inlined (each call costs ~50 ns).
        pairs = [] if headers is None else _pairs(headers)
        now = _time_ns() // 1_000_000 if now_ms is None else now_ms
        if not _log.isEnabledFor(_DEBUG):
            return self._native.decode_response(operation, body, status=status, headers=pairs, now_ms=now, seed=seed)
        try:
            response = self._native.decode_response(
                operation, body, status=status, headers=pairs, now_ms=now, seed=seed
            )
        except CardbindError as error:
            _log_failed(self.provider, "response", operation, error)
            raise
        outcome = response.outcome
        _log.debug(
            "cardbind %s: response decoded: %s status=%s kind=%s retryable=%s authenticated=%s http_status=%s "
            "provider_code=%s fields=%s",
            self.provider,
            operation,
            outcome.status,
            outcome.kind,
            outcome.retryable,
            outcome.authenticated,
            outcome.http_status,
            _native.mask_text(outcome.provider_code),
            response.masked_fields(),
        )
        return response

    # Server role: be called by the provider (or act as a mock provider).
    def decode_request(
        self,
        body: _BytesLike,
        *,
        method: str = "POST",
        url: str = "",
        headers: _Headers = None,
        query: _Headers = None,
        now_ms: Optional[int] = None,
        seed: Optional[bytes] = None,
    ) -> ReceivedRequest:
        """Decrypts and verifies a received request; raises ``InvalidSignature`` on a bad signature."""
        try:
            received = self._native.decode_request(
                body,
                method=method,
                url=url,
                headers=_pairs(headers),
                query=_pairs(query),
                now_ms=_now(now_ms),
                seed=seed,
            )
        except CardbindError as error:
            if _log.isEnabledFor(_DEBUG):
                _log_failed(self.provider, "request", method, error)
            raise
        if _log.isEnabledFor(_DEBUG):
            _log.debug(
                "cardbind %s: request decoded: %s signature=%s fields=%s",
                self.provider,
                received.operation,
                received.signature,
                received.masked_fields(),
            )
        return received

    def encode_response(
        self,
        operation: str,
        fields: Mapping[str, Any],
        *,
        now_ms: Optional[int] = None,
        seed: Optional[bytes] = None,
        allow_unlisted_fields: bool = False,
    ) -> ProviderResponse:
        """Builds the signed response to a received request (``allow_unlisted_fields`` as in
        ``encode_request``)."""
        response = self._native.encode_response(
            operation, fields, now_ms=_now(now_ms), seed=seed, allow_unlisted_fields=allow_unlisted_fields
        )
        if _log.isEnabledFor(_DEBUG):
            _log.debug(
                "cardbind %s: response encoded: %s http_status=%s fields=%s",
                self.provider,
                operation,
                response.status,
                _native.mask(fields, None),
            )
        return response

    # Unified, provider-neutral operations.
    def encode_unified(
        self,
        operation: str,
        fields: Mapping[str, Any],
        *,
        now_ms: Optional[int] = None,
        seed: Optional[bytes] = None,
        allow_unlisted_fields: bool = False,
    ) -> Request:
        """Encodes a unified operation (``bind_card_apply``...) with provider-neutral field names
        (``allow_unlisted_fields`` applies to ``extra``)."""
        request = self._native.encode_unified(
            operation, fields, now_ms=_now(now_ms), seed=seed, allow_unlisted_fields=allow_unlisted_fields
        )
        if _log.isEnabledFor(_DEBUG):
            _log_encoded(self.provider, operation, request, fields)
        return request

    def bind_card_apply(
        self,
        *,
        user_id: str,
        card_number: str,
        phone: str,
        holder_name: Optional[str] = None,
        id_number: Optional[str] = None,
        bank: Optional[str] = None,
        card_type: Optional[str] = None,
        order_id: Optional[str] = None,
        verify_code: Optional[str] = None,
        extra: Optional[Mapping[str, Any]] = None,
        now_ms: Optional[int] = None,
        seed: Optional[bytes] = None,
        allow_unlisted_fields: bool = False,
    ) -> Request:
        """Bind-card apply (the provider sends an SMS code). LianLian: ``card_type`` debit or
        credit sets ``pay_type`` 2 or 3; authenticated payment is ``extra={"pay_type": "P"}``
        without a card type, and ``risk_item`` is ``lianlian_risk_item(...)``."""
        fields = {
            "user_id": user_id,
            "card_number": card_number,
            "phone": phone,
            "holder_name": holder_name,
            "id_number": id_number,
            "bank": bank,
            "card_type": card_type,
            "order_id": order_id,
            "verify_code": verify_code,
            "extra": dict(extra) if extra else None,
        }
        return self.encode_unified(
            "bind_card_apply", fields, now_ms=now_ms, seed=seed, allow_unlisted_fields=allow_unlisted_fields
        )

    def bind_card_confirm(
        self,
        *,
        user_id: str,
        verify_code: str,
        confirm_token: Optional[str] = None,
        order_id: Optional[str] = None,
        extra: Optional[Mapping[str, Any]] = None,
        now_ms: Optional[int] = None,
        seed: Optional[bytes] = None,
        allow_unlisted_fields: bool = False,
    ) -> Request:
        """Bind-card confirm with the SMS code and the token the apply step returned."""
        fields = {
            "user_id": user_id,
            "verify_code": verify_code,
            "confirm_token": confirm_token,
            "order_id": order_id,
            "extra": dict(extra) if extra else None,
        }
        return self.encode_unified(
            "bind_card_confirm", fields, now_ms=now_ms, seed=seed, allow_unlisted_fields=allow_unlisted_fields
        )

    def __repr__(self) -> str:
        return f"<cardbind.Client {self.provider}>"


def _log_encoded(provider: str, operation: str, request: Request, fields: Mapping[str, Any]) -> None:
    # Every provider's personal-data names and the unified ones: the wire names of this
    # provider and the unified names both occur here.
    _log.debug(
        "cardbind %s: request encoded: %s %s %s fields=%s",
        provider,
        operation,
        request.method,
        request.path,
        _native.mask(fields, None),
    )


def _log_failed(provider: str, what: str, operation: str, error: CardbindError) -> None:
    # Messages name the field and the rule, never a value.
    _log.debug("cardbind %s: %s %s refused: %s kind=%s: %s", provider, what, operation, type(error).__name__, error.kind, error)


def providers() -> list[str]:
    """Every provider's name."""
    return _native.providers()


def spec(provider: str) -> dict[str, Any]:
    """The provider's machine-readable spec (operations, fields, codes, assumptions)."""
    result: dict[str, Any] = _json.loads(_native.spec_json(provider))
    return result


def mask(fields: Mapping[str, Any], provider: Optional[str] = None) -> dict[str, Any]:
    """A copy of ``fields`` fit for logs, masked by core's rules (``6222***********2726``,
    ``138****8000``, ``张*``, codes and secrets ``******``): the fields the provider's spec marks as
    personal data (every provider's, and the unified names such as ``card_number``, when
    ``provider`` is None), at any depth, and any other value that looks like a card, ID or phone
    number. Values become JSON-like (a masked number becomes a ``str``)."""
    return _native.mask(fields, provider)


def mask_text(text: str) -> str:
    """``text`` with every card, ID and phone number in it masked by core's rule (``card
    6222***********2726``); words, codes, amounts and dates unchanged. What ``repr`` and the logs
    show of a provider's message."""
    return _native.mask_text(text)


def canonical_string(
    params: Mapping[str, Optional[str]],
    *,
    exclude: Sequence[str] = ("sign",),
    case_insensitive: bool = False,
    skip_empty: bool = True,
) -> bytes:
    """Sorted ``k=v&k=v`` (values raw), the string LianLian, Vbao and Yixin sign."""
    return _native.canonical_string(dict(params), list(exclude), case_insensitive, skip_empty)


def xianjincard_sign_string(ua: str, signkey: str, call: str, args: str) -> bytes:
    """xianjincard's ``K + call + K + args + K`` with ``K = ua + signkey + ua``."""
    return _native.xianjincard_sign_string(ua, signkey, call, args)


def md5_sign(message: _BytesLike, secret: Optional[str] = None, *, salt_prefix: str = "", upper: bool = False) -> str:
    """``hex(md5(message + salt_prefix + secret))``."""
    return _native.md5_sign(message, secret, salt_prefix, upper)


def md5_verify(
    message: _BytesLike,
    signature: str,
    secret: Optional[str] = None,
    *,
    salt_prefix: str = "",
    upper: bool = False,
    case_insensitive: bool = True,
) -> None:
    """Constant-time MD5 signature check; raises ``InvalidSignature``."""
    _native.md5_verify(message, signature, secret, salt_prefix, upper, case_insensitive)


def vbao_submit_form(
    submit_url: str, submit_method: str, encoding: Optional[str] = None, submit_params: Optional[str] = None
) -> str:
    """Vbao's auto-submitting HTML form (every value escaped; only http/https actions)."""
    return _native.vbao_submit_form(submit_url, submit_method, encoding, submit_params)


def lianlian_risk_item(
    *,
    frms_ware_category: str,
    user_info_mercht_userno: str,
    user_info_dt_register: str,
    frms_client_chnl: str,
    frms_ip_addr: str,
    user_info_bind_phone: Optional[str] = None,
    goods_name: Optional[str] = None,
    frms_imei: Optional[str] = None,
    frms_mac_addr: Optional[str] = None,
    user_info_full_name: Optional[str] = None,
    user_info_id_no: Optional[str] = None,
    user_info_identify_state: Optional[str] = None,
    user_info_identify_type: Optional[str] = None,
    extra: Optional[Mapping[str, str]] = None,
) -> str:
    """LianLian's ``risk_item`` (lianlian-payment-risk-item.md): the JSON string to send as the
    apply's ``risk_item``, keys sorted as fastjson writes them. ``frms_client_chnl`` is ``10``
    (app, needs ``frms_imei``), ``13`` (web, needs ``frms_mac_addr``) or ``16`` (H5); the four
    real-name keys come together; category-specific keys (``delivery_*``...) go in ``extra``.
    A broken rule is a ``ValidationError`` naming ``risk_item.<key>``."""
    fields: dict[str, Any] = {
        "frms_ware_category": frms_ware_category,
        "user_info_mercht_userno": user_info_mercht_userno,
        "user_info_dt_register": user_info_dt_register,
        "frms_client_chnl": frms_client_chnl,
        "frms_ip_addr": frms_ip_addr,
        "user_info_bind_phone": user_info_bind_phone,
        "goods_name": goods_name,
        "frms_imei": frms_imei,
        "frms_mac_addr": frms_mac_addr,
        "user_info_full_name": user_info_full_name,
        "user_info_id_no": user_info_id_no,
        "user_info_identify_state": user_info_identify_state,
        "user_info_identify_type": user_info_identify_type,
        "extra": dict(extra) if extra else {},
    }
    return _native.lianlian_risk_item(fields)


def __dir__() -> list[str]:
    # The API only: not the modules and typing helpers this one imports for itself.
    return sorted({*__all__, "exceptions", *(["testing"] if "testing" in globals() else [])})
