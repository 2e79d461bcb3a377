"""The installed distribution carries what pyproject.toml and Cargo.toml declare, with one version.

The test command runs this suite against the wheel installed into a fresh venv, so these are the
wheel's own metadata: what PyPI shows.
"""

from __future__ import annotations

import importlib.metadata
import tomllib
from typing import Any

import cardbind
from conftest import ROOT
from trove_classifiers import classifiers as known_classifiers


def workspace() -> dict[str, Any]:
    package: dict[str, Any] = tomllib.loads((ROOT / "Cargo.toml").read_text(encoding="utf-8"))["workspace"]["package"]
    return package


def project() -> dict[str, Any]:
    pyproject = tomllib.loads((ROOT / "bindings" / "python" / "pyproject.toml").read_text(encoding="utf-8"))
    table: dict[str, Any] = pyproject["project"]
    return table


def test_version_is_the_cargo_workspace_version_in_the_module_and_the_metadata() -> None:
    version = workspace()["version"]
    assert cardbind.__version__ == version
    assert importlib.metadata.version("cardbind") == version
    # pyproject.toml states no version of its own: maturin takes Cargo's.
    assert "version" not in project()
    assert project()["dynamic"] == ["version"]


def test_metadata_is_what_pyproject_declares() -> None:
    meta = importlib.metadata.metadata("cardbind")
    declared = project()
    assert meta["Name"] == "cardbind"
    assert meta["Summary"] == declared["description"]
    assert meta["Requires-Python"] == declared["requires-python"] == ">=3.9"
    assert meta["License-Expression"] == declared["license"] == workspace()["license"] == "MIT OR Apache-2.0"
    assert meta.get_all("Classifier") == declared["classifiers"]
    assert meta["Keywords"] == ",".join(declared["keywords"])
    assert sorted(meta.get_all("Project-URL") or []) == sorted(f"{k}, {v}" for k, v in declared["urls"].items())
    assert meta.get_all("Requires-Dist") is None  # the wheel depends on nothing


def test_long_description_is_the_package_readme_as_markdown() -> None:
    meta = importlib.metadata.metadata("cardbind")
    assert project()["readme"] == "README.md"
    assert meta["Description-Content-Type"] == "text/markdown; charset=UTF-8; variant=GFM"
    readme = (ROOT / "bindings" / "python" / "README.md").read_text(encoding="utf-8")
    assert meta.get_payload().strip() == readme.strip()  # type: ignore[attr-defined]


def test_classifiers_are_ones_pypi_accepts() -> None:
    unknown = [c for c in project()["classifiers"] if c not in known_classifiers]
    assert unknown == []
    assert "Typing :: Typed" in project()["classifiers"]


def test_project_urls_are_the_cargo_workspace_repository() -> None:
    repository = workspace()["repository"]
    assert project()["urls"]["Repository"] == repository
    assert all(url.startswith(repository) for url in project()["urls"].values())
