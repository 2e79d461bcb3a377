//! The constant-time proof, run by `./scripts/test.sh` (`cargo test --release -p cardbind-ctgrind`).
//!
//! The probe binary (`src/lib.rs`) runs every private-key operation of cardbind as it ships with
//! the key material, the blinding randomness and the ciphertexts marked undefined for valgrind's
//! memcheck; memcheck then reports any branch or memory address derived from them. Only release
//! builds are meaningful (debug builds add overflow-check branches and differ from what ships).

mod support;

use std::path::PathBuf;

use support::{seeded_probe, text, PROBE};

/// The report memcheck gives for a secret-dependent branch or address.
const LEAKS: [&str; 2] = [
    "Conditional jump or move depends on uninitialised value",
    "Use of uninitialised value",
];

fn valgrind(args: &[&str]) -> std::process::Output {
    support::run("valgrind", args, "valgrind (./scripts/test.sh installs it)")
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "needs the release build: cargo test --release -p cardbind-ctgrind"
)]
fn private_key_operations_branch_and_index_on_no_secret() {
    let out = valgrind(&[
        "--tool=memcheck",
        "--error-exitcode=99",
        "--track-origins=yes",
        PROBE,
        "check",
    ]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    for leak in LEAKS {
        assert!(
            !stderr.contains(leak),
            "memcheck found a secret-dependent operation:\n{stderr}"
        );
    }
    assert!(out.status.success(), "probe failed: {stdout}\n{stderr}");
    // 6 keys × (3 signatures + type-1 blocks + 2 PKCS#1 v1.5 + 2 OAEP decryptions), and per key
    // 16 declassifications, each through cardbind's one declassification point (replaced by the
    // probe's): a signature's verdict and bytes (3 × 2, and 2 for the type-1 block), an
    // encryption's ciphertext (2 × 1), a good decryption's verdict and length (2 × 2), a bad
    // decryption's verdict alone (2 × 1).
    assert!(
        stdout.contains("ctgrind: 48 private-key operations checked, 96 declassifications (valgrind: true)"),
        "{stdout}"
    );
    assert!(stderr.contains("ERROR SUMMARY: 0 errors"), "{stderr}");
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "needs the release build: cargo test --release -p cardbind-ctgrind"
)]
fn harness_catches_a_variable_time_final_subtraction() {
    // cardbind built with `ct-seeded-branch`: the products' final subtraction is a branch.
    let out = valgrind(&["--tool=memcheck", seeded_probe(), "check"]);
    let stderr = text(&out.stderr);
    assert!(stderr.contains(LEAKS[0]), "the seeded branch went unnoticed:\n{stderr}");
    assert!(
        stderr.contains("reduce_once_by_branch"),
        "reported where the branch is:\n{stderr}"
    );
    assert!(
        text(&out.stdout).contains("ctgrind: 48 private-key operations checked"),
        "the seeded build still computes right"
    );
}

/// Instructions executed inside the private-key path (the CRT operation and the padding
/// check, callees included) over three decryptions, counting only code of the probe binary:
/// libc's allocator follows heap state, not data (`_int_malloc` differs by a few instructions
/// once a decryption has returned a message).
fn decryption_instructions(mode: &str, check: &str) -> u64 {
    let file: PathBuf = std::env::temp_dir().join(format!("cardbind-ctgrind-{}-{mode}.out", std::process::id()));
    let file_arg = format!("--callgrind-out-file={}", file.display());
    let out = valgrind(&[
        "--tool=callgrind",
        &file_arg,
        "--toggle-collect=cardbind::crypto::rsa::private::crt::CrtKey::private_op",
        &format!("--toggle-collect=cardbind::crypto::rsa::private::padding::{check}"),
        PROBE,
        "count",
        mode,
    ]);
    assert!(out.status.success(), "{mode}: {}", text(&out.stderr));
    let annotate = std::process::Command::new("callgrind_annotate")
        .args(["--threshold=100", &file.display().to_string()])
        .output()
        .expect("callgrind_annotate (ships with valgrind)");
    let _ = std::fs::remove_file(&file);
    let report = text(&annotate.stdout);
    let total: u64 = report
        .lines()
        .filter(|line| line.contains("cardbind-ctgrind]"))
        .filter_map(|line| line.split_whitespace().next())
        .filter_map(|count| count.replace(',', "").parse::<u64>().ok())
        .sum();
    assert!(total > 1_000_000, "{mode}: nothing collected:\n{report}");
    total
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "needs the release build: cargo test --release -p cardbind-ctgrind"
)]
fn decryption_costs_the_same_instructions_for_valid_and_invalid_padding() {
    let valid = decryption_instructions("v15-valid", "type2_check");
    let invalid = decryption_instructions("v15-invalid", "type2_check");
    assert_eq!(valid, invalid, "PKCS#1 v1.5: valid vs invalid padding");
    let valid = decryption_instructions("oaep-valid", "oaep_sha1_check");
    let invalid = decryption_instructions("oaep-invalid", "oaep_sha1_check");
    assert_eq!(valid, invalid, "OAEP: valid vs invalid padding");
}
