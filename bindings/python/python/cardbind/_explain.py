"""``cardbind.explain``: why a signature does not verify, as data.

The same diagnosis as ``cardbind verify --explain`` (the command-line tool, which the wheel also
installs): every common signing mistake is tried as an alternative, and each one that verifies is
reported, the most likely first; an RSA signature is also opened with the public key, which tells
a wrong key from a wrong string. The arguments mirror the command's options (``--digest`` is
``digest=``, ``--also-secret`` is ``also_secrets=``...), and the summaries name those options.
"""

from __future__ import annotations

import dataclasses as _dataclasses
import json as _json
import os as _os
import typing as _typing
from pathlib import Path as _Path

from . import _native

if _typing.TYPE_CHECKING:
    from typing import Any, Literal, Mapping, Optional, Sequence, Union

    _KeySource = Union[str, bytes, bytearray, memoryview, "_os.PathLike[str]"]

__all__ = ["Diagnosis", "Digest", "Explanation", "Finding", "SignatureBlock", "explain"]


@_dataclasses.dataclass(frozen=True)
class Finding:
    """One cause: an alternative that verifies, or (when none does) the conclusion."""

    cause: str
    """A stable identifier for scripts: ``received_order``, ``percent_encoded``, ``wrong_key``..."""
    summary: str
    """What the signer did and who must change what."""
    string_to_sign: Optional[str] = None
    """The string that verifies, masked like the one built, when it reads differently."""


@_dataclasses.dataclass(frozen=True)
class SignatureBlock:
    """An RSA signature opened with the public key."""

    kind: Literal["not_base64", "wrong_length", "not_pkcs1", "valid"]
    error: Optional[str] = None
    """``not_base64``: why."""
    actual_bytes: Optional[int] = None
    """``wrong_length``: the signature's length, and the key's."""
    expected_bytes: Optional[int] = None
    digest: Optional[str] = None
    """``valid``: the digest the signer used (``None``: one cardbind does not know), and its hash."""
    hash_hex: Optional[str] = None


@_dataclasses.dataclass(frozen=True)
class Diagnosis:
    """Why the signature does not verify."""

    most_likely: Finding
    """The first alternative that verifies, else the conclusion."""
    verified_alternatives: tuple[Finding, ...]
    """Every alternative that verifies, most likely first (empty when none does)."""
    signature_block: Optional[SignatureBlock]
    """RSA only: the signature opened with the public key."""
    alternatives_tried: int


@_dataclasses.dataclass(frozen=True)
class Digest:
    """The digest the signature covers: the string's hash for RSA, the salted MD5 for MD5 rules."""

    algorithm: str
    hex: str


@_dataclasses.dataclass(frozen=True)
class Explanation:
    """The string verified, the result and, when it does not verify, the diagnosis. The fields are
    those of ``cardbind --json verify --explain``; ``report`` is the command's text output."""

    verified: bool
    error: Optional[str]
    """Why it does not verify (``signature does not match``); ``None`` when it verifies."""
    rule: str
    """The signature rule in words."""
    algorithm: str
    string_to_sign: str
    """The exact string verified: personal data masked unless ``show_pii``; hex when not UTF-8."""
    string_to_sign_encoding: Literal["utf8", "hex"]
    string_to_sign_masked: bool
    string_to_sign_bytes: int
    digest: Digest
    diagnosis: Optional[Diagnosis]
    """``None`` when the signature verifies."""
    notes: tuple[str, ...]
    """What was done to the input that one may not expect (a line end removed from ``secret_file``)."""
    report: str = _dataclasses.field(repr=False)
    """The text ``cardbind verify --explain`` prints."""

    def __str__(self) -> str:
        return self.report


def _finding(doc: Mapping[str, Any]) -> Finding:
    return Finding(doc["cause"], doc["summary"], doc.get("string_to_sign"))


def _block(doc: Optional[Mapping[str, Any]]) -> Optional[SignatureBlock]:
    if doc is None:
        return None
    return SignatureBlock(
        kind=doc["kind"],
        error=doc.get("error"),
        actual_bytes=doc.get("actual_bytes"),
        expected_bytes=doc.get("expected_bytes"),
        digest=doc.get("digest"),
        hash_hex=doc.get("hash_hex"),
    )


def _diagnosis(doc: Optional[Mapping[str, Any]]) -> Optional[Diagnosis]:
    if doc is None:
        return None
    return Diagnosis(
        most_likely=_finding(doc["most_likely"]),
        verified_alternatives=tuple(_finding(f) for f in doc["verified_alternatives"]),
        signature_block=_block(doc["signature_block"]),
        alternatives_tried=doc["alternatives_tried"],
    )


def _key_bytes(key: _KeySource, name: str) -> bytes:
    if isinstance(key, _os.PathLike):
        return _Path(key).read_bytes()
    if isinstance(key, str):
        return key.encode("utf-8")
    if isinstance(key, (bytes, bytearray, memoryview)):
        return bytes(key)
    raise TypeError(f"{name} must be PEM/base64 text, DER bytes or a path (os.PathLike)")


def _message_bytes(message: Union[Mapping[str, Any], str, bytes, bytearray, memoryview]) -> bytes:
    if isinstance(message, str):
        return message.encode("utf-8")
    if isinstance(message, (bytes, bytearray, memoryview)):
        return bytes(message)
    return _json.dumps(dict(message), ensure_ascii=False).encode("utf-8")


def explain(
    message: Union[Mapping[str, Any], str, bytes, bytearray, memoryview],
    *,
    signature: Optional[str] = None,
    signature_field: str = "sign",
    provider: Optional[str] = None,
    profile: Optional[str] = None,
    canonical: Literal["sorted-pairs", "xianjincard"] = "sorted-pairs",
    raw: bool = False,
    order: Optional[Literal["bytewise", "case-insensitive"]] = None,
    exclude: Sequence[str] = (),
    keep_empty: bool = False,
    digest: Optional[Literal["md5", "sha1", "sha256"]] = None,
    key: Optional[_KeySource] = None,
    secret: Optional[str] = None,
    secret_file: Union[str, _os.PathLike[str], None] = None,
    keep_secret_newline: bool = False,
    salt_prefix: Optional[str] = None,
    case: Literal["lower", "upper"] = "lower",
    any_case: bool = False,
    also_keys: Sequence[_KeySource] = (),
    also_secrets: Sequence[str] = (),
    show_pii: bool = False,
) -> Explanation:
    """Verifies ``signature`` over ``message`` and, when it does not verify, says why: what
    ``cardbind verify --explain`` prints, as data.

    ``message``: the parameters as received, a mapping (signed as the command signs a JSON object)
    or their text (a JSON object or a form string ``a=1&b=2``); with ``raw=True`` the exact string
    signed. The signature is ``signature``, else the ``signature_field`` parameter.

    The rule: ``provider`` (its spec's rule; LianLian picks its ``profile`` from ``sign_type``), or
    ``canonical``, ``order``, ``exclude`` (default ``sign``), ``keep_empty``; an RSA ``key``
    (public: PEM or base64 text, DER bytes, or a path) with ``digest``, or an MD5 ``secret`` (or
    ``secret_file``, a path: one trailing line end removed unless ``keep_secret_newline``, as the
    command does) with ``salt_prefix`` and ``case``. ``also_keys`` and ``also_secrets`` are tried
    as the signer's; summaries name them ``--also-key #1``, ``--also-secret #1``...

    Raises ``ValidationError`` for arguments the command would refuse (exit 2), with its message.
    """
    secret_source = None
    if secret_file is not None:
        secret_source = (_os.fspath(secret_file), _Path(secret_file).read_bytes())
    document, report = _native.explain(
        _message_bytes(message),
        signature=signature,
        signature_field=signature_field,
        provider=provider,
        profile=profile,
        canonical=canonical,
        raw=raw,
        order=order,
        exclude=list(exclude),
        keep_empty=keep_empty,
        digest=digest,
        key=None if key is None else _key_bytes(key, "key"),
        also_keys=[_key_bytes(k, "also_keys") for k in also_keys],
        secret=secret,
        secret_file=secret_source,
        keep_secret_newline=keep_secret_newline,
        salt_prefix=salt_prefix,
        case=case,
        any_case=any_case,
        also_secrets=list(also_secrets),
        show_pii=show_pii,
    )
    doc = _json.loads(document)
    return Explanation(
        verified=doc["verified"],
        error=doc.get("error"),
        rule=doc["rule"],
        algorithm=doc["algorithm"],
        string_to_sign=doc["string_to_sign"],
        string_to_sign_encoding=doc["string_to_sign_encoding"],
        string_to_sign_masked=doc["string_to_sign_masked"],
        string_to_sign_bytes=doc["string_to_sign_bytes"],
        digest=Digest(doc["digest"]["algorithm"], doc["digest"]["hex"]),
        diagnosis=_diagnosis(doc.get("diagnosis")),
        notes=tuple(doc.get("notes", ())),
        report=report,
    )
