//! Generates the C header `bindings/c/include/oidc_implicit.h` from the
//! `extern "C"` functions in `src/capi/` with cbindgen (pinned in
//! Cargo.toml). The header is committed; it is rewritten only when its
//! content changes, and `bindings/run.sh` fails when a build changed it.

use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    let crate_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    let committed = crate_dir.join("../bindings/c/include/oidc_implicit.h");

    println!("cargo:rerun-if-changed=src/capi");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-changed={}", committed.display());

    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml"))?;
    let generated = out_dir.join("oidc_implicit.h");
    cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config)
        .generate()?
        .write_to_file(&generated);

    let fresh = std::fs::read(&generated)?;
    if std::fs::read(&committed).ok().as_deref() != Some(fresh.as_slice()) {
        if let Some(dir) = committed.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&committed, &fresh)?;
    }
    Ok(())
}
