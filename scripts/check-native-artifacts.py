#!/usr/bin/env python3
"""Structural checks of the native libraries scripts/dist.sh ships for the JVM and iOS.

    scripts/check-native-artifacts.py [--dist DIST]      # scripts/test.sh; exit 1 on any problem

The jar (dist/cardbind-jvm-$V.jar):
  - linux-x86-64/ and linux-aarch64/libcardbind_uniffi.so are ELF files for x86_64 and aarch64;
  - both export exactly the same uniffi_*/ffi_* symbols (llvm-nm -D), and every one that the
    generated Kotlin bindings call is among them.
The XCFramework (dist/CardbindFFI.xcframework):
  - Info.plist parses with plistlib and lists a device slice (ios, arm64) and an Apple-silicon
    simulator slice (ios + simulator, arm64), each naming a library and headers that exist;
  - every member of each slice's static library is a Mach-O object for the slice's CPU whose
    build-version command names the slice's platform (iOS or the iOS simulator);
  - every uniffi_*/ffi_* function the generated Swift calls, and every one the C header declares,
    is defined in each slice (llvm-nm), and each slice's header and module map are the generated ones;
  - CardbindFFI.xcframework.zip holds exactly the xcframework's files, its .checksum file is the
    zip's SHA-256, and where Swift is installed `swift package compute-checksum` prints the same;
  - dist/swift is the release package: bindings/swift/release/Package.swift, the generated
    Cardbind.swift and the same xcframework.
"""

from __future__ import annotations

import argparse
import hashlib
import plistlib
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

from native_formats import ar_members, elf_machine, macho

ROOT = Path(__file__).resolve().parents[1]
SWIFT = ROOT / "bindings" / "swift"
KOTLIN = ROOT / "bindings" / "kotlin" / "src" / "main" / "kotlin" / "io" / "cardbind" / "cardbind.kt"
FFI_NAME = re.compile(r"\b((?:uniffi|ffi)_cardbind_uniffi_\w+)")
JAR_LIBRARIES = {"linux-x86-64": "x86_64", "linux-aarch64": "aarch64"}
# slice identifier -> (SupportedPlatformVariant, CPU, the platform its objects must name)
SLICES = {"ios-arm64": (None, "arm64", "ios"), "ios-arm64-simulator": ("simulator", "arm64", "ios-simulator")}

problems: list[str] = []


def check(condition: bool, problem: str) -> bool:
    if not condition:
        problems.append(problem)
    return condition


def llvm_nm() -> str:
    for name in ("llvm-nm", "llvm-nm-14", "llvm-nm-15", "llvm-nm-16"):
        if shutil.which(name):
            return name
    raise SystemExit("llvm-nm not found (Debian: apt-get install llvm)")


def exported_symbols(library: Path) -> set[str]:
    """The dynamic symbols a shared library defines, as llvm-nm -D lists them."""
    out = subprocess.run([llvm_nm(), "-D", "--defined-only", "--extern-only", "--just-symbol-name", str(library)],
                         check=True, capture_output=True, text=True).stdout
    return {line.strip() for line in out.splitlines() if line.strip()}


def llvm_nm_members(archive: Path) -> dict[str, set[str]]:
    """Defined external symbols per member, for the members llvm-nm can read (no leading _)."""
    run = subprocess.run([llvm_nm(), "--defined-only", "--extern-only", "--just-symbol-name", str(archive)],
                         capture_output=True, text=True)
    members: dict[str, set[str]] = {}
    current = None
    for line in run.stdout.splitlines():
        header = re.fullmatch(re.escape(str(archive)) + r"\((.+)\):", line)
        if header:
            current = members.setdefault(header.group(1), set())
        elif line.endswith(":"):  # a member without symbols, named without the archive
            current = members.setdefault(line[:-1], set())
        elif line.strip() and current is not None:
            current.add(line.strip()[1:] if line.startswith("_") else line.strip())
    unreadable = set(re.findall(re.escape(str(archive)) + r"\(([^)]+)\): Opaque pointers", run.stderr))
    return {name: symbols for name, symbols in members.items() if name not in unreadable}


def ffi_names(text: str) -> set[str]:
    return set(FFI_NAME.findall(text))


def check_jar(jar: Path, work: Path) -> None:
    exported = {}
    with zipfile.ZipFile(jar) as archive:
        for resource, cpu in JAR_LIBRARIES.items():
            name = f"{resource}/libcardbind_uniffi.so"
            if not check(name in archive.namelist(), f"{jar.name}: no {name}"):
                continue
            library = work / resource / "libcardbind_uniffi.so"
            library.parent.mkdir(parents=True)
            library.write_bytes(archive.read(name))
            machine = elf_machine(library.read_bytes())
            check(machine == cpu, f"{jar.name}: {name} is an ELF file for {machine}, not {cpu}")
            exported[resource] = {s for s in exported_symbols(library) if FFI_NAME.fullmatch(s)}
            print(f"{jar.name}: {name}: ELF {machine}, {len(exported[resource])} uniffi/ffi symbols exported")
    if len(exported) == len(JAR_LIBRARIES):
        x86, arm = exported["linux-x86-64"], exported["linux-aarch64"]
        check(x86 == arm, f"{jar.name}: symbols only in x86-64: {sorted(x86 - arm)}; only in aarch64: {sorted(arm - x86)}")
        called = ffi_names(KOTLIN.read_text(encoding="utf-8"))
        check(bool(called) and called <= x86, f"the Kotlin bindings call symbols the libraries lack: {sorted(called - x86)}")
        print(f"{jar.name}: the same {len(x86)} symbols in both libraries, the {len(called)} the Kotlin bindings call among them")


def check_slice(xcframework: Path, entry: dict[str, object], needed: set[str]) -> None:
    identifier = str(entry.get("LibraryIdentifier"))
    expected = SLICES.get(identifier)
    if expected is None:
        check(False, f"Info.plist: unexpected slice {identifier}")
        return
    variant, cpu, platform = expected
    check(entry.get("SupportedPlatform") == "ios", f"{identifier}: SupportedPlatform {entry.get('SupportedPlatform')}")
    check(entry.get("SupportedPlatformVariant") == variant,
          f"{identifier}: SupportedPlatformVariant {entry.get('SupportedPlatformVariant')}, expected {variant}")
    check(entry.get("SupportedArchitectures") == [cpu], f"{identifier}: SupportedArchitectures {entry.get('SupportedArchitectures')}")
    library = xcframework / identifier / str(entry.get("LibraryPath"))
    headers = xcframework / identifier / str(entry.get("HeadersPath"))
    if not check(library.is_file(), f"{identifier}: no library at {library}"):
        return
    for header in ("CardbindFFI.h", "module.modulemap"):
        shipped = headers / header
        check(shipped.is_file() and shipped.read_bytes() == (SWIFT / "Sources" / "CardbindFFI" / header).read_bytes(),
              f"{identifier}: {header} missing or not the generated one")
    members = {name: macho(body) for name, body in ar_members(library.read_bytes())}
    wrong = [f"{name} ({m.cpu}, {m.platform})" for name, m in members.items() if (m.cpu, m.platform) != (cpu, platform)]
    check(bool(members) and not wrong, f"{identifier}: members not {cpu}/{platform}: {wrong[:5]}")
    minimums = sorted({m.minos for m in members.values() if m.minos})
    # The symbol tables as read here, held to llvm-nm's reading of every object it can read.
    by_llvm = llvm_nm_members(library)
    disagree = [name for name, symbols in by_llvm.items() if name in members and symbols != members[name].defined]
    check(not disagree and set(by_llvm) <= set(members), f"{identifier}: llvm-nm reads other symbols in {disagree[:5]}")
    defined = set().union(*(m.defined for m in members.values()))
    missing = needed - defined
    check(not missing, f"{identifier}: functions the Swift bindings need are not defined: {sorted(missing)}")
    check(needed <= set().union(*by_llvm.values()), f"{identifier}: llvm-nm does not find every uniffi/ffi function")
    print(f"{identifier}: {len(members)} Mach-O objects, all {cpu} for {platform} (minimum OS {', '.join(minimums)}); "
          f"all {len(needed)} uniffi/ffi functions defined (symbol tables match llvm-nm on the {len(by_llvm)} "
          f"objects it reads; the others embed LLVM bitcode newer than llvm-nm)")


def check_xcframework(dist: Path) -> None:
    xcframework = dist / "CardbindFFI.xcframework"
    with open(xcframework / "Info.plist", "rb") as plist:
        info = plistlib.load(plist)
    check(info.get("CFBundlePackageType") == "XFWK", f"Info.plist: CFBundlePackageType {info.get('CFBundlePackageType')}")
    check(info.get("XCFrameworkFormatVersion") == "1.0", "Info.plist: XCFrameworkFormatVersion is not 1.0")
    entries = info.get("AvailableLibraries", [])
    identifiers = sorted(str(e.get("LibraryIdentifier")) for e in entries)
    check(identifiers == sorted(SLICES), f"Info.plist: slices {identifiers}, expected {sorted(SLICES)}")
    header = (SWIFT / "Sources" / "CardbindFFI" / "CardbindFFI.h").read_text(encoding="utf-8")
    swift = (SWIFT / "Sources" / "Cardbind" / "Cardbind.swift").read_text(encoding="utf-8")
    called, declared = ffi_names(swift), ffi_names(header)
    check(bool(called) and called <= declared, f"the Swift bindings call functions the header lacks: {sorted(called - declared)}")
    print(f"Info.plist: {', '.join(identifiers)}; the Swift calls {len(called)} of the header's {len(declared)} functions")
    for entry in entries:
        check_slice(xcframework, entry, called | declared)
    check_zip(dist, xcframework)
    check_swift_package(dist, xcframework)


def tree_files(tree: Path) -> dict[str, bytes]:
    return {p.relative_to(tree.parent).as_posix(): p.read_bytes() for p in sorted(tree.rglob("*")) if p.is_file()}


def check_zip(dist: Path, xcframework: Path) -> None:
    archive = dist / "CardbindFFI.xcframework.zip"
    with zipfile.ZipFile(archive) as z:
        zipped = {i.filename: z.read(i) for i in z.infolist() if not i.is_dir()}
    check(zipped == tree_files(xcframework), f"{archive.name} does not hold exactly {xcframework.name}'s files")
    checksum = hashlib.sha256(archive.read_bytes()).hexdigest()
    recorded = (dist / f"{archive.name}.checksum").read_text(encoding="ascii").strip()
    check(recorded == checksum, f"{archive.name}.checksum says {recorded}, the zip's SHA-256 is {checksum}")
    if shutil.which("swift"):
        swift = subprocess.run(["swift", "package", "compute-checksum", str(archive)], check=True,
                               capture_output=True, text=True).stdout.strip()
        check(swift == checksum, f"swift package compute-checksum says {swift}, the .checksum file {checksum}")
        print(f"{archive.name}: swift package compute-checksum agrees: {checksum}")
    else:
        print(f"{archive.name}: {len(zipped)} files, checksum {checksum} (SHA-256; no Swift here to compare "
              "with `swift package compute-checksum`)")


def check_swift_package(dist: Path, xcframework: Path) -> None:
    package = dist / "swift"
    manifest = (package / "Package.swift").read_text(encoding="utf-8")
    check(manifest == (SWIFT / "release" / "Package.swift").read_text(encoding="utf-8"),
          "dist/swift/Package.swift is not bindings/swift/release/Package.swift")
    target = re.search(r'\.binaryTarget\(name: "CardbindFFI", path: "([^"]+)"\)', manifest)
    if target is None:
        check(False, "dist/swift/Package.swift has no .binaryTarget(name: \"CardbindFFI\", path: …)")
    else:
        check(tree_files(package / target.group(1)) == tree_files(xcframework),
              f"dist/swift/{target.group(1)} is not {xcframework.name}")
    check((package / "Sources" / "Cardbind" / "Cardbind.swift").read_bytes()
          == (SWIFT / "Sources" / "Cardbind" / "Cardbind.swift").read_bytes(),
          "dist/swift/Sources/Cardbind/Cardbind.swift is not the generated one")
    print("dist/swift: the release manifest, the generated Swift sources and the same xcframework")


def main() -> int:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    args = parser.parse_args()
    version = tomllib.loads((ROOT / "Cargo.toml").read_text(encoding="utf-8"))["workspace"]["package"]["version"]
    with tempfile.TemporaryDirectory() as work:
        check_jar(args.dist / f"cardbind-jvm-{version}.jar", Path(work))
    check_xcframework(args.dist)
    for problem in problems:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
