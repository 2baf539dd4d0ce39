//! `uniffi-bindgen`: generates the Swift, Kotlin and Python bindings from the
//! built `oidc-implicit-ffi` library (see `bindings/generate.sh`).

fn main() {
    uniffi::uniffi_bindgen_main()
}
