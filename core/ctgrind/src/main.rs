//! The probe binary the constant-time proof runs under valgrind (see `src/lib.rs`).

fn main() {
    std::process::exit(cardbind_ctgrind::run(&std::env::args().skip(1).collect::<Vec<_>>()));
}
