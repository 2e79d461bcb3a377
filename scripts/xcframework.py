#!/usr/bin/env python3
"""Assembles dist/CardbindFFI.xcframework and the release Swift package (scripts/dist.sh ios).

    scripts/xcframework.py --dist DIST device=LIB.a simulator=LIB.a

Lays out, as `xcodebuild -create-xcframework -library LIB -headers Headers` would (no Xcode here):

    CardbindFFI.xcframework/
      Info.plist                                  AvailableLibraries: one entry per slice
      ios-arm64/libcardbind_uniffi.a              devices
      ios-arm64/Headers/CardbindFFI.h             the generated C declarations (bindings/swift/Sources/CardbindFFI)
      ios-arm64/Headers/module.modulemap          `module CardbindFFI`, what `import CardbindFFI` finds
      ios-arm64-simulator/…                       Apple-silicon simulators, the same files

then DIST/CardbindFFI.xcframework.zip (entries in a fixed order with fixed dates, so the same
libraries give the same bytes) and DIST/CardbindFFI.xcframework.zip.checksum: the SHA-256 of the
zip in hex, which is what `swift package compute-checksum` prints for a `.binaryTarget(url:
checksum:)`. Last DIST/swift/: bindings/swift/release/Package.swift, the generated
Sources/Cardbind/Cardbind.swift and the xcframework (hard links), a package an app adds by path.

Each library must be one CPU's Mach-O archive (scripts/native_formats.py reads which); a
simulator slice with two CPUs would need a fat archive, which nothing here builds.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import plistlib
import shutil
import zipfile
from pathlib import Path

from native_formats import ar_members, macho

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ROOT / "bindings" / "swift" / "Sources"
NAME = "CardbindFFI"
LIBRARY = "libcardbind_uniffi.a"
HEADERS = ("CardbindFFI.h", "module.modulemap")
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: no build time leaks into the checksum


def cpu_of(library: Path) -> str:
    """The one CPU every member of a static library is for."""
    cpus = {macho(body).cpu for _, body in ar_members(library.read_bytes())}
    if len(cpus) != 1:
        raise SystemExit(f"{library}: members for {sorted(cpus) or 'no CPU'}; one slice is one CPU")
    return cpus.pop()


def slice_entry(variant: str, library: Path, xcframework: Path) -> dict[str, object]:
    cpu = cpu_of(library)
    identifier = f"ios-{cpu}" + ("-simulator" if variant == "simulator" else "")
    headers = xcframework / identifier / "Headers"
    headers.mkdir(parents=True)
    shutil.copyfile(library, xcframework / identifier / LIBRARY)
    for header in HEADERS:
        shutil.copyfile(GENERATED / NAME / header, headers / header)
    entry: dict[str, object] = {
        "BinaryPath": LIBRARY,
        "HeadersPath": "Headers",
        "LibraryIdentifier": identifier,
        "LibraryPath": LIBRARY,
        "SupportedArchitectures": [cpu],
        "SupportedPlatform": "ios",
    }
    if variant == "simulator":
        entry["SupportedPlatformVariant"] = "simulator"
    return entry


def zip_tree(tree: Path, archive: Path) -> str:
    """Zips TREE (as its own top-level folder) reproducibly; returns the archive's SHA-256."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for path in sorted([tree, *tree.rglob("*")]):
            name = path.relative_to(tree.parent).as_posix() + ("/" if path.is_dir() else "")
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.create_system = 3  # Unix, so the modes below are read
            info.external_attr = ((0o40755 if path.is_dir() else 0o100644) << 16) | (0x10 if path.is_dir() else 0)
            info.compress_type = zipfile.ZIP_STORED if path.is_dir() else zipfile.ZIP_DEFLATED
            out.writestr(info, b"" if path.is_dir() else path.read_bytes())
    return hashlib.sha256(archive.read_bytes()).hexdigest()


def swift_package(dist: Path, xcframework: Path) -> None:
    package = dist / "swift"
    shutil.rmtree(package, ignore_errors=True)
    (package / "Sources" / "Cardbind").mkdir(parents=True)
    shutil.copyfile(ROOT / "bindings" / "swift" / "release" / "Package.swift", package / "Package.swift")
    shutil.copyfile(GENERATED / "Cardbind" / "Cardbind.swift", package / "Sources" / "Cardbind" / "Cardbind.swift")
    # SwiftPM wants a local binary target inside the package: the same files, linked, not copied.
    shutil.copytree(xcframework, package / xcframework.name, copy_function=os.link)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, required=True)
    parser.add_argument("slices", nargs="+", metavar="device=LIB|simulator=LIB")
    args = parser.parse_args()
    xcframework = args.dist / f"{NAME}.xcframework"
    shutil.rmtree(xcframework, ignore_errors=True)
    xcframework.mkdir(parents=True)
    entries = []
    for spec in args.slices:
        variant, _, library = spec.partition("=")
        if variant not in ("device", "simulator") or not library:
            parser.error(f"{spec}: expected device=LIB or simulator=LIB")
        entries.append(slice_entry(variant, Path(library), xcframework))
    identifiers = [e["LibraryIdentifier"] for e in entries]
    if len(set(identifiers)) != len(identifiers):
        raise SystemExit(f"two slices for the same platform and CPU: {identifiers}")
    info = {
        "AvailableLibraries": entries,
        "CFBundlePackageType": "XFWK",
        "XCFrameworkFormatVersion": "1.0",
    }
    with open(xcframework / "Info.plist", "wb") as out:
        plistlib.dump(info, out, fmt=plistlib.FMT_XML, sort_keys=True)
    archive = args.dist / f"{NAME}.xcframework.zip"
    checksum = zip_tree(xcframework, archive)
    (args.dist / f"{archive.name}.checksum").write_text(checksum + "\n", encoding="ascii")
    swift_package(args.dist, xcframework)
    for entry in entries:
        library = xcframework / str(entry["LibraryIdentifier"]) / LIBRARY
        print(f"{entry['LibraryIdentifier']}: {library.stat().st_size:,} bytes")
    print(f"{archive.name}: {archive.stat().st_size:,} bytes, SwiftPM checksum {checksum}")
    print(f"{args.dist / 'swift'}: the release Swift package (.binaryTarget path {xcframework.name})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
