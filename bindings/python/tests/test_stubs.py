"""The hand-written stubs are checked against the compiled module by stubtest (scripts/test.sh).
This proves that check can fail: a stub whose keyword-only arguments drifted back to positional
(the drift issue 15 found) is caught."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import cardbind
from conftest import ROOT

ALLOWLIST = ROOT / "bindings" / "python" / "stubtest-allowlist.txt"


def stubtest(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root), "MYPYPATH": str(root)}
    return subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "cardbind", "--mypy-config-file", os.devnull, "--allowlist", str(ALLOWLIST)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_stubtest_passes_on_the_installed_package_with_the_allowlist(tmp_path: Path) -> None:
    copy = tmp_path / "cardbind"
    shutil.copytree(Path(cardbind.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    result = stubtest(tmp_path)
    assert result.returncode == 0, result.stdout


def test_stubtest_catches_now_ms_and_seed_drifting_back_to_positional(tmp_path: Path) -> None:
    copy = tmp_path / "cardbind"
    shutil.copytree(Path(cardbind.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    stub = copy / "_native.pyi"
    text = stub.read_text(encoding="utf-8")
    marker = "        params: Mapping[str, Any],\n        *,\n"
    assert marker in text
    stub.write_text(text.replace(marker, "        params: Mapping[str, Any],\n", 1), encoding="utf-8")
    result = stubtest(tmp_path)
    assert result.returncode != 0, result.stdout
    assert "cardbind._native.Client.encode_request" in result.stdout, result.stdout
