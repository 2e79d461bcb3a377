#!/usr/bin/env python3
"""Keeps the READMEs' code and install facts true to the files the test command runs.

    scripts/check-readme.py            # check (the test command runs this): exit 1 on any drift
    scripts/check-readme.py --write    # rewrite every quick-start block from its file
    scripts/check-readme.py --python-code README   # print README's ```python blocks, in order, as
                                                   # one program (scripts/test-quickstarts.sh runs
                                                   # the package README's this way)

Quick starts: a Markdown line ``<!-- quickstart: PATH -->`` is followed by a fenced code block
that must equal the lines of PATH between the ``quickstart:begin`` and ``quickstart:end`` marker
lines (dedented; in XML, ``<!-- quickstart:begin -->``). scripts/test-quickstarts.sh runs every PATH against the mock provider.

Install facts: every workspace crate's ``rust-version`` is no older than the ``rust-version`` of
any crate it builds (normal and build dependencies, from cargo metadata); every "Rust ≥ X.Y" in a
README is cardbind-python's (what building the sdist needs), or cardbind-uniffi's on a line that
mentions the JVM, uniffi or Android; every ``cardbind-X.Y.Z`` / ``cardbind-jvm-X.Y.Z`` artifact
name carries the workspace version.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READMES = ["README.md", "bindings/python/README.md", "examples/quickstart/README.md"]
MARKER = re.compile(r"^<!-- quickstart: (\S+) -->$")


def marker(line: str) -> str:
    """A line's text without an XML comment's closing ``-->`` (a pom marks its block with one)."""
    return line.strip().removesuffix("-->").strip()


def region(path: Path) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()
    begin = [i for i, line in enumerate(lines) if marker(line).endswith("quickstart:begin")]
    end = [i for i, line in enumerate(lines) if marker(line).endswith("quickstart:end")]
    if len(begin) != 1 or len(end) != 1 or end[0] <= begin[0]:
        raise SystemExit(f"{path}: needs exactly one quickstart:begin line before one quickstart:end line")
    return textwrap.dedent("\n".join(lines[begin[0] + 1 : end[0]])).strip("\n") + "\n"


def snippets(readme: Path, write: bool) -> list[str]:
    """Problems with the quick-start blocks of one README (rewritten instead when ``write``)."""
    problems = []
    lines = readme.read_text(encoding="utf-8").splitlines(keepends=True)
    out: list[str] = []
    i = 0
    while i < len(lines):
        out.append(lines[i])
        match = MARKER.match(lines[i].rstrip("\n"))
        i += 1
        if not match:
            continue
        source = ROOT / match.group(1)
        if i >= len(lines) or not lines[i].startswith("```"):
            problems.append(f"{readme.relative_to(ROOT)}: no code block after the marker for {match.group(1)}")
            continue
        out.append(lines[i])
        close = next((j for j in range(i + 1, len(lines)) if lines[j].rstrip("\n") == "```"), None)
        if close is None:
            problems.append(f"{readme.relative_to(ROOT)}: unclosed code block for {match.group(1)}")
            break
        shown = "".join(lines[i + 1 : close])
        expected = region(source)
        if shown != expected:
            problems.append(f"{readme.relative_to(ROOT)}: the {match.group(1)} block differs from the file")
        out.append(expected)
        out.append(lines[close])
        i = close + 1
    if write:
        readme.write_text("".join(out), encoding="utf-8")
        return []
    return problems


def facts(readme: Path, msrv: dict[str, str], version: str) -> list[str]:
    name = readme.relative_to(ROOT)
    problems = []
    for line in readme.read_text(encoding="utf-8").splitlines():
        crate = "cardbind-uniffi" if re.search(r"JVM|uniffi|Android", line) else "cardbind-python"
        problems += [f"{name}: says Rust ≥ {v} for {crate}, whose rust-version is {msrv[crate]}"
                     for v in re.findall(r"Rust (?:≥|>=) ?(\d+\.\d+)", line) if v != msrv[crate]]
        problems += [f"{name}: names cardbind{jvm}-{v}, the workspace version is {version}"
                     for jvm, v in re.findall(r"cardbind(-jvm)?-(\d+\.\d+\.\d+)", line) if v != version]
    return problems


def rust_versions() -> tuple[dict[str, str], list[str]]:
    """Each workspace crate's rust-version, and the crates it builds that declare a newer one."""
    metadata = json.loads(subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--locked"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout)
    packages = {p["id"]: p for p in metadata["packages"]}
    deps = {node["id"]: [d["pkg"] for d in node["deps"]
                         if any(k["kind"] in (None, "build") for k in d["dep_kinds"])]
            for node in metadata["resolve"]["nodes"]}

    def minor(v: str) -> tuple[int, ...]:
        return tuple(int(part) for part in v.split(".")[:2])

    declared, problems = {}, []
    for member in metadata["workspace_members"]:
        crate = packages[member]
        if not crate.get("rust_version"):
            continue  # claims nothing (benches)
        declared[crate["name"]] = crate["rust_version"]
        seen, stack = set(), [member]
        while stack:
            current = stack.pop()
            if current not in seen:
                seen.add(current)
                stack += deps[current]
        problems += [f"{crate['name']} declares rust-version {crate['rust_version']} but builds "
                     f"{packages[i]['name']} {packages[i]['version']}, which needs Rust {packages[i]['rust_version']}"
                     for i in sorted(seen)
                     if packages[i].get("rust_version") and minor(packages[i]["rust_version"]) > minor(crate["rust_version"])]
    return declared, problems


def python_code(readme: Path) -> str:
    """Every ```python block of README, in order, as one program."""
    blocks: list[str] = []
    block: list[str] | None = None
    for line in readme.read_text(encoding="utf-8").splitlines(keepends=True):
        if block is None and line.rstrip() == "```python":
            block = []
        elif block is not None and line.rstrip() == "```":
            blocks.append("".join(block))
            block = None
        elif block is not None:
            block.append(line)
    if not blocks:
        raise SystemExit(f"{readme}: no ```python block")
    return "\n".join(blocks)


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "--python-code":
        sys.stdout.write(python_code(Path(argv[1])))
        return 0
    write = argv == ["--write"]
    if argv and not write:
        raise SystemExit(__doc__)
    version = tomllib.loads((ROOT / "Cargo.toml").read_text(encoding="utf-8"))["workspace"]["package"]["version"]
    msrv, problems = rust_versions()
    for name in READMES:
        readme = ROOT / name
        problems += snippets(readme, write)
        problems += facts(readme, msrv, version)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print("run scripts/check-readme.py --write for the code blocks; fix the rest by hand", file=sys.stderr)
        return 1
    count = sum(len(MARKER.findall(line)) for name in READMES for line in (ROOT / name).read_text().splitlines())
    print(f"READMEs: {count} quick-start blocks match their files; Rust ≥ {msrv['cardbind-python']} "
          f"(JVM library: ≥ {msrv['cardbind-uniffi']}), version {version}; rust-versions hold for every crate")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
