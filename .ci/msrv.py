#!/usr/bin/env python3
"""Check the MSRV claim: every crate the published crates can build with (normal and build
dependencies of doorcode, doorcode-cli and doorcode-wasm, all features, as resolved in Cargo.lock) declares a
rust-version at or below the workspace's. Dev-dependencies (tests, benches) are listed but do
not count: they are not part of what users build.

Usage: python3 .ci/msrv.py [-v]   (-v lists every crate; reads `cargo metadata --format-version 1 --locked`)
"""
import json
import subprocess
import sys


def version_tuple(text):
    return tuple(int(part) for part in text.split("."))


def main():
    meta = json.loads(
        subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--locked", "--all-features"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    packages = {p["id"]: p for p in meta["packages"]}
    nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
    roots = [p["id"] for p in meta["packages"] if p["name"] in ("doorcode", "doorcode-cli", "doorcode-wasm") and p["source"] is None]
    msrv = version_tuple(next(packages[r]["rust_version"] for r in roots))

    def walk(start, kinds):
        seen, stack = set(), [start]
        while stack:
            node = stack.pop()
            for dep in nodes[node]["deps"]:
                if any(k["kind"] in kinds for k in dep["dep_kinds"]) and dep["pkg"] not in seen:
                    seen.add(dep["pkg"])
                    stack.append(dep["pkg"])
        return seen

    shipped = set()
    for root in roots:
        shipped |= walk(root, (None, "build"))
    shipped -= set(roots)
    every = set()
    for root in roots:
        every |= {d["pkg"] for d in nodes[root]["deps"]}
        for dep in list(every):
            every |= walk(dep, (None, "build"))
    dev_only = every - shipped - set(roots)

    failures = 0
    print(f"workspace rust-version: {'.'.join(map(str, msrv))}")
    verbose = "-v" in sys.argv
    for label, ids in (("dependency", shipped), ("dev-only", dev_only)):
        rows = sorted(
            ((packages[i]["name"], packages[i]["version"], packages[i].get("rust_version")) for i in ids),
            key=lambda row: (version_tuple(row[2]) if row[2] else (0,), row[0]),
            reverse=True,
        )
        for index, (name, version, declared) in enumerate(rows):
            too_new = declared is not None and version_tuple(declared) > msrv
            if label == "dependency" and too_new:
                failures += 1
            # The five newest requirements of each kind, every failure, or all with -v.
            if verbose or index < 5 or too_new:
                mark = "TOO NEW" if too_new else "ok"
                print(f"  {label:10} {name:24} {version:10} rust-version {declared or '-':8} {mark}")
    shipped_without = [packages[p]["name"] for p in shipped if not packages[p].get("rust_version")]
    print(f"{len(shipped)} dependencies checked ({len(shipped_without)} declare no rust-version: "
          f"{', '.join(sorted(shipped_without)) or 'none'}); {len(dev_only)} dev-only listed")
    if failures:
        print(f"{failures} dependencies need a newer Rust than the workspace's rust-version", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
