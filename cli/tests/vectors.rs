//! The committed vectors in `vectors/` must be exactly what the generator produces.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    missing_docs
)]

use std::path::PathBuf;

use doorcode_cli::vectors::{VectorFile, generate};

fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("vectors")
}

fn generated() -> Vec<VectorFile> {
    generate().unwrap_or_else(|e| panic!("the vector generator failed: {e}"))
}

#[test]
fn committed_vectors_are_current() {
    let dir = vectors_dir();
    let mut problems = Vec::new();
    for file in generated() {
        let path = dir.join(file.name);
        match std::fs::read_to_string(&path) {
            Err(e) => problems.push(format!("{}: cannot read: {e}", path.display())),
            Ok(text) if text == file.contents => {}
            Ok(text) => {
                let line = text
                    .lines()
                    .zip(file.contents.lines())
                    .position(|(a, b)| a != b)
                    .map_or_else(
                        || "lengths differ".to_owned(),
                        |n| format!("first difference at line {}", n + 1),
                    );
                problems.push(format!("{}: differs ({line})", path.display()));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "the committed vectors differ from what the code produces:\n  {}\n\
         if the change is intended, run `cargo run -p doorcode-cli -- vectors generate` from the \
         workspace root and review the diff",
        problems.join("\n  ")
    );
}

#[test]
fn generation_is_deterministic() {
    assert_eq!(generated(), generated());
}

#[test]
fn files_have_the_wycheproof_shape() {
    for file in generated() {
        assert!(file.contents.ends_with("}\n"), "{}", file.name);
        let json: serde_json::Value = serde_json::from_str(&file.contents).unwrap();
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "algorithm",
                "generatorVersion",
                "numberOfTests",
                "notes",
                "header",
                "testGroups"
            ],
            "{}",
            file.name
        );
        let mut next_id = 1u64;
        let (mut valid, mut invalid) = (0, 0);
        for group in json["testGroups"].as_array().unwrap() {
            assert!(group["type"].is_string());
            for test in group["tests"].as_array().unwrap() {
                assert_eq!(test["tcId"].as_u64(), Some(next_id), "{}", file.name);
                next_id += 1;
                assert!(!test["comment"].as_str().unwrap().is_empty());
                for flag in test["flags"].as_array().unwrap() {
                    let flag = flag.as_str().unwrap();
                    assert!(json["notes"][flag]["description"].is_string(), "{flag}");
                }
                match test["result"].as_str() {
                    Some("valid") => valid += 1,
                    Some("invalid") => invalid += 1,
                    other => panic!("result {other:?}"),
                }
                let keys: Vec<&String> = test.as_object().unwrap().keys().collect();
                assert_eq!(keys.first().map(|k| k.as_str()), Some("tcId"));
                assert_eq!(keys.last().map(|k| k.as_str()), Some("result"));
            }
        }
        assert_eq!(json["numberOfTests"].as_u64(), Some(next_id - 1));
        assert_eq!(file.tests, next_id - 1);
        assert!(
            valid > 0 && invalid > 0,
            "{}: both kinds of case",
            file.name
        );
        // Byte strings are lowercase hex.
        for field in ["\"doorKey\"", "\"siteSecret\"", "\"doorId\""] {
            for line in file
                .contents
                .lines()
                .filter(|l| l.trim_start().starts_with(field))
            {
                let value = line.split('"').nth(3).unwrap();
                assert!(
                    value
                        .bytes()
                        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
                    "{line}"
                );
            }
        }
    }
}

#[test]
fn required_cases_are_present() {
    let files = generated();
    let verify = files
        .iter()
        .find(|f| f.name == "doorcode_daily_verify_test.json")
        .unwrap();
    for reject in [
        "NoMatch",
        "Malformed.WrongLength",
        "Malformed.InvalidCharacter",
        "Malformed.Empty",
        "Malformed.TooLong",
        "ClockOutOfRange",
    ] {
        assert!(
            verify
                .contents
                .contains(&format!("\"reject\": \"{reject}\"")),
            "{reject}"
        );
    }
    for flag in [
        "MidnightBoundary",
        "Grace",
        "WrongDoor",
        "WrongIssuer",
        "WrongEpoch",
        "Separators",
        "Malformed",
    ] {
        assert!(verify.contents.contains(&format!("\"{flag}\"")), "{flag}");
    }
    let keys = files
        .iter()
        .find(|f| f.name == "doorcode_keys_test.json")
        .unwrap();
    assert!(keys.tests >= 12 + 5);
    let issue = files
        .iter()
        .find(|f| f.name == "doorcode_daily_issue_test.json")
        .unwrap();
    for date in ["2028-02-29", "1900-01-01", "9999-12-31"] {
        assert!(issue.contents.contains(date), "{date}");
    }
    for digits in [6, 7, 8, 12] {
        assert!(
            issue.contents.contains(&format!("\"digits\": {digits},")),
            "{digits}"
        );
    }
}
