//! `cargo run -p uniffi-bindgen -- generate --library <cdylib> --language kotlin --out-dir <dir>`:
//! the generator at exactly the uniffi version the `cardbind-uniffi` library was built with.

fn main() {
    uniffi::uniffi_bindgen_main();
}
