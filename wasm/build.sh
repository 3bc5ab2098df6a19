#!/usr/bin/env bash
# Build the npm package: compile doorcode-wasm for wasm32-unknown-unknown, run wasm-bindgen
# (--target nodejs) into wasm/pkg, and print the .wasm size raw and gzipped.
#
# Usage: bash wasm/build.sh        (from the repository root or from wasm/; `npm run build` in wasm/)
# Honours CARGO_TARGET_DIR. Requires: rustup target wasm32-unknown-unknown, and wasm-bindgen-cli
# of exactly the version the crate pins (checked below).
set -euo pipefail

wasm_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root_dir="$(cd "$wasm_dir/.." && pwd)"
cd "$root_dir"

# wasm-bindgen's CLI and the crate must agree exactly, or the generated glue does not match the
# module. Take the crate's version from Cargo.lock (what is actually built), falling back to the
# `=x.y.z` pin in wasm/Cargo.toml.
wanted="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock 2>/dev/null || true)"
if [ -z "$wanted" ]; then
    wanted="$(sed -n 's/^wasm-bindgen *= *"=\{0,1\}\([0-9.]*\)".*/\1/p' "$wasm_dir/Cargo.toml" | head -n 1)"
fi
if [ -z "$wanted" ]; then
    echo "build.sh: cannot find the wasm-bindgen version in Cargo.lock or wasm/Cargo.toml" >&2
    exit 1
fi
if ! command -v wasm-bindgen >/dev/null 2>&1; then
    echo "build.sh: wasm-bindgen is not installed; install the matching CLI with:" >&2
    echo "    cargo install wasm-bindgen-cli --version $wanted" >&2
    exit 1
fi
have="$(wasm-bindgen --version | awk '{ print $2 }')"
if [ "$have" != "$wanted" ]; then
    echo "build.sh: wasm-bindgen CLI is $have but the crate uses wasm-bindgen $wanted; install the matching CLI with:" >&2
    echo "    cargo install wasm-bindgen-cli --version $wanted --force" >&2
    exit 1
fi

# Size matters more than speed for a package downloaded by phones: optimise for size with
# whole-program LTO. The workspace's [profile.release] is tuned for the backend, so these are set
# for this command only (each can be overridden from the environment).
export CARGO_PROFILE_RELEASE_OPT_LEVEL="${CARGO_PROFILE_RELEASE_OPT_LEVEL:-s}"
export CARGO_PROFILE_RELEASE_LTO="${CARGO_PROFILE_RELEASE_LTO:-true}"
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS="${CARGO_PROFILE_RELEASE_CODEGEN_UNITS:-1}"
echo "build.sh: release profile with opt-level=$CARGO_PROFILE_RELEASE_OPT_LEVEL lto=$CARGO_PROFILE_RELEASE_LTO codegen-units=$CARGO_PROFILE_RELEASE_CODEGEN_UNITS"
cargo build -p doorcode-wasm --target wasm32-unknown-unknown --release

target_dir="${CARGO_TARGET_DIR:-target}"
case "$target_dir" in
    /*) ;;
    *) target_dir="$root_dir/$target_dir" ;;
esac
wasm="$target_dir/wasm32-unknown-unknown/release/doorcode_wasm.wasm"
if [ ! -f "$wasm" ]; then
    echo "build.sh: expected $wasm after cargo build" >&2
    exit 1
fi

rm -rf "$wasm_dir/pkg"
# The name section only serves debuggers and profilers; it is a sixth of the module.
wasm-bindgen --target nodejs --remove-name-section --remove-producers-section \
    --out-dir "$wasm_dir/pkg" "$wasm"

out="$wasm_dir/pkg/doorcode_wasm_bg.wasm"
raw=$(wc -c <"$out")
gz=$(gzip -9 -c "$out" | wc -c)
printf 'doorcode_wasm_bg.wasm: %d bytes raw, %d bytes gzipped (-9)\n' "$raw" "$gz"
