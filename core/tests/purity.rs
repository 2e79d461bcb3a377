//! core is sans-I/O: it must never reach for files, sockets, clocks, OS randomness, threads, the
//! environment or stdout. This test reads core's own sources and fails on any such use, so the
//! rule is checked on every `cargo test`, not only by review.

mod support;

use std::path::Path;

/// Each forbidden token with the reason it is forbidden.
const FORBIDDEN: &[(&str, &str)] = &[
    ("std::fs", "file I/O"),
    ("std::net", "sockets"),
    ("std::io::std", "stdin/stdout/stderr"),
    ("std::process", "processes"),
    ("std::thread", "threads"),
    ("std::env", "environment access"),
    ("SystemTime", "wall clock: time is a parameter"),
    ("Instant::now", "monotonic clock: time is a parameter"),
    ("OsRng", "OS randomness: the caller passes an RNG"),
    ("thread_rng", "OS-seeded randomness"),
    ("getrandom", "OS randomness"),
    ("from_entropy", "OS-seeded randomness"),
    ("println!", "logging to stdout"),
    ("eprintln!", "logging to stderr"),
    ("print!(", "logging to stdout"),
    ("dbg!(", "debug output"),
    ("include_bytes!(\"/", "absolute paths"),
];

#[test]
fn core_sources_use_no_io_clock_or_os_randomness() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = support::rust_files(&src);
    assert!(files.len() > 10, "found core's sources ({} files)", files.len());
    let mut violations = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("source is UTF-8");
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for (token, why) in FORBIDDEN {
                if code.contains(token) {
                    violations.push(format!("{}:{}: `{token}` ({why})", file.display(), number + 1));
                }
            }
        }
    }
    assert!(
        violations.is_empty(),
        "core must stay sans-I/O:\n{}",
        violations.join("\n")
    );
}

#[test]
fn core_manifest_enables_no_os_randomness() {
    let manifest = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
        .expect("core/Cargo.toml is readable");
    let deps = manifest.split("[dev-dependencies]").next().unwrap_or("");
    for token in ["getrandom", "\"std_rng\"", "\"os_rng\""] {
        assert!(!deps.contains(token), "core/Cargo.toml enables {token}");
    }
}
