"""The signature doctor in the wheel (issue 23): the `cardbind` console command, `python -m
cardbind` and `cardbind.explain` give what the Rust `cardbind` binary gives on every
spec/vectors/explain case (recorded in outputs.json, which bindings/cli/tests/explain_outputs.rs
checks against the binary), and every InvalidSignature names the command that diagnoses it."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import cardbind
import pytest
from conftest import KEYS, key, public, vectors

CASES: list[dict[str, Any]] = vectors("explain/explain.json")["cases"]
OUTPUTS: dict[str, Any] = vectors("explain/outputs.json")["outputs"]
COMMANDS = {
    # The console script pip installs next to the interpreter, and the module.
    "console": [str(Path(sys.executable).with_name("cardbind"))],
    "module": [sys.executable, "-m", "cardbind"],
}


def verify_args(case: dict[str, Any], tmp_path: Path) -> list[str]:
    """`verify --explain`'s options for a case, as bindings/cli/tests/explain_outputs.rs builds them."""
    rule = case["rule"]
    args = ["--signature", case["signature"]]
    if rule["canonical"] == "xianjincard":
        args += ["--canonical", "xianjincard"]
    if rule["canonical"] == "raw":
        args.append("--raw")
    if rule["scheme"] == "rsa":
        args += ["--key", str(KEYS / f"{rule['key']}-public-spki.pem"), "--digest", rule["digest"]]
    if "secret" in case:
        args += ["--secret", case["secret"]]
    if "secret_file_text" in case:
        path = tmp_path / f"{case['id']}.key"
        path.write_bytes(case["secret_file_text"].encode())
        args += ["--secret-file", str(path)]
    for also in case.get("also_secrets", []):
        args += ["--also-secret", also]
    return args


def message(case: dict[str, Any]) -> bytes:
    params = case["params"]
    return params.encode() if isinstance(params, str) else json.dumps(params, ensure_ascii=False).encode()


def run(command: list[str], args: list[str], stdin: bytes) -> dict[str, Any]:
    done = subprocess.run(command + args, input=stdin, capture_output=True, check=False)
    return {"exit_code": done.returncode, "stdout": done.stdout.decode(), "stderr": done.stderr.decode()}


def test_every_explain_case_has_a_recorded_output() -> None:
    assert sorted(OUTPUTS) == sorted(c["id"] for c in CASES)


@pytest.mark.parametrize("how", sorted(COMMANDS))
@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_the_wheels_command_prints_what_the_rust_binary_prints(case: dict[str, Any], how: str, tmp_path: Path) -> None:
    args = verify_args(case, tmp_path)
    recorded = OUTPUTS[case["id"]]
    assert run(COMMANDS[how], ["verify", "--explain", *args], message(case)) == recorded["text"]
    assert run(COMMANDS[how], ["--json", "verify", "--explain", *args], message(case)) == recorded["json"]


def explain_kwargs(case: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    """`cardbind.explain`'s arguments for a case: the same options, by keyword."""
    rule = case["rule"]
    kwargs: dict[str, Any] = {"signature": case["signature"]}
    if rule["canonical"] == "xianjincard":
        kwargs["canonical"] = "xianjincard"
    kwargs["raw"] = rule["canonical"] == "raw"
    if rule["scheme"] == "rsa":
        kwargs["key"] = KEYS / f"{rule['key']}-public-spki.pem"
        kwargs["digest"] = rule["digest"]
    if "secret" in case:
        kwargs["secret"] = case["secret"]
    if "secret_file_text" in case:
        path = tmp_path / f"{case['id']}.key"
        path.write_bytes(case["secret_file_text"].encode())
        kwargs["secret_file"] = path
    kwargs["also_secrets"] = case.get("also_secrets", [])
    return kwargs


def document(e: cardbind.Explanation) -> dict[str, Any]:
    """The explanation as `--json` writes it (fields that are None or empty left out, as there)."""

    def finding(f: cardbind.Finding) -> dict[str, Any]:
        out = {"cause": f.cause, "summary": f.summary}
        return out if f.string_to_sign is None else {**out, "string_to_sign": f.string_to_sign}

    doc: dict[str, Any] = {
        "rule": e.rule,
        "algorithm": e.algorithm,
        "string_to_sign": e.string_to_sign,
        "string_to_sign_encoding": e.string_to_sign_encoding,
        "string_to_sign_masked": e.string_to_sign_masked,
        "string_to_sign_bytes": e.string_to_sign_bytes,
        "digest": {"algorithm": e.digest.algorithm, "hex": e.digest.hex},
        "verified": e.verified,
    }
    if e.error is not None:
        doc["error"] = e.error
    if e.diagnosis is not None:
        block = e.diagnosis.signature_block
        doc["diagnosis"] = {
            "most_likely": finding(e.diagnosis.most_likely),
            "verified_alternatives": [finding(f) for f in e.diagnosis.verified_alternatives],
            "signature_block": None
            if block is None
            else {k: v for k, v in vars(block).items() if v is not None or (block.kind == "valid" and k == "digest")},
            "alternatives_tried": e.diagnosis.alternatives_tried,
        }
    if e.notes:
        doc["notes"] = list(e.notes)
    return doc


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_explain_returns_the_diagnosis_the_rust_binary_prints(case: dict[str, Any], tmp_path: Path) -> None:
    recorded = OUTPUTS[case["id"]]
    explained = cardbind.explain(case["params"], **explain_kwargs(case, tmp_path))
    assert document(explained) == json.loads(recorded["json"]["stdout"])
    assert explained.report == recorded["text"]["stdout"] == str(explained)
    assert explained.verified is False and recorded["text"]["exit_code"] == 1
    assert explained.diagnosis is not None
    assert explained.diagnosis.most_likely.cause == case["expected_cause"]


def test_explain_takes_keys_as_text_bytes_or_a_path_and_the_message_as_text_or_bytes() -> None:
    case = next(c for c in CASES if c["id"] == "url-safe-base64-padded")
    path = KEYS / "test-rsa-1024-public-spki.pem"
    results = {
        cardbind.explain(message, signature=case["signature"], key=k, digest="md5").report
        for message in (case["params"], message(case), message(case).decode())
        for k in (path, path.read_text(), path.read_bytes(), (KEYS / "test-rsa-1024-public-spki.der").read_bytes())
    }
    assert results == {OUTPUTS[case["id"]]["text"]["stdout"]}


def test_explain_of_a_signature_that_verifies_has_no_diagnosis() -> None:
    secret = "test-secret"
    signed = cardbind.md5_sign(b"a=1&b=2", secret=secret, salt_prefix="&key=", upper=False)
    explained = cardbind.explain({"b": "2", "a": "1", "sign": signed}, secret=secret)
    assert (explained.verified, explained.error, explained.diagnosis) == (True, None, None)
    assert explained.report.endswith("OK: signature verifies (MD5)\n")


def test_explain_refuses_what_the_command_refuses_with_its_message() -> None:
    with pytest.raises(cardbind.ValidationError) as error:
        cardbind.explain({"a": "1", "sign": "x"}, key=public("test-rsa-1024"))
    assert str(error.value) == (
        "explain: --digest is required with --key (md5 = MD5withRSA, sha1 = SHA1withRSA, sha256)"
    )
    with pytest.raises(cardbind.ValidationError, match="unknown provider `LianLian`: did you mean `lianlian`?"):
        cardbind.explain({"a": "1", "sign": "x"}, provider="LianLian", key=public("test-rsa-1024"))
    with pytest.raises(cardbind.ValidationError, match="order: must be one of bytewise, case-insensitive"):
        cardbind.explain({"a": "1"}, secret="s", order="sorted")  # type: ignore[arg-type]


def test_main_runs_over_pythons_own_streams(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    case = next(c for c in CASES if c["id"] == "received-order-md5")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(message(case))))
    code = cardbind.main(["verify", "--explain", "--secret", case["secret"], "--signature", case["signature"]])
    out = capsys.readouterr()
    assert (code, out.out, out.err) == (1, OUTPUTS[case["id"]]["text"]["stdout"], "")
    assert cardbind.main(["--version"]) == 0
    assert capsys.readouterr().out == f"cardbind {cardbind.__version__}\n"
    assert cardbind.main(["codes", "LianLian"]) == 2
    assert capsys.readouterr().err == (
        "error: unknown provider `LianLian`: did you mean `lianlian`? (one of: lianlian, xianjincard, yixin, vbao, "
        "huanbei)\n"
    )


def test_main_reads_and_writes_text_streams_without_a_binary_buffer(monkeypatch: pytest.MonkeyPatch) -> None:
    # A notebook's streams: text only. Chinese text read in small pieces arrives whole.
    case = next(c for c in CASES if c["id"] == "gbk-md5")
    stdout, stderr = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdin", io.StringIO(message(case).decode()))
    monkeypatch.setattr(sys, "stdout", stdout)
    monkeypatch.setattr(sys, "stderr", stderr)
    code = cardbind.main(["verify", "--explain", "--secret", case["secret"], "--signature", case["signature"]])
    assert (code, stdout.getvalue(), stderr.getvalue()) == (1, OUTPUTS[case["id"]]["text"]["stdout"], "")


LIANLIAN_COMMAND = (
    "cardbind verify --explain --provider lianlian --key THEIR_PUBLIC_KEY.pem SIGNED_FIELDS.json; an MD5 sign_type "
    "takes --secret-file SECRET.txt instead of --key"
)


def test_an_invalid_signature_names_the_command_that_diagnoses_it_and_that_command_does(tmp_path: Path) -> None:
    replies = vectors("providers/lianlian.json")
    reply = next(r for r in replies["responses"] if r["id"] == "bankcardbind-8888-RSA")
    tampered = reply["body_utf8"].replace("2013051500001", "2013051500002")
    client = cardbind.Client(
        "lianlian",
        {
            "oid_partner": replies["oid_partner"],
            "environment": "production",
            "sign_type": "RSA",
            "our_private_key": key("test-rsa-1024"),
            "their_public_key": public("test-rsa-2048"),
        },
    )
    with pytest.raises(cardbind.InvalidSignature) as error:
        client.decode_response("bankcardbind", tampered.encode())
    assert str(error.value) == f"sign: signature invalid: signature does not match (diagnose: {LIANLIAN_COMMAND})"
    # The command, its placeholders filled in, diagnoses this very message.
    body = tmp_path / "reply.json"
    body.write_text(tampered, encoding="utf-8")
    command = LIANLIAN_COMMAND.split(";")[0].split()[1:]
    command[command.index("THEIR_PUBLIC_KEY.pem")] = str(KEYS / "test-rsa-2048-public-spki.pem")
    command[command.index("SIGNED_FIELDS.json")] = str(body)
    done = run(COMMANDS["console"], command, b"")
    assert done["exit_code"] == 1, done
    assert "most likely cause: the signature is genuine for this key (MD5withRSA), but over a different string" in done["stdout"]


def test_low_level_checks_name_the_command_for_their_rule() -> None:
    with pytest.raises(cardbind.InvalidSignature) as error:
        cardbind.PublicKey.load(public("test-rsa-1024")).verify(b"a=1", "c2lnbmF0dXJl", "sha256")
    assert str(error.value).endswith(
        "(diagnose: cardbind verify --explain --raw --key THEIR_PUBLIC_KEY.pem --digest sha256 --signature SIGNATURE "
        "STRING_TO_SIGN.txt)"
    )
    with pytest.raises(cardbind.InvalidSignature) as error:
        cardbind.md5_verify(b"a=1", "0" * 32, secret="s")
    assert str(error.value).endswith(
        "(diagnose: cardbind verify --explain --raw --secret-file SECRET.txt --salt-prefix '' --signature SIGNATURE "
        "STRING_TO_SIGN.txt)"
    )
