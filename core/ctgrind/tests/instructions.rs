//! The constant-time proof sees the instructions (run by `./scripts/test.sh`).
//!
//! memcheck (`constant_time.rs`) reports branches and addresses that depend on a secret, but not
//! an instruction whose *latency* depends on its operands: a division by a secret runs with no
//! report at all (the seeded build below shows it). This check reads the machine code instead.
//! It disassembles the release probe binary (cardbind compiled as it ships) with
//! `objdump -d --no-show-raw-insn -C -w`, starts at every function of `crypto::rsa::private`,
//! `crypto::rsa::mont` and `crypto::rsa::ct`, follows every direct call, tail jump and address
//! taken (including calls through the GOT, resolved with `objdump -R`), and fails on any
//! instruction of [`VARIABLE_LATENCY`] in a function it reached.
//!
//! Accepted on purpose: `mul`, `imul`, `mulx` (the limb products) and `adc`, `sbb`, `adcx`,
//! `adox` (the carry chains) take the same number of cycles whatever their operands on the
//! x86-64 CPUs cardbind targets: Intel lists them among its data-operand-independent-timing
//! instructions (DOIT), and Agner Fog's tables give them one fixed latency on every x86-64 core
//! since Intel Core 2, and on AMD Zen (SECURITY.md has the references).

mod support;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use support::{seeded_probe, text, PROBE};

/// x86-64 instructions whose latency depends on their operands' values (AT&T mnemonics, as
/// objdump prints them; a size suffix `b`, `w`, `l`, `q` or `s` is also matched):
/// integer division (`div`, `idiv`: early exit on small quotients, KyberSlash), SSE/AVX
/// division and square root (operand-dependent on most cores, and subnormals), the x87 divisions,
/// square root, remainder and transcendentals (microcoded), and `pdep`/`pext` (microcoded with
/// a latency that follows the mask's bits on AMD before Zen 3).
const VARIABLE_LATENCY: [&str; 41] = [
    "div", "idiv", //
    "divss", "divsd", "divps", "divpd", "vdivss", "vdivsd", "vdivps", "vdivpd", "vdivsh", "vdivph", //
    "sqrtss", "sqrtsd", "sqrtps", "sqrtpd", "vsqrtss", "vsqrtsd", "vsqrtps", "vsqrtpd", "vsqrtsh", "vsqrtph", //
    "fdiv", "fdivp", "fdivr", "fdivrp", "fidiv", "fidivr", "fsqrt", "fprem", "fprem1", "fsin", "fcos", "fsincos",
    "fptan", "fpatan", "fyl2x", "fyl2xp1", "f2xm1", //
    "pdep", "pext",
];

/// Where the walk stops: panics, failed allocations and aborts. They run only when a public
/// condition fails (an index or length out of range: a bug), and they end the operation; their
/// formatting code is std's, not the private-key path's.
const NOT_ENTERED: [&str; 14] = [
    "core::panicking::",
    "std::panicking::",
    "__rustc::rust_begin_unwind",
    "core::option::expect_failed",
    "core::option::unwrap_failed",
    "core::result::unwrap_failed",
    "core::slice::index::",
    "core::slice::copy_from_slice_impl::len_mismatch_fail",
    "core::cell::panic_already_borrowed",
    "alloc::alloc::handle_alloc_error",
    "alloc::raw_vec::handle_error",
    "alloc::raw_vec::capacity_overflow",
    "std::alloc::rust_oom",
    "std::process::abort",
];

/// The walk starts at every function whose name holds one of these.
const ROOTS: [&str; 3] = [
    "cardbind::crypto::rsa::private::",
    "cardbind::crypto::rsa::mont::",
    "cardbind::crypto::rsa::ct::",
];

/// Functions the walk must reach in the probe (not vacuous): the operations' entry points, the
/// CRT operation, the padding checks, the secret exponentiation, the Montgomery products (looped
/// and straight-line) and crypto-bigint's inversion of the blinding factor.
const MUST_REACH: [&str; 14] = [
    "cardbind::crypto::rsa::private::RsaPrivate::sign_type1",
    "cardbind::crypto::rsa::private::RsaPrivate::decrypt_pkcs1v15",
    "cardbind::crypto::rsa::private::RsaPrivate::decrypt_oaep_sha1",
    "cardbind::crypto::rsa::private::encrypt_pkcs1v15",
    "cardbind::crypto::rsa::private::encrypt_oaep_sha1",
    "cardbind::crypto::rsa::private::crt::CrtKey::private_op",
    "cardbind::crypto::rsa::private::padding::type2_check",
    "cardbind::crypto::rsa::private::padding::oaep_sha1_check",
    "cardbind::crypto::rsa::private::modulus::Mont<_>::pow_secret",
    "cardbind::crypto::rsa::mont::mont_mul",
    "cardbind::crypto::rsa::mont::mont_sqr",
    "cardbind::crypto::rsa::mont::unrolled_mul_16",
    "cardbind::crypto::rsa::mont::unrolled_sqr_8",
    "crypto_bigint::modular::safegcd::invert_odd_mod_precomp",
];

/// Prefixes objdump prints before a mnemonic.
const PREFIXES: [&str; 16] = [
    "lock", "rep", "repz", "repe", "repnz", "repne", "bnd", "notrack", "data16", "addr32", "cs", "ds", "es", "ss",
    "fs", "gs",
];

struct Function {
    name: String,
    /// Address and text (mnemonic and operands) of each instruction.
    instructions: Vec<(u64, String)>,
}

/// What a GOT or data slot holds once relocated.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Slot {
    /// An address in the binary (`R_X86_64_RELATIVE`).
    Internal(u64),
    /// A symbol of a shared library (`memcpy@GLIBC_2.14`).
    External(String),
}

fn hex(word: &str) -> Option<u64> {
    u64::from_str_radix(word, 16).ok()
}

/// Functions of `objdump -d --no-show-raw-insn -C -w` output, by start address.
fn parse_disassembly(listing: &str) -> BTreeMap<u64, Function> {
    let mut functions = BTreeMap::new();
    let mut current: Option<u64> = None;
    for line in listing.lines() {
        if let Some((address, rest)) = line.split_once(" <") {
            if let (Some(address), Some(name)) = (hex(address), rest.strip_suffix(">:")) {
                functions.insert(
                    address,
                    Function {
                        name: name.to_owned(),
                        instructions: Vec::new(),
                    },
                );
                current = Some(address);
                continue;
            }
        }
        let Some((address, instruction)) = line.trim_start().split_once(":\t") else {
            continue;
        };
        if let (Some(address), Some(function)) = (hex(address), current.and_then(|c| functions.get_mut(&c))) {
            function.instructions.push((address, instruction.trim().to_owned()));
        }
    }
    functions
}

/// Relocated slots of `objdump -R` output, by address.
fn parse_relocations(listing: &str) -> HashMap<u64, Slot> {
    listing
        .lines()
        .filter_map(|line| {
            let [offset, kind, value] = line.split_whitespace().collect::<Vec<_>>()[..] else {
                return None;
            };
            let offset = hex(offset)?;
            if kind == "R_X86_64_RELATIVE" {
                Some((offset, Slot::Internal(hex(value.split_once("+0x")?.1)?)))
            } else {
                kind.starts_with("R_X86_64_")
                    .then(|| (offset, Slot::External(value.to_owned())))
            }
        })
        .collect()
}

/// The mnemonic of an instruction's text, past any prefix.
fn mnemonic(instruction: &str) -> &str {
    instruction
        .split_whitespace()
        .find(|word| !PREFIXES.contains(word) && !word.starts_with("rex"))
        .unwrap_or("")
}

fn variable_latency(mnemonic: &str) -> bool {
    VARIABLE_LATENCY.iter().any(|bad| {
        mnemonic == *bad
            || mnemonic
                .strip_prefix(bad)
                .is_some_and(|suffix| ["b", "w", "l", "q", "s"].contains(&suffix))
    })
}

/// The function whose code holds `address` (its start, or an instruction inside it).
fn containing(functions: &BTreeMap<u64, Function>, address: u64) -> Option<u64> {
    let (&start, function) = functions.range(..=address).next_back()?;
    let last = function.instructions.last().map_or(start, |(at, _)| *at);
    (address <= last).then_some(start)
}

/// What the walk reached from the roots.
#[derive(Debug, Default)]
struct Walk {
    /// Each reached function and the function it was reached from (none for a root).
    reached: BTreeMap<u64, Option<u64>>,
    /// Shared-library functions called (not disassembled).
    external: BTreeSet<String>,
    /// Functions of [`NOT_ENTERED`] that were called.
    not_entered: BTreeSet<String>,
    /// Calls through a register or memory that no slot names (function pointers, vtables).
    indirect_calls: usize,
}

/// The functions an instruction refers to: a direct call or jump target (the function holding
/// it), and an address named in objdump's `# address <symbol>` comment (a RIP-relative operand:
/// the start of a function whose address is taken, or a GOT slot naming one).
fn references(
    instruction: &str,
    functions: &BTreeMap<u64, Function>,
    slots: &HashMap<u64, Slot>,
    walk: &mut Walk,
) -> Vec<u64> {
    let m = mnemonic(instruction);
    let branch = m.starts_with('j') || m.starts_with("call");
    let mut targets = Vec::new();
    let operand = instruction
        .split_whitespace()
        .skip_while(|w| *w != m)
        .nth(1)
        .unwrap_or("");
    if branch {
        targets.extend(hex(operand).and_then(|target| containing(functions, target)));
    }
    match instruction
        .split_once("# ")
        .and_then(|(_, c)| hex(c.split_whitespace().next()?))
    {
        Some(address) if functions.contains_key(&address) => targets.push(address),
        Some(address) => match slots.get(&address) {
            Some(Slot::Internal(target)) if functions.contains_key(target) => targets.push(*target),
            Some(Slot::External(name)) => {
                walk.external.insert(name.clone());
            }
            _ => {} // data: a vtable, a constant, a string
        },
        None if m.starts_with("call") && operand.starts_with('*') => walk.indirect_calls += 1,
        None => {}
    }
    targets
}

/// Every function reachable from those whose names hold a [`ROOTS`] entry.
fn walk(functions: &BTreeMap<u64, Function>, slots: &HashMap<u64, Slot>) -> Walk {
    let mut walk = Walk::default();
    let mut pending: Vec<(u64, Option<u64>)> = functions
        .iter()
        .filter(|(_, f)| ROOTS.iter().any(|root| f.name.contains(root)))
        .map(|(&address, _)| (address, None))
        .collect();
    while let Some((address, from)) = pending.pop() {
        if walk.reached.contains_key(&address) {
            continue;
        }
        walk.reached.insert(address, from);
        let Some(function) = functions.get(&address) else {
            continue;
        };
        for (_, instruction) in &function.instructions {
            for target in references(instruction, functions, slots, &mut walk) {
                let Some(callee) = functions.get(&target) else {
                    continue;
                };
                if target == address || walk.reached.contains_key(&target) {
                    continue;
                }
                let name = callee.name.trim_start_matches("__rustc::");
                if callee.name.ends_with("@plt") {
                    walk.external.insert(callee.name.clone());
                } else if NOT_ENTERED.iter().any(|stop| name.starts_with(stop)) {
                    walk.not_entered.insert(callee.name.clone());
                } else {
                    pending.push((target, Some(address)));
                }
            }
        }
    }
    walk
}

/// A variable-latency instruction in a reached function, with how the walk got there.
fn findings(functions: &BTreeMap<u64, Function>, walk: &Walk) -> Vec<String> {
    let mut found = Vec::new();
    for &address in walk.reached.keys() {
        let Some(function) = functions.get(&address) else {
            continue;
        };
        for (at, instruction) in &function.instructions {
            if variable_latency(mnemonic(instruction)) {
                let mut path = vec![function.name.clone()];
                let mut from = walk.reached.get(&address).copied().flatten();
                while let Some(caller) = from {
                    path.push(functions.get(&caller).map_or_else(String::new, |f| f.name.clone()));
                    from = walk.reached.get(&caller).copied().flatten();
                }
                found.push(format!("{at:x}: `{instruction}` in {}", path.join(" ← ")));
            }
        }
    }
    found
}

/// Disassembles `binary` and walks it: its functions, the walk, and what it found.
fn check(binary: &str) -> (BTreeMap<u64, Function>, Walk, Vec<String>) {
    let objdump = |args: &[&str]| {
        let out = support::run("objdump", args, "binutils");
        assert!(out.status.success(), "objdump {args:?}: {}", text(&out.stderr));
        text(&out.stdout)
    };
    let functions = parse_disassembly(&objdump(&["-d", "--no-show-raw-insn", "-C", "-w", binary]));
    let slots = parse_relocations(&objdump(&["-R", binary]));
    let walk = walk(&functions, &slots);
    let found = findings(&functions, &walk);
    (functions, walk, found)
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "needs the release build: cargo test --release -p cardbind-ctgrind"
)]
fn private_key_path_has_no_variable_latency_instruction() {
    let (functions, walk, found) = check(PROBE);
    let reached: Vec<&str> = walk
        .reached
        .keys()
        .filter_map(|a| functions.get(a))
        .map(|f| f.name.as_str())
        .collect();
    let instructions: usize = walk
        .reached
        .keys()
        .filter_map(|a| functions.get(a))
        .map(|f| f.instructions.len())
        .sum();
    eprintln!(
        "instruction check: {} functions, {instructions} instructions; {} indirect calls (the Montgomery \
         products, all roots, and the caller's RNG); not disassembled: {:?}; not entered: {:?}",
        reached.len(),
        walk.indirect_calls,
        walk.external,
        walk.not_entered
    );
    assert!(
        found.is_empty(),
        "variable-latency instructions on the private-key path:\n{}",
        found.join("\n")
    );
    for name in MUST_REACH {
        assert!(
            reached.contains(&name),
            "the walk did not reach {name}; it reached {reached:#?}"
        );
    }
    // Not vacuous: at the time of writing 201 functions and 60,810 instructions.
    assert!(reached.len() >= 150, "only {} functions reached", reached.len());
    assert!(instructions >= 40_000, "only {instructions} instructions read");
    assert!(
        walk.external.iter().any(|e| e.starts_with("memcpy")),
        "{:?}",
        walk.external
    );
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "needs the release build: cargo test --release -p cardbind-ctgrind"
)]
fn instruction_check_reports_a_division_by_a_secret() {
    // cardbind built with `ct-seeded-div`: `u64::MAX / (window | 1)` in the secret exponentiation.
    let (_, _, found) = check(seeded_probe());
    assert!(!found.is_empty(), "the seeded division went unnoticed");
    for finding in &found {
        assert!(
            finding.contains("`div ")
                && finding.contains("cardbind::crypto::rsa::private::modulus::Mont<_>::pow_secret"),
            "{finding}"
        );
    }
}

#[test]
fn variable_latency_mnemonics_are_recognised_with_their_att_suffixes() {
    for bad in [
        "div", "divq", "idivl", "divb", "divsd", "vdivpd", "sqrtss", "vsqrtps", "fdivrp", "fidivl", "fsqrt", "pext",
    ] {
        assert!(variable_latency(bad), "{bad}");
    }
    for fine in [
        "mul", "mulq", "mulx", "imul", "adc", "sbb", "adcx", "adox", "cmovb", "setb", "sub", "shrd", "vpmuludq", "lea",
    ] {
        assert!(!variable_latency(fine), "{fine}");
    }
    assert_eq!(mnemonic("lock cmpxchg %rcx,(%rdx)"), "cmpxchg");
    assert_eq!(mnemonic("data16 cs nopw 0x0(%rax,%rax,1)"), "nopw");
    assert_eq!(mnemonic("notrack jmp *%rax"), "jmp");
}

#[test]
fn the_walk_follows_calls_tail_jumps_and_got_slots_and_stops_at_panics() {
    let listing = "\
0000000000001000 <cardbind::crypto::rsa::private::crt::CrtKey::private_op>:
    1000:\tpush   %rbx
    1004:\tcall   1100 <helper>
    1009:\tcall   *0x2000(%rip)        # 3008 <_DYNAMIC+0x8>
    1010:\tcall   *0x2000(%rip)        # 3010 <_DYNAMIC+0x10>
    1017:\tcall   *0x18(%rax)
    101b:\tjae    1030 <cardbind::crypto::rsa::private::crt::CrtKey::private_op+0x30>
    1020:\tcall   1400 <core::panicking::panic_bounds_check>
    1030:\tjmp    1200 <tail>

0000000000001100 <helper>:
    1100:\tlea    0x100(%rip),%rax        # 1300 <address_taken>
    1107:\tcall   1500 <_Unwind_Resume@plt>
    110c:\tret

0000000000001200 <tail>:
    1200:\tdiv    %rcx
    1203:\tret

0000000000001300 <address_taken>:
    1300:\tret

0000000000001380 <through_got>:
    1380:\tdivsd  %xmm1,%xmm0

0000000000001400 <core::panicking::panic_bounds_check>:
    1400:\tdivl   %ecx

0000000000001500 <_Unwind_Resume@plt>:
    1500:\tjmp    *0x2000(%rip)

0000000000001600 <unreached>:
    1600:\tidivq  %rcx
";
    let relocations = "\
0000000000003008 R_X86_64_RELATIVE  *ABS*+0x0000000000001380
0000000000003010 R_X86_64_GLOB_DAT  memcpy@GLIBC_2.14
";
    let functions = parse_disassembly(listing);
    assert_eq!(functions.len(), 8);
    assert_eq!(functions[&0x1000].instructions.len(), 8);
    let slots = parse_relocations(relocations);
    assert_eq!(slots[&0x3008], Slot::Internal(0x1380));
    let walk = walk(&functions, &slots);
    let reached: Vec<&str> = walk.reached.keys().map(|a| functions[a].name.as_str()).collect();
    assert_eq!(
        reached,
        [
            "cardbind::crypto::rsa::private::crt::CrtKey::private_op",
            "helper",
            "tail",
            "address_taken",
            "through_got"
        ]
    );
    assert_eq!(
        walk.external,
        BTreeSet::from(["memcpy@GLIBC_2.14".to_owned(), "_Unwind_Resume@plt".to_owned()])
    );
    assert_eq!(
        walk.not_entered,
        BTreeSet::from(["core::panicking::panic_bounds_check".to_owned()])
    );
    assert_eq!(walk.indirect_calls, 1);
    assert_eq!(
        findings(&functions, &walk),
        [
            "1200: `div    %rcx` in tail ← cardbind::crypto::rsa::private::crt::CrtKey::private_op",
            "1380: `divsd  %xmm1,%xmm0` in through_got ← cardbind::crypto::rsa::private::crt::CrtKey::private_op",
        ]
    );
}
