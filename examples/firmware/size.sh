#!/usr/bin/env bash
# Build the Cortex-M4F firmware example (examples/firmware) in release and print its section
# sizes, one line per section:
#
#   firmware .text 12345 bytes
#
# Flash = every section loaded from the image (.vector_table, .text, .rodata and the initial
# values of .data); static RAM = .data + .bss + .uninit (the stack comes on top of that).
# Exits non-zero if the build fails or .text (or the whole flash image) exceeds 256 KiB.
#
# Uses only cargo and readelf (binutils); no cargo-binutils or llvm-size needed.
set -euo pipefail

readonly TARGET=thumbv7em-none-eabihf
readonly FLASH_LIMIT=$((256 * 1024))

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
firmware="$root/examples/firmware"

if ! command -v readelf >/dev/null 2>&1; then
    echo "firmware-size: readelf not found (install binutils)" >&2
    exit 2
fi
if command -v rustup >/dev/null 2>&1 && ! rustup target list --installed | grep -qx "$TARGET"; then
    rustup target add "$TARGET" >&2
fi

# Ask cargo where it put the binary instead of guessing the target directory (CARGO_TARGET_DIR
# may point anywhere). Diagnostics still go to stderr.
build_log="$(mktemp)"
trap 'rm -f "$build_log"' EXIT
if ! (cd "$firmware" && cargo build --release --target "$TARGET" \
        --message-format=json-render-diagnostics >"$build_log"); then
    echo "firmware-size: build failed" >&2
    exit 1
fi
elf="$(grep '"reason":"compiler-artifact"' "$build_log" \
    | grep -o '"executable":"[^"]*"' | tail -n 1 | cut -d'"' -f4 || true)"
if [[ -z "$elf" || ! -f "$elf" ]]; then
    echo "firmware-size: build produced no executable" >&2
    exit 1
fi

# readelf -SW rows look like
#   [ 2] .text   PROGBITS   08000400 010400 00348c 00  AX  0   0  4
# Drop the "[Nr]" column (it may contain a space), then: name type addr off size es flags ...
# The flags column is absent when a section has none, so look for "A" (alloc) only when the
# field after ES is not a number.
sections="$(readelf -SW "$elf" | awk '
    /^ *\[ *[0-9]+\]/ {
        sub(/^ *\[ *[0-9]+\] */, "")
        flags = ($7 ~ /^[0-9]+$/) ? "" : $7
        print $1, $2, $5, flags
    }')"

size_of() { # hex size of a named section, 0 if absent
    local hex
    hex="$(awk -v name="$1" '$1 == name { print $3; exit }' <<<"$sections")"
    echo $((16#${hex:-0}))
}

text=$(size_of .text)
rodata=$(size_of .rodata)
data=$(size_of .data)
bss=$(size_of .bss)
uninit=$(size_of .uninit)
vectors=$(size_of .vector_table)
flash=0
while read -r name type hex flags; do
    if [[ "$flags" == *A* && "$type" != NOBITS ]]; then
        flash=$((flash + 16#$hex))
    fi
done <<<"$sections"

echo "firmware target $TARGET"
echo "firmware .vector_table $vectors bytes"
echo "firmware .text $text bytes"
echo "firmware .rodata $rodata bytes"
echo "firmware .data $data bytes"
echo "firmware .bss $bss bytes"
echo "firmware flash $flash bytes"
echo "firmware static_ram $((data + bss + uninit)) bytes"

status=0
if ((text > FLASH_LIMIT)); then
    echo "firmware-size: .text is $text bytes, over the $FLASH_LIMIT-byte (256 KiB) budget" >&2
    status=1
fi
if ((flash > FLASH_LIMIT)); then
    echo "firmware-size: flash image is $flash bytes, over the $FLASH_LIMIT-byte (256 KiB) budget" >&2
    status=1
fi
exit "$status"
