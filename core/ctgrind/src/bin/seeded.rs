//! The same probe over cardbind built with its seeded constant-time violations (feature
//! `seeded`): what the self-tests run to show that the checks catch them.

fn main() {
    std::process::exit(cardbind_ctgrind::run(&std::env::args().skip(1).collect::<Vec<_>>()));
}
