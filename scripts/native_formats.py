"""Just enough of the ar, Mach-O and ELF formats to check what scripts/dist.sh ships.

Used by scripts/xcframework.py, scripts/check-native-artifacts.py and scripts/test-aarch64.sh:
  - ar archives (the common/GNU and BSD variants: rustc writes BSD `#1/<len>` names for Apple
    targets), member by member;
  - Mach-O 64-bit objects: the CPU type, the platform from LC_BUILD_VERSION or
    LC_VERSION_MIN_IPHONEOS (Rust's prebuilt std objects carry the older command), and the
    external symbols the object defines (LC_SYMTAB). Debian's llvm-nm 14 cannot read objects that
    embed newer LLVM bitcode (rustup's prebuilt iOS std does), so the checks read symbol tables
    here and compare with llvm-nm on every object it can read;
  - ELF: class, byte order and e_machine.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Iterator

AR_MAGIC = b"!<arch>\n"
MH_MAGIC_64 = 0xFEEDFACF
CPU_TYPES = {0x0100000C: "arm64", 0x01000007: "x86_64"}
LC_SYMTAB = 0x2
LC_BUILD_VERSION = 0x32
LC_VERSION_MIN_IPHONEOS = 0x25
# <mach-o/loader.h> PLATFORM_* values.
PLATFORMS = {1: "macos", 2: "ios", 3: "tvos", 4: "watchos", 6: "maccatalyst", 7: "ios-simulator"}
ELF_MACHINES = {62: "x86_64", 183: "aarch64"}


class FormatError(ValueError):
    pass


def ar_members(data: bytes) -> Iterator[tuple[str, bytes]]:
    """(name, contents) of every member but the symbol tables (``/``, ``//``, ``__.SYMDEF*``)."""
    if not data.startswith(AR_MAGIC):
        raise FormatError("not an ar archive")
    offset = len(AR_MAGIC)
    long_names = b""
    while offset < len(data):
        header = data[offset : offset + 60]
        if len(header) < 60 or header[58:60] != b"`\n":
            raise FormatError(f"bad ar member header at offset {offset}")
        name = header[:16].decode("ascii").rstrip()
        size = int(header[48:58].decode("ascii").strip())
        body = data[offset + 60 : offset + 60 + size]
        offset += 60 + size + (size & 1)  # members are 2-byte aligned
        if name.startswith("#1/"):  # BSD: the name is the first <len> bytes of the body
            length = int(name[3:])
            name, body = body[:length].rstrip(b"\0").decode("utf-8"), body[length:]
        elif name == "//":  # GNU: the long-name table
            long_names = body
            continue
        elif name.startswith("/") and name[1:].isdigit():
            start = int(name[1:])
            name = long_names[start : long_names.index(b"/\n", start)].decode("utf-8")
        elif name.endswith("/"):
            name = name[:-1]
        if name in ("", "/") or name.startswith("__.SYMDEF"):
            continue
        yield name, body


@dataclass(frozen=True)
class MachO:
    cpu: str  # arm64, x86_64, or the raw cputype in hex
    platform: str | None  # ios, ios-simulator... None when no command says
    minos: str | None
    defined: frozenset[str]  # external symbols defined here, without Mach-O's leading underscore


def macho(data: bytes) -> MachO:
    """The CPU and platform of a thin 64-bit little-endian Mach-O file."""
    if len(data) < 32 or struct.unpack_from("<I", data)[0] != MH_MAGIC_64:
        raise FormatError("not a 64-bit little-endian Mach-O file")
    cputype, _, _, ncmds, _, _, _ = struct.unpack_from("<iiIIIII", data, 4)
    cpu = CPU_TYPES.get(cputype & 0xFFFFFFFF, hex(cputype & 0xFFFFFFFF))
    offset = 32
    platform = minos = None
    defined: frozenset[str] = frozenset()
    for _ in range(ncmds):
        cmd, size = struct.unpack_from("<II", data, offset)
        if cmd == LC_SYMTAB:
            defined = _defined_symbols(data, *struct.unpack_from("<IIII", data, offset + 8))
        elif cmd == LC_BUILD_VERSION:
            number, version = struct.unpack_from("<II", data, offset + 8)
            platform, minos = PLATFORMS.get(number, f"platform {number}"), _version(version)
        elif cmd == LC_VERSION_MIN_IPHONEOS:
            (version,) = struct.unpack_from("<I", data, offset + 8)
            # Only x86_64 objects may use it for the simulator; arm64 ones mean a device.
            platform, minos = ("ios-simulator" if cpu == "x86_64" else "ios"), _version(version)
        if size < 8:
            raise FormatError("bad load command size")
        offset += size
    return MachO(cpu, platform, minos, defined)


def _defined_symbols(data: bytes, symoff: int, nsyms: int, stroff: int, strsize: int) -> frozenset[str]:
    """External symbols with a definition, from nlist_64 entries (<mach-o/nlist.h>)."""
    names = set()
    for index in range(nsyms):
        strx, n_type, _, _, _ = struct.unpack_from("<IBBHQ", data, symoff + 16 * index)
        stab, external, kind = n_type & 0xE0, n_type & 0x01, n_type & 0x0E
        if stab or not external or kind in (0x0, 0xC):  # debugger entries; undefined (N_UNDF, N_PBUD)
            continue
        if strx >= strsize:
            raise FormatError("symbol name outside the string table")
        end = data.index(b"\0", stroff + strx)
        name = data[stroff + strx : end].decode("utf-8")
        names.add(name[1:] if name.startswith("_") else name)
    return frozenset(names)


def _version(packed: int) -> str:
    """xxxx.yy.zz nibbles, as Apple packs versions (13.0 is 0x000d0000)."""
    major, minor, patch = packed >> 16, (packed >> 8) & 0xFF, packed & 0xFF
    return f"{major}.{minor}" + (f".{patch}" if patch else "")


def elf_machine(data: bytes) -> str:
    """The CPU of a 64-bit little-endian ELF file (e_machine)."""
    if data[:4] != b"\x7fELF":
        raise FormatError("not an ELF file")
    if data[4] != 2 or data[5] != 1:
        raise FormatError("not a 64-bit little-endian ELF file")
    (machine,) = struct.unpack_from("<H", data, 18)
    return ELF_MACHINES.get(machine, f"e_machine {machine}")
