#!/usr/bin/env bash
# Run every fuzz target for the given number of seconds each (default 60), starting from the
# committed seed corpus in fuzz/corpus/<target>/. Needs nightly and `cargo install cargo-fuzz`.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
cargo +nightly fuzz build
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for target in $(cargo +nightly fuzz list); do
  mkdir -p "corpus/$target"
  # libFuzzer adds what it finds to the corpus dir; run on a scratch copy so the tree stays clean.
  work=$(mktemp -d)
  cp -r "corpus/$target/." "$work/"
  if ! cargo +nightly fuzz run "$target" "$work" -- -max_total_time="$seconds" -print_final_stats=1 >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "fuzz target $target failed: see the crash above and fuzz/artifacts/$target" >&2
    exit 1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  echo "fuzz $target: ${seconds}s, ${runs:-?} executions, no crash"
  rm -rf "$work"
done
