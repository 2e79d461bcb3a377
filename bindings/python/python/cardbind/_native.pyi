# Hand-written stubs for the compiled module (checked by mypy.stubtest in the test command).
from typing import Any, Mapping, Optional, Union, final

from ._outcome import Outcome

_BytesLike = Union[bytes, bytearray, memoryview]

__version__: str

__all__ = [
    '__version__',
    'Client',
    'PrivateKey',
    'ProviderResponse',
    'PublicKey',
    'ReceivedRequest',
    'Request',
    'Response',
    'canonical_string',
    'error_kinds',
    'explain',
    'lianlian_risk_item',
    'mask',
    'mask_text',
    'md5_sign',
    'md5_verify',
    'providers',
    'run_cli',
    'spec_json',
    'vbao_submit_form',
    'xianjincard_sign_string',
    # pickle's constructors for the result classes (their __reduce__ names them)
    '_request_from_state',
    '_provider_response_from_state',
    '_response_from_state',
    '_received_request_from_state',
]

@final
class PublicKey:
    @staticmethod
    def load(data: str | _BytesLike) -> PublicKey: ...
    @property
    def bits(self) -> int: ...
    @property
    def fingerprint(self) -> str: ...
    def to_pem(self) -> str: ...
    def to_der(self) -> bytes: ...
    def to_base64(self) -> str: ...
    def verify(self, message: _BytesLike, signature: str, digest: str) -> None: ...

@final
class PrivateKey:
    @staticmethod
    def load(data: str | _BytesLike) -> PrivateKey: ...
    @property
    def bits(self) -> int: ...
    def public_key(self) -> PublicKey: ...
    def to_pem(self) -> str: ...
    def sign(self, message: _BytesLike, digest: str, seed: bytes) -> str: ...

@final
class Request:
    @property
    def method(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def query(self) -> list[tuple[str, str]]: ...
    @property
    def headers(self) -> list[tuple[str, str]]: ...
    @property
    def body(self) -> bytes: ...
    @property
    def timeout_ms(self) -> Optional[int]: ...
    @property
    def idempotent(self) -> bool: ...
    def header(self, name: str) -> Optional[str]: ...

@final
class ProviderResponse:
    @property
    def status(self) -> int: ...
    @property
    def headers(self) -> list[tuple[str, str]]: ...
    @property
    def body(self) -> bytes: ...

@final
class Response:
    @property
    def operation(self) -> str: ...
    @property
    def fields(self) -> dict[str, Any]: ...
    @property
    def outcome(self) -> Outcome: ...
    @property
    def signature(self) -> str: ...
    @property
    def replay_key(self) -> Optional[str]: ...
    def masked_fields(self) -> dict[str, Any]: ...

@final
class ReceivedRequest:
    @property
    def operation(self) -> str: ...
    @property
    def fields(self) -> dict[str, Any]: ...
    @property
    def signature(self) -> str: ...
    @property
    def replay_key(self) -> Optional[str]: ...
    @property
    def fingerprint(self) -> str: ...
    def masked_fields(self) -> dict[str, Any]: ...

@final
class Client:
    def __new__(cls, provider: str, config_json: str) -> Client: ...
    @property
    def provider(self) -> str: ...
    def operations(self) -> list[str]: ...
    def encode_request(
        self,
        operation: str,
        params: Mapping[str, Any],
        *,
        now_ms: Optional[int] = None,
        seed: Optional[bytes] = None,
        allow_unlisted_fields: bool = False,
    ) -> Request: ...
    def encode_unified(
        self,
        operation: str,
        fields: Mapping[str, Any],
        *,
        now_ms: Optional[int] = None,
        seed: Optional[bytes] = None,
        allow_unlisted_fields: bool = False,
    ) -> Request: ...
    def decode_response(
        self,
        operation: str,
        body: _BytesLike,
        *,
        status: int = 200,
        headers: list[tuple[str, str]] = ...,
        now_ms: Optional[int] = None,
        seed: Optional[bytes] = None,
    ) -> Response: ...
    def decode_request(
        self,
        body: _BytesLike,
        *,
        method: str = "POST",
        url: str = "",
        headers: list[tuple[str, str]] = ...,
        query: list[tuple[str, str]] = ...,
        now_ms: Optional[int] = None,
        seed: Optional[bytes] = None,
    ) -> ReceivedRequest: ...
    def encode_response(
        self,
        operation: str,
        fields: Mapping[str, Any],
        *,
        now_ms: Optional[int] = None,
        seed: Optional[bytes] = None,
        allow_unlisted_fields: bool = False,
    ) -> ProviderResponse: ...

def providers() -> list[str]: ...
def spec_json(provider: str) -> str: ...
def canonical_string(
    params: dict[str, Optional[str]], exclude: list[str], case_insensitive: bool, skip_empty: bool
) -> bytes: ...
def xianjincard_sign_string(ua: str, signkey: str, call: str, args: str) -> bytes: ...
def md5_sign(message: _BytesLike, secret: Optional[str], salt_prefix: str, upper: bool) -> str: ...
def md5_verify(
    message: _BytesLike, signature: str, secret: Optional[str], salt_prefix: str, upper: bool, case_insensitive: bool
) -> None: ...
def vbao_submit_form(
    submit_url: str, submit_method: str, encoding: Optional[str], submit_params: Optional[str]
) -> str: ...
def lianlian_risk_item(fields: Mapping[str, Any]) -> str: ...
def mask(fields: Mapping[str, Any], provider: Optional[str] = None) -> dict[str, Any]: ...
def mask_text(text: str) -> str: ...
def error_kinds() -> list[str]: ...
def _request_from_state(
    method_name: str,
    url: str,
    query: list[tuple[str, str]],
    headers: list[tuple[str, str]],
    body: _BytesLike,
    timeout_ms: Optional[int],
    idempotent: bool,
) -> Request: ...
def _provider_response_from_state(status: int, headers: list[tuple[str, str]], body: _BytesLike) -> ProviderResponse: ...
def _response_from_state(
    operation: str,
    fields_json: str,
    outcome_json: str,
    signature: str,
    replay_key: Optional[str],
    pii: list[tuple[str, str]],
) -> Response: ...
def _received_request_from_state(
    operation: str, fields_json: str, signature: str, replay_key: Optional[str], pii: list[tuple[str, str]]
) -> ReceivedRequest: ...
def run_cli(args: list[str], stdin: Any, stdout: Any, stderr: Any) -> int: ...
def explain(
    message: bytes,
    *,
    signature: Optional[str] = None,
    signature_field: str = "sign",
    provider: Optional[str] = None,
    profile: Optional[str] = None,
    canonical: str = "sorted-pairs",
    raw: bool = False,
    order: Optional[str] = None,
    exclude: list[str] = ...,
    keep_empty: bool = False,
    digest: Optional[str] = None,
    key: Optional[bytes] = None,
    also_keys: list[bytes] = ...,
    secret: Optional[str] = None,
    secret_file: Optional[tuple[str, bytes]] = None,
    keep_secret_newline: bool = False,
    salt_prefix: Optional[str] = None,
    case: str = "lower",
    any_case: bool = False,
    also_secrets: list[str] = ...,
    show_pii: bool = False,
) -> tuple[str, str]: ...
