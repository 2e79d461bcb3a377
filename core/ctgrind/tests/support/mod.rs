//! The probe binaries the tests run, and the tools they run them with.
#![allow(dead_code)] // each test file uses its own part

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The probe over cardbind as it ships (built by `cargo test` itself).
pub const PROBE: &str = env!("CARGO_BIN_EXE_cardbind-ctgrind");

/// The probe over cardbind with its seeded constant-time violations (`ct-seeded-branch`,
/// `ct-seeded-div`), built on first use by a nested `cargo build --release --features seeded`.
/// It goes into the same target directory under its own name (so it replaces nothing, and the
/// dependencies built for [`PROBE`] are reused: only cardbind and the probe are compiled again).
pub fn seeded_probe() -> &'static str {
    static BUILT: OnceLock<String> = OnceLock::new();
    BUILT.get_or_init(|| {
        let probe = PathBuf::from(PROBE);
        // <target>/release/cardbind-ctgrind: the target directory is two levels up.
        let target = probe
            .parent()
            .and_then(|p| p.parent())
            .expect("probe inside a target directory");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let out = Command::new(cargo)
            .args([
                "build",
                "--release",
                "--locked",
                "-p",
                "cardbind-ctgrind",
                "--features",
                "seeded",
            ])
            .args(["--bin", "cardbind-ctgrind-seeded", "--target-dir"])
            .arg(target)
            .output()
            .expect("cargo runs");
        assert!(
            out.status.success(),
            "building the seeded probe failed:\n{}",
            text(&out.stderr)
        );
        let seeded = probe.with_file_name("cardbind-ctgrind-seeded");
        assert!(seeded.is_file(), "{} was built", seeded.display());
        seeded.display().to_string()
    })
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs `program` with `args`, or fails naming the Debian package that provides it.
pub fn run(program: &str, args: &[&str], package: &str) -> Output {
    Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} must be installed (Debian package `{package}`): {e}"))
}
