//! Puts `memory.x` on the linker search path (cortex-m-rt's `link.x` includes it) and links the
//! binary with `link.x`.

use std::error::Error;
use std::path::PathBuf;
use std::{env, fs};

fn main() -> Result<(), Box<dyn Error>> {
    let out = PathBuf::from(env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
    fs::write(out.join("memory.x"), include_bytes!("memory.x"))?;
    println!("cargo:rustc-link-search={}", out.display());
    // Here rather than in .cargo/config.toml: cargo ignores config `rustflags` whenever the
    // RUSTFLAGS environment variable is set (as CI often does), and reads .cargo/config.toml only
    // when invoked from inside this directory; a build-script link arg works in both cases.
    println!("cargo:rustc-link-arg-bins=-Tlink.x");
    println!("cargo:rerun-if-changed=memory.x");
    println!("cargo:rerun-if-changed=build.rs");
    Ok(())
}
