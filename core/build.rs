//! Sets `cardbind_safe_adc` when the compiler is Rust 1.93 or later, where
//! `core::arch::x86_64::_addcarry_u64` / `_subborrow_u64` became safe to call. Core forbids
//! `unsafe`, so older compilers (the MSRV is 1.89) build the portable carries instead: the same
//! results, more instructions (`src/crypto/rsa/mont.rs`). Runs at build time only; core itself does no I/O.

use std::process::Command;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(cardbind_safe_adc)");
    println!("cargo::rerun-if-changed=build.rs");
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let minor = Command::new(rustc)
        .arg("--version")
        .output()
        .ok()
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .and_then(|version| {
            // "rustc 1.95.0 (59807616e 2026-04-14)"
            let number = version.split_whitespace().nth(1)?.to_owned();
            let mut parts = number.split('.');
            let major: u32 = parts.next()?.parse().ok()?;
            let minor: u32 = parts.next()?.parse().ok()?;
            Some((major, minor))
        });
    if minor.is_some_and(|(major, minor)| major > 1 || minor >= 93) {
        println!("cargo::rustc-cfg=cardbind_safe_adc");
    }
}
