//! End-to-end tests of the `doorcode` binary, and hand-checked values for its RFC 3339 parser.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    missing_docs
)]

use std::path::PathBuf;
use std::process::Command;

use doorcode_cli::time::{parse_instant, parse_rfc3339, parse_utc_offset};

const SITE_KEY: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

struct Output {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run_with_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_doorcode"));
    command
        .args(args)
        .env_remove("DOORCODE_SITE_KEY")
        .env_remove("DOORCODE_DOOR_KEY");
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().expect("the binary runs");
    Output {
        code: output.status.code().expect("exited normally"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

fn run(args: &[&str]) -> Output {
    run_with_env(args, &[])
}

/// A failure: non-zero exit, not a panic, exactly one `error:` line on stderr.
fn assert_clean_error(args: &[&str], expect_in_message: &str) {
    let out = run(args);
    assert_ne!(out.code, 0, "{args:?} succeeded: {}", out.stdout);
    assert_ne!(out.code, 101, "{args:?} panicked: {}", out.stderr);
    assert!(!out.stderr.contains("panicked"), "{args:?}: {}", out.stderr);
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{args:?}: stderr was {:?}", out.stderr);
    assert!(lines[0].starts_with("error: "), "{args:?}: {}", lines[0]);
    assert!(
        lines[0].contains(expect_in_message),
        "{args:?}: '{}' does not mention '{expect_in_message}'",
        lines[0]
    );
}

fn issue(extra: &[&str]) -> String {
    let mut args = vec![
        "daily",
        "issue",
        "--site-key",
        SITE_KEY,
        "--door",
        "front-door",
    ];
    args.extend_from_slice(extra);
    let out = run(&args);
    assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    out.stdout.trim().to_owned()
}

// ------------------------------------------------------------------------------------------
// RFC 3339, checked against instants computed by hand.

#[test]
fn rfc3339_hand_checked_instants() {
    // The epoch itself, and one second before it.
    assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z").unwrap(), 0);
    assert_eq!(parse_rfc3339("1969-12-31T23:59:59Z").unwrap(), -1);

    // 2000-01-01: 30 years of 365 days = 10_950 days, plus 7 leap days (1972, 76, 80, 84, 88,
    // 92, 96) = 10_957 days; x 86_400 = 946_684_800.
    assert_eq!(parse_rfc3339("2000-01-01T00:00:00Z").unwrap(), 946_684_800);

    // 2026-11-22T09:30:00Z: 1970..2026 is 56 years = 20_440 days + 14 leap days (1972..=2024)
    // = 20_454 days to 2026-01-01; January..October = 31+28+31+30+31+30+31+31+30+31 = 304
    // days, plus 21 = 20_779 days to 2026-11-22; x 86_400 = 1_795_305_600; plus 9 h 30 min =
    // 34_200 s gives 1_795_339_800. The same instant written with +01:00 and -05:00 offsets.
    let instant = 1_795_339_800;
    assert_eq!(parse_rfc3339("2026-11-22T09:30:00Z").unwrap(), instant);
    assert_eq!(parse_rfc3339("2026-11-22T10:30:00+01:00").unwrap(), instant);
    assert_eq!(parse_rfc3339("2026-11-22T04:30:00-05:00").unwrap(), instant);
    assert_eq!(parse_rfc3339("2026-11-22t09:30:00z").unwrap(), instant);
    assert_eq!(parse_rfc3339("2026-11-22 09:30:00Z").unwrap(), instant);
    // A fraction of a second is dropped (floor: it only ever adds to the instant).
    assert_eq!(parse_rfc3339("2026-11-22T09:30:00.999Z").unwrap(), instant);
    // Midnight UTC written at +05:45 (Nepal): 05:45 local = 00:00Z = 1_795_305_600.
    assert_eq!(
        parse_rfc3339("2026-11-22T05:45:00+05:45").unwrap(),
        1_795_305_600
    );

    // 2028-02-29T12:00:00-05:00 = 17:00Z: 58 years = 21_170 days + 14 leap days (1972..=2024)
    // = 21_184 days to 2028-01-01, + 31 (January) + 28 (February 1..28) = 21_243 days;
    // x 86_400 = 1_835_395_200; + 17 h = 61_200 s gives 1_835_456_400.
    assert_eq!(
        parse_rfc3339("2028-02-29T12:00:00-05:00").unwrap(),
        1_835_456_400
    );

    // 1900-01-01: 70 years = 25_550 days + 17 leap days (1904..=1968; 1900 is not one) =
    // 25_567 days before the epoch; x 86_400 = 2_208_988_800.
    assert_eq!(
        parse_rfc3339("1900-01-01T00:00:00Z").unwrap(),
        -2_208_988_800
    );

    // Unix seconds are accepted as they are.
    assert_eq!(parse_instant("1795339800").unwrap(), instant);
    assert_eq!(parse_instant("-1").unwrap(), -1);
    assert_eq!(parse_instant("2026-11-22T10:30:00+01:00").unwrap(), instant);
}

#[test]
fn rfc3339_refuses_what_it_should() {
    for text in [
        "2026-11-22T09:30:00",        // no offset
        "2026-11-22T09:30Z",          // no seconds
        "2026-02-29T00:00:00Z",       // 2026 is not a leap year
        "2026-11-22T24:00:00Z",       // hour 24
        "2026-11-22T23:59:60Z",       // leap second
        "2026-11-22T10:30:00+1:00",   // one-digit offset hour
        "2026-11-22T10:30:00+01:00x", // trailing text
        "2026-11-22T10:30:00.Z",      // empty fraction
        "1899-12-31T23:59:59Z",       // before the supported calendar
        "",
        "yesterday",
    ] {
        assert!(parse_rfc3339(text).is_err(), "{text:?} was accepted");
        assert!(parse_instant(text).is_err(), "{text:?} was accepted");
    }
}

#[test]
fn utc_offsets() {
    assert_eq!(parse_utc_offset("+01:00").unwrap(), 3600);
    assert_eq!(parse_utc_offset("-05:00").unwrap(), -18_000);
    assert_eq!(parse_utc_offset("+05:45").unwrap(), 20_700);
    assert_eq!(parse_utc_offset("-09:30").unwrap(), -34_200);
    assert_eq!(parse_utc_offset("UTC+13:00").unwrap(), 46_800);
    assert_eq!(parse_utc_offset("Z").unwrap(), 0);
    assert!(parse_utc_offset("+1").is_err());
    assert!(parse_utc_offset("01:00").is_err());
    assert!(parse_utc_offset("+25:00").is_err());
}

// ------------------------------------------------------------------------------------------
// The binary.

#[test]
fn demo_runs_and_marks_its_key_insecure() {
    let out = run(&["demo"]);
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    assert!(out.stdout.contains("INSECURE"));
    assert!(out.stdout.contains("accepted date="));
    assert!(out.stdout.contains("rejected: "));
    assert!(out.stderr.is_empty(), "{}", out.stderr);
}

#[test]
fn demo_just_after_midnight_still_rejects_yesterdays_code() {
    // 2026-11-21T23:05:00Z is 00:05 on 2026-11-22 at the demo door (UTC+01:00): inside the
    // grace, when yesterday's codes still work, so the demo checks at local noon instead.
    // 2026-11-22T00:00:00Z = 1_795_305_600 (see rfc3339_hand_checked_instants); minus 55 min.
    let now = 1_795_305_600 - 55 * 60;
    let mut out = Vec::new();
    let status = doorcode_cli::demo::run_demo(now, &mut out).unwrap();
    assert_eq!(status, doorcode_cli::Status::Success);
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("today is 2026-11-22"), "{text}");
    assert!(text.contains("Yesterday's (2026-11-21)"), "{text}");
    assert!(text.contains("checking at local noon"), "{text}");
    assert!(text.contains("2026-11-22T12:00:00+01:00"), "{text}");
}

#[test]
fn issue_then_verify_round_trip() {
    let code = issue(&["--date", "2026-11-22", "--slot", "3"]);
    assert_eq!(code.len(), 7, "{code}");
    assert!(code.bytes().all(|b| b.is_ascii_digit()), "{code}");

    let verify = |code: &str, now: &str| {
        run(&[
            "daily",
            "verify",
            code,
            "--site-key",
            SITE_KEY,
            "--door",
            "front-door",
            "--now",
            now,
            "--utc-offset",
            "+01:00",
        ])
    };
    let out = verify(&code, "2026-11-22T10:30:00+01:00");
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert_eq!(
        out.stdout.trim(),
        "accepted date=2026-11-22 slot=3 kind=daily issuer=0"
    );
    // Typed with a space, at unix seconds.
    let spaced = format!("{} {}", &code[..3], &code[3..]);
    let out = verify(&spaced, "1795339800");
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);

    // A single-use code of a partner.
    let single = issue(&[
        "--date",
        "2026-11-22",
        "--slot",
        "0",
        "--kind",
        "single-use",
        "--issuer",
        "7",
        "--epoch",
        "2",
    ]);
    let out = run(&[
        "daily",
        "verify",
        &single,
        "--site-key",
        SITE_KEY,
        "--door",
        "front-door",
        "--now",
        "2026-11-22T12:00:00Z",
        "--issuers",
        "0:0,7:2",
    ]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert_eq!(
        out.stdout.trim(),
        "accepted date=2026-11-22 slot=0 kind=single-use issuer=7"
    );
}

#[test]
fn keys_from_the_environment_and_as_door_keys() {
    let expected = issue(&["--date", "2026-11-22", "--slot", "5"]);
    // Site key from the environment.
    let out = run_with_env(
        &[
            "daily",
            "issue",
            "--door",
            "front-door",
            "--date",
            "2026-11-22",
            "--slot",
            "5",
        ],
        &[("DOORCODE_SITE_KEY", SITE_KEY)],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout.trim(), expected);

    // The door key printed by `keys derive`, given as hex and as base64.
    let out = run(&[
        "keys",
        "derive",
        "--site-key",
        SITE_KEY,
        "--door",
        "front-door",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let door_key_hex = out
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("door key:"))
        .unwrap()
        .trim()
        .to_owned();
    assert_eq!(door_key_hex.len(), 64);
    let door_key_b64 = base64(&unhex(&door_key_hex));
    for key in [&door_key_hex, &door_key_b64] {
        let out = run(&[
            "daily",
            "issue",
            "--door-key",
            key,
            "--door",
            "front-door",
            "--date",
            "2026-11-22",
            "--slot",
            "5",
        ]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert_eq!(out.stdout.trim(), expected);
    }
    let out = run_with_env(
        &[
            "daily",
            "issue",
            "--door-hex",
            &hex(b"front-door"),
            "--date",
            "2026-11-22",
            "--slot",
            "5",
        ],
        &[("DOORCODE_DOOR_KEY", &door_key_hex)],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout.trim(), expected);
}

#[test]
fn keys_derive_matches_the_vectors() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../vectors/doorcode_keys_test.json");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let test = &json["testGroups"][0]["tests"][0];
    let out = run(&[
        "keys",
        "derive",
        "--site-key",
        test["siteSecret"].as_str().unwrap(),
        "--door-hex",
        test["doorId"].as_str().unwrap(),
        "--issuer",
        &test["issuer"].to_string(),
        "--epoch",
        &test["epoch"].to_string(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for (label, field) in [
        ("door key:", "doorKey"),
        ("issuer key:", "issuerKey"),
        ("daily-code key:", "dailyCodeKey"),
    ] {
        let line = out.stdout.lines().find(|l| l.starts_with(label)).unwrap();
        assert!(
            line.contains(test[field].as_str().unwrap()),
            "{line} vs {field}"
        );
    }
}

#[test]
fn wrong_codes_are_rejected_with_exit_1() {
    let code = issue(&["--date", "2026-11-22", "--slot", "3"]);
    let mut wrong = code.into_bytes();
    wrong[6] = b'0' + (wrong[6] - b'0' + 1) % 10;
    let wrong = String::from_utf8(wrong).unwrap();
    let out = run(&[
        "daily",
        "verify",
        &wrong,
        "--site-key",
        SITE_KEY,
        "--door",
        "front-door",
        "--now",
        "2026-11-22T12:00:00Z",
    ]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.starts_with("rejected: "), "{}", out.stdout);
    assert!(out.stdout.contains("[NoMatch]"), "{}", out.stdout);

    // Right code, wrong day.
    let code = issue(&["--date", "2026-11-22", "--slot", "3"]);
    let out = run(&[
        "daily",
        "verify",
        &code,
        "--site-key",
        SITE_KEY,
        "--door",
        "front-door",
        "--now",
        "2026-11-23T12:00:00Z",
    ]);
    assert_eq!(out.code, 1);

    // Malformed entry.
    let out = run(&[
        "daily",
        "verify",
        "12ab",
        "--site-key",
        SITE_KEY,
        "--door",
        "x",
        "--now",
        "0",
    ]);
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.contains("Malformed.InvalidCharacter"),
        "{}",
        out.stdout
    );
}

#[test]
fn explain_shows_candidates_odds_and_policy() {
    let code = issue(&["--date", "2026-11-21", "--slot", "9"]);
    // 00:10 local at UTC+01:00: yesterday's codes are still inside the 15-minute grace.
    let out = run(&[
        "daily",
        "explain",
        &code,
        "--site-key",
        SITE_KEY,
        "--door",
        "front-door",
        "--now",
        "2026-11-22T00:10:00+01:00",
        "--utc-offset",
        "+01:00",
    ]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let text = &out.stdout;
    // 2026-11-22T00:10:00+01:00 = 2026-11-21T23:10:00Z = 1_795_305_600 - 3_000 (see above).
    assert!(text.contains("unix 1795302600"), "{text}");
    assert!(text.contains("2026-11-21T23:10:00Z"), "{text}");
    assert!(text.contains("candidate dates:  2"), "{text}");
    assert!(text.contains("  2026-11-22  "), "{text}");
    assert!(text.contains("  2026-11-21  "), "{text}");
    assert!(text.contains("400/10000000"), "{text}");
    assert!(
        text.contains("7 digits, 100 daily + 100 single-use"),
        "{text}"
    );
    assert!(
        text.contains("result:           accepted date=2026-11-21 slot=9 kind=daily issuer=0"),
        "{text}"
    );
}

#[test]
fn odds_pass_and_refuse() {
    let out = run(&["odds"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("400/10000000"), "{}", out.stdout);
    assert!(out.stdout.contains("200/10000000"), "{}", out.stdout);
    assert!(out.stdout.contains("25000"), "{}", out.stdout);
    assert!(out.stdout.contains("passes"), "{}", out.stdout);

    assert_clean_error(
        &["odds", "--digits", "6", "--daily-slots", "100"],
        "above the ceiling",
    );
    assert_eq!(
        run(&["odds", "--digits", "6", "--daily-slots", "100"]).code,
        1
    );
    assert_clean_error(&["odds", "--issuers", "9"], "at most 8");
}

#[test]
fn bad_input_is_one_error_line() {
    let date = ["--date", "2026-11-22"];
    let issue_with = |extra: &[&'static str]| -> Vec<&'static str> {
        let mut args = vec!["daily", "issue", "--door", "front-door"];
        args.extend_from_slice(&date);
        args.extend_from_slice(extra);
        args
    };
    assert_clean_error(
        &issue_with(&["--site-key", "not-hex!", "--slot", "0"]),
        "--site-key",
    );
    assert_clean_error(
        &issue_with(&["--site-key", "0011", "--slot", "0"]),
        "at least 16",
    );
    assert_clean_error(
        &issue_with(&["--door-key", "00112233", "--slot", "0"]),
        "exactly 32",
    );
    assert_clean_error(
        &issue_with(&["--site-key", SITE_KEY, "--slot", "100"]),
        "slot 100 is out of range",
    );
    assert_clean_error(
        &issue_with(&["--site-key", SITE_KEY, "--slot", "0", "--digits", "5"]),
        "outside 6..=12",
    );
    assert_clean_error(
        &issue_with(&["--site-key", SITE_KEY, "--slot", "-1"]),
        "--slot",
    );
    assert_clean_error(
        &issue_with(&["--site-key", SITE_KEY, "--slot", "0", "--kind", "weekly"]),
        "--kind",
    );
    assert_clean_error(&issue_with(&["--slot", "0"]), "DOORCODE_SITE_KEY");
    assert_clean_error(
        &issue_with(&["--site-key", SITE_KEY, "--slot", "0", "--frobnicate", "1"]),
        "--frobnicate",
    );
    assert_clean_error(
        &[
            "daily",
            "issue",
            "--site-key",
            SITE_KEY,
            "--door",
            "d",
            "--date",
            "2026-02-30",
            "--slot",
            "0",
        ],
        "--date",
    );
    assert_clean_error(
        &[
            "daily",
            "issue",
            "--site-key",
            SITE_KEY,
            "--date",
            "2026-11-22",
            "--slot",
            "0",
        ],
        "--door",
    );
    assert_clean_error(
        &[
            "daily",
            "issue",
            "--site-key",
            SITE_KEY,
            "--door",
            "this-door-id-is-much-longer-than-32-bytes",
            "--slot",
            "0",
        ],
        "at most 32",
    );
    assert_clean_error(
        &[
            "daily",
            "verify",
            "1234567",
            "--site-key",
            SITE_KEY,
            "--door",
            "d",
            "--now",
            "tomorrow",
        ],
        "RFC 3339",
    );
    assert_clean_error(
        &[
            "daily",
            "verify",
            "1234567",
            "--site-key",
            SITE_KEY,
            "--door",
            "d",
            "--issuers",
            "0:0,0:1",
        ],
        "listed twice",
    );
    assert_clean_error(
        &["daily", "verify", "--site-key", SITE_KEY, "--door", "d"],
        "CODE",
    );
    assert_clean_error(&["daily", "frobnicate"], "unknown subcommand");
    assert_clean_error(&["frobnicate"], "unknown command");
    assert_clean_error(&[], "no command");
    assert_clean_error(
        &[
            "daily",
            "verify",
            "1",
            "--site-key",
            SITE_KEY,
            "--door",
            "d",
            "--utc-offset",
            "+25:00",
        ],
        "--utc-offset",
    );
}

#[test]
fn help_is_printed() {
    for args in [
        &["help"][..],
        &["--help"],
        &["daily", "issue", "--help"],
        &["daily", "verify", "--help"],
        &["daily", "explain", "-h"],
        &["keys", "derive", "--help"],
        &["odds", "--help"],
        &["vectors", "--help"],
        &["demo", "--help"],
        &["help", "daily"],
    ] {
        let out = run(args);
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        assert!(out.stdout.contains("usage"), "{args:?}");
    }
    let out = run(&["help"]);
    assert!(out.stdout.contains("DOORCODE_SITE_KEY"));
    assert!(out.stdout.contains("DOORCODE_DOOR_KEY"));
}

#[test]
fn vectors_generate_and_check_in_a_directory() {
    let dir = std::env::temp_dir().join(format!("doorcode-cli-test-{}", std::process::id()));
    let dir_text = dir.to_str().unwrap();
    let out = run(&["vectors", "generate", "--dir", dir_text]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout.lines().count(), 9, "{}", out.stdout);
    assert!(
        out.stdout.contains("doorcode_credential_test.json"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("doorcode_permanent_test.json"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("doorcode_lock_test.json"),
        "{}",
        out.stdout
    );
    let out = run(&["vectors", "check", "--dir", dir_text]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);

    let path = dir.join("doorcode_daily_issue_test.json");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("\"valid\"", "\"invalid\"", 1)).unwrap();
    let out = run(&["vectors", "check", "--dir", dir_text]);
    assert_eq!(out.code, 1);
    assert!(
        out.stdout
            .lines()
            .any(|l| l.starts_with("DIFFERS") && l.contains("doorcode_daily_issue_test.json")),
        "{}",
        out.stdout
    );
    assert!(out.stderr.contains("doorcode_daily_issue_test.json"));
    assert!(out.stderr.contains("vectors generate"));
    assert_eq!(out.stderr.lines().count(), 1);
    std::fs::remove_dir_all(&dir).unwrap();
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

/// Padded standard base64 (RFC 4648), enough for a test.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// `doorcode tz` and `daily --zone` with POSIX / IANA / encoded zones.

const NY: &str = "EST5EDT,M3.2.0,M11.1.0";
const LORD_HOWE: &str = "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0";

#[test]
fn tz_show_local_day_resolve() {
    // 2026-11-22T12:00Z at -05:00 (November is EST) is 07:00; the next change is the second
    // Sunday of March 2027: 2027-03-01 is a Monday (2026-03-01 Sunday + 365 days), so March 14,
    // 02:00 EST = 07:00Z.
    let out = run(&["tz", "show", NY, "--at", "2026-11-22T12:00:00Z"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("zone:        EST5EDT,M3.2.0,M11.1.0\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("transitions: 0 explicit"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("local:       2026-11-22T07:00:00-05:00 (standard time")
    );
    assert!(
        out.stdout
            .contains("next change: 2027-03-14T07:00:00Z = 2027-03-14T03:00:00-04:00")
    );
    // The same zone by IANA name: the output says so.
    let out = run(&[
        "tz",
        "show",
        "America/New_York",
        "--at",
        "2026-07-01T12:00:00Z",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("source:      IANA America/New_York"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("2026-07-01T08:00:00-04:00 (DST"),
        "{}",
        out.stdout
    );
    // Lord Howe: DST (+11) ends 2026-04-05 02:00 = 04-04T15:00Z; that instant is 01:30 +10:30.
    let out = run(&["tz", "local", LORD_HOWE, "2026-04-04T15:00:00Z"]);
    assert_eq!(
        out.stdout.trim(),
        "2026-04-05T01:30:00+10:30 (standard time, offset +10:30)"
    );
    // 2026-03-08 in New York: midnight EST (05:00Z) to midnight EDT (03-09T04:00Z): 23 h.
    let out = run(&["tz", "day", NY, "2026-03-08"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("[2026-03-08T05:00:00Z, 2026-03-09T04:00:00Z)"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("23 h (82800 s)"), "{}", out.stdout);
    // Lord Howe 2026-10-04: 00:00 +10:30 (10-03T13:30Z) to 00:00 +11 (10-04T13:00Z): 23.5 h.
    let out = run(&["tz", "day", LORD_HOWE, "2026-10-04"]);
    assert!(
        out.stdout.contains("23 h 30 min (84600 s)"),
        "{}",
        out.stdout
    );
    // Apia skipped 2011-12-30 (encoding of an IANA-built zone from the zone vectors).
    let apia = "hex:0100032b31330000b6d00002ffff736001000000004efd8ba00000c4e001000000004effa2000000b6d000";
    let out = run(&["tz", "day", apia, "2011-12-30"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout.trim(), "2011-12-30 does not occur in this zone");
    // 02:30 on 2026-03-08 is skipped: EDT reading 06:30Z, EST reading 07:30Z; compatible
    // takes the later (03:30 EDT).
    let out = run(&["tz", "resolve", NY, "2026-03-08T02:30"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("is in a gap"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("compatible: 2026-03-08T07:30:00Z = 2026-03-08T03:30:00-04:00")
    );
    // 01:30 on 2026-11-01 occurs at 05:30Z (EDT) and 06:30Z (EST).
    let out = run(&[
        "tz",
        "resolve",
        NY,
        "2026-11-01T01:30:00",
        "--choice",
        "later",
    ]);
    assert!(out.stdout.contains("is in a fold"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("later: 2026-11-01T06:30:00Z = 2026-11-01T01:30:00-05:00")
    );
    let out = run(&[
        "tz",
        "resolve",
        NY,
        "2026-11-01T01:30",
        "--choice",
        "reject",
    ]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.starts_with("error: "), "{}", out.stderr);
}

#[test]
fn tz_encode_decode() {
    // SPEC 5.1.4 worked example 1.
    let hex = "010103455354ffffb9b003454454ffffc7c00303020000001c20030b010000001c200000";
    let out = run(&["tz", "encode", NY]);
    assert_eq!(out.stdout.trim(), hex);
    let out = run(&["tz", "decode", hex]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("rule:        EST5EDT,M3.2.0,M11.1.0"),
        "{}",
        out.stdout
    );
    // Worked example 2: one transition, 2007-03-11T07:00Z to EDT.
    let out = run(&[
        "tz",
        "decode",
        &format!("{}0001ffffb9b0000000000045f3a8f0ffffc7c001", &hex[..68]),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("transitions: 1 explicit"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("2007-03-11T07:00:00Z -> offset -04:00 (DST)"),
        "{}",
        out.stdout
    );
}

#[test]
fn tz_bad_input_is_one_error_line() {
    assert_clean_error(&["tz", "show", "EST5EDT"], "at byte 7");
    assert_clean_error(
        &["tz", "show", "EST5EDT,M3.2.0/168,M11.1.0"],
        "rule time hours above 167 at byte 15",
    );
    assert_clean_error(&["tz", "local", "EST25", "0"], "at byte 3");
    assert_clean_error(&["tz", "decode", "zz"], "not valid hex");
    assert_clean_error(&["tz", "decode", "0101"], "truncated");
    assert_clean_error(
        &["tz", "decode", "020103455354ffffb9b00000"],
        "unknown zone encoding version",
    );
    assert_clean_error(&["tz", "show", "Mars/Olympus_Mons"], "no such zone");
    assert_clean_error(&["tz", "day", NY, "2026-02-30"], "DATE");
    assert_clean_error(
        &["tz", "resolve", NY, "2026-03-08T25:00"],
        "not a local date-time",
    );
    assert_clean_error(
        &["tz", "resolve", NY, "2026-03-08T02:30", "--choice", "first"],
        "--choice",
    );
    assert_clean_error(&["tz", "frobnicate"], "unknown subcommand");
    for args in [&["tz", "show", "EST5EDT"][..], &["tz", "decode", "0101"]] {
        assert_eq!(run(args).code, 2, "{args:?}");
    }
}

#[test]
fn daily_with_posix_zone() {
    // A code for 2026-03-08 (23 hours in New York: [05:00Z, 03-09T04:00Z)), grace 900 s: accepted
    // from 04:45:00Z, refused at 04:44:59Z; accepted until 04:14:59Z the next day.
    let out = run(&[
        "daily",
        "issue",
        "--site-key",
        SITE_KEY,
        "--door",
        "front-door",
        "--date",
        "2026-03-08",
        "--slot",
        "3",
        "--zone",
        NY,
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let code = out.stdout.trim().to_owned();
    let verify = |now: &str, zone: &str| {
        run(&[
            "daily",
            "verify",
            &code,
            "--site-key",
            SITE_KEY,
            "--door",
            "front-door",
            "--now",
            now,
            "--zone",
            zone,
        ])
    };
    for (now, ok) in [
        ("2026-03-08T04:44:59Z", false),
        ("2026-03-08T04:45:00Z", true),
        ("2026-03-09T04:14:59Z", true),
        ("2026-03-09T04:15:00Z", false),
    ] {
        let out = verify(now, NY);
        assert_eq!(
            out.code,
            if ok { 0 } else { 1 },
            "{now}: {}{}",
            out.stdout,
            out.stderr
        );
    }
    // By IANA name and with a fixed offset: -05:00 all day, so 2026-03-09T04:14:59Z is
    // 2026-03-08T23:14:59 there too.
    assert_eq!(verify("2026-03-09T04:14:59Z", "America/New_York").code, 0);
    assert_eq!(verify("2026-03-08T12:00:00Z", "-05:00").code, 0);
    let out = run(&[
        "daily",
        "explain",
        &code,
        "--site-key",
        SITE_KEY,
        "--door",
        "front-door",
        "--now",
        "2026-03-08T07:00:00Z",
        "--zone",
        NY,
    ]);
    assert!(out.stdout.contains("door zone:        EST5EDT,M3.2.0,M11.1.0 (POSIX TZ rule); local time 2026-03-08T03:00:00-04:00"), "{}", out.stdout);
    assert_clean_error(
        &[
            "daily",
            "verify",
            &code,
            "--site-key",
            SITE_KEY,
            "--door",
            "front-door",
            "--zone",
            "EST5EDT",
        ],
        "at byte 7",
    );
}

// ------------------------------------------------------------------------------------------
// `doorcode schedule` (SPEC 13), against byte layouts and instants worked out by hand.

const OFFICE: &str = "mon-fri/08:00-18:00";

fn schedule(args: &[&str]) -> Output {
    let mut all = vec!["schedule"];
    all.extend_from_slice(args);
    run(&all)
}

#[test]
fn schedule_encode_matches_the_spec_layout() {
    // SPEC 13.6: version 01, one window, mask Mon..Fri = bits 0..4 = 0x1f, range
    // 480 << 11 | 1080 = 0x0f0000 | 0x438 = 0x0f0438, no exceptions: 7 bytes.
    let expected = hex(&[0x01, 0x01, 0x1f, 0x0f, 0x04, 0x38, 0x00]);
    let out = schedule(&["encode", "--window", OFFICE]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout.trim(), expected);
    // The worked example of SPEC 13.7 (the gym), options in another order than the encoding.
    let out = schedule(&[
        "encode",
        "--window",
        "mon-fri/06:00-22:00",
        "--window=sat,sun/08:00-20:00",
        "--deny",
        "2026-12-25..2026-12-26",
        "--replace",
        "2026-12-24..2026-12-24=08:00-12:00",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout.trim(),
        "01021f0b4528600f04b00207ea0c1807ea0c18110f02d007ea0c1907ea0c1a00"
    );
    // Round trip: encode, then show the encoding.
    let out = schedule(&["show", "--hex", &expected]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("  Mon-Fri 08:00-18:00\n"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("exceptions: 0"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains(&format!("encoding:   7 bytes: {expected}")),
        "{}",
        out.stdout
    );
    let shown = schedule(&["show", "--window", OFFICE]);
    assert_eq!(shown.stdout, out.stdout);
    // 24:00 as an end: 0 << 11 | 1440 = 0x0005a0, every day = 0x7f.
    let out = schedule(&["encode", "--window", "daily/00:00-24:00"]);
    assert_eq!(out.stdout.trim(), "01017f0005a000");
}

#[test]
fn schedule_check_and_next() {
    // 2026-11-23 is a Monday; 14:00Z is 09:00 EST (allowed), 12:00Z is 07:00 EST (denied).
    let out = schedule(&[
        "check",
        "--window",
        OFFICE,
        "--zone",
        NY,
        "--at",
        "1795442400",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .starts_with("allowed at 2026-11-23T09:00:00-05:00"),
        "{}",
        out.stdout
    );
    let out = schedule(&[
        "check",
        "--window",
        OFFICE,
        "--zone",
        NY,
        "--at",
        "2026-11-23T12:00:00Z",
    ]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout
            .starts_with("denied at 2026-11-23T07:00:00-05:00"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("outside the schedule's windows"));
    // Friday 2026-11-20T19:00-05:00 (closed since 18:00): opens Monday 08:00 EST = 13:00Z.
    let out = schedule(&[
        "next",
        "--window",
        OFFICE,
        "--zone",
        NY,
        "--at",
        "1795219200",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout.trim(),
        "opens at 2026-11-23T08:00:00-05:00 (1795438800)"
    );
    // Monday 09:00 EST: closes at 18:00 EST = 23:00Z = 1795442400 + 9 h.
    let out = schedule(&[
        "next",
        "--window",
        OFFICE,
        "--zone",
        NY,
        "--at",
        "1795442400",
    ]);
    assert_eq!(
        out.stdout.trim(),
        "closes at 2026-11-23T18:00:00-05:00 (1795474800)"
    );
    // The empty schedule never opens.
    let out = schedule(&[
        "next",
        "--hex",
        "010000",
        "--zone",
        NY,
        "--at",
        "1795442400",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.starts_with("no change within 400 days"),
        "{}",
        out.stdout
    );
}

#[test]
fn schedule_overnight_window() {
    // Friday 22:00 to Saturday 06:00 EST. Saturday 2026-11-28 06:00 EST = 11:00Z.
    let window = "fri/22:00-06:00";
    let check = |at: &str| schedule(&["check", "--window", window, "--zone", NY, "--at", at]).code;
    assert_eq!(check("2026-11-28T02:59:59Z"), 1); // Fri 21:59:59
    assert_eq!(check("2026-11-28T03:00:00Z"), 0); // Fri 22:00
    assert_eq!(check("2026-11-28T10:59:59Z"), 0); // Sat 05:59:59
    assert_eq!(check("2026-11-28T11:00:00Z"), 1); // Sat 06:00
    // 2026-11-28T00:00Z = 1795824000; Fri 22:00 EST = 03:00Z = +10800; Sat 06:00 EST = +39600.
    let out = schedule(&[
        "next",
        "--window",
        window,
        "--zone",
        NY,
        "--at",
        "2026-11-27T12:00:00-05:00",
    ]);
    assert_eq!(
        out.stdout.trim(),
        "opens at 2026-11-27T22:00:00-05:00 (1795834800)"
    );
    let out = schedule(&[
        "next",
        "--window",
        window,
        "--zone",
        NY,
        "--at",
        "1795834800",
    ]);
    assert_eq!(
        out.stdout.trim(),
        "closes at 2026-11-28T06:00:00-05:00 (1795863600)"
    );
    let out = schedule(&["show", "--window", window]);
    assert!(
        out.stdout.contains("Fri 22:00-06:00 (overnight"),
        "{}",
        out.stdout
    );
}

#[test]
fn schedule_deny_and_replace_exceptions() {
    // Closed on Thursday 2026-11-26; 08:00-12:00 only on Friday 2026-11-27.
    let base = [
        "--window",
        OFFICE,
        "--deny",
        "2026-11-26",
        "--replace",
        "2026-11-27=08:00-12:00",
        "--zone",
        NY,
    ];
    let at = |sub: &str, when: &str| {
        let mut args = vec![sub];
        args.extend_from_slice(&base);
        args.extend_from_slice(&["--at", when]);
        schedule(&args)
    };
    // Thursday 09:00 EST: denied by the exception.
    let out = at("check", "2026-11-26T14:00:00Z");
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("closed by an exception"),
        "{}",
        out.stdout
    );
    // Friday 11:00 EST allowed, 13:00 EST outside the replacement hours.
    assert_eq!(at("check", "2026-11-27T16:00:00Z").code, 0);
    let out = at("check", "2026-11-27T18:00:00Z");
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.contains("outside the exception's hours"),
        "{}",
        out.stdout
    );
    // From Wednesday 18:30 EST the next opening skips Thursday: Friday 08:00 EST = 13:00Z,
    // 2026-11-27T00:00Z = 1795737600, + 46800.
    let out = at("next", "2026-11-25T23:30:00Z");
    assert_eq!(
        out.stdout.trim(),
        "opens at 2026-11-27T08:00:00-05:00 (1795784400)"
    );
    let out = schedule(&[
        "show",
        "--window",
        OFFICE,
        "--deny",
        "2026-12-25..2026-12-26",
    ]);
    assert!(
        out.stdout.contains("2026-12-25..2026-12-26 closed (deny)"),
        "{}",
        out.stdout
    );
}

#[test]
fn schedule_week_grid() {
    // The week of Wednesday 2026-11-25 starts Monday 2026-11-23; Thursday is denied.
    let out = schedule(&[
        "week",
        "--window",
        OFFICE,
        "--deny",
        "2026-11-26",
        "--zone",
        NY,
        "--from",
        "2026-11-25",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let open = format!("{}{}{}", ".".repeat(8), "#".repeat(10), ".".repeat(6));
    let closed = ".".repeat(24);
    let rows: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(rows[0].trim(), "000000000011111111112222", "{}", out.stdout);
    assert_eq!(rows[1].trim(), "012345678901234567890123");
    // The header's columns line up with the cells.
    assert_eq!(rows[1].find('0'), rows[2].find(['.', '#']));
    for (row, (day, cells)) in rows[2..9].iter().zip([
        ("Mon 2026-11-23", &open),
        ("Tue 2026-11-24", &open),
        ("Wed 2026-11-25", &open),
        ("Thu 2026-11-26", &closed),
        ("Fri 2026-11-27", &open),
        ("Sat 2026-11-28", &closed),
        ("Sun 2026-11-29", &closed),
    ]) {
        assert_eq!(*row, format!("{day}  {cells}"), "{}", out.stdout);
    }
    // Half hours: 08:00-18:30 is cells 16..=36.
    let out = schedule(&[
        "week",
        "--window",
        "mon-fri/08:00-18:30",
        "--zone",
        NY,
        "--from",
        "2026-11-23",
        "--half-hours",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let monday = out.stdout.lines().nth(1).unwrap();
    assert_eq!(
        monday,
        format!(
            "Mon 2026-11-23  {}{}{}",
            ".".repeat(16),
            "#".repeat(21),
            ".".repeat(11)
        )
    );
}

#[test]
fn schedule_bad_input_is_one_error_line() {
    assert_clean_error(
        &["schedule", "encode", "--window", "xyz/08:00-18:00"],
        "'xyz' is not a day",
    );
    assert_clean_error(
        &["schedule", "encode", "--window", "mon/08:00-25:00"],
        "'25:00'",
    );
    assert_clean_error(
        &["schedule", "encode", "--window", "mon/24:00-05:00"],
        "24:00",
    );
    assert_clean_error(
        &["schedule", "encode", "--window", "mon-fri"],
        "DAYS/HH:MM-HH:MM",
    );
    assert_clean_error(&["schedule", "show", "--hex", "zz"], "not valid hex");
    assert_clean_error(&["schedule", "show", "--hex", "0101"], "--hex");
    assert_clean_error(&["schedule", "show", "--hex", "020000"], "--hex");
    assert_clean_error(
        &[
            "schedule",
            "check",
            "--window",
            OFFICE,
            "--at",
            "1795442400",
        ],
        "missing --zone",
    );
    assert_clean_error(&["schedule", "encode"], "no schedule given");
    assert_clean_error(
        &["schedule", "encode", "--hex", "010000", "--window", OFFICE],
        "not both",
    );
    assert_clean_error(
        &["schedule", "encode", "--deny", "2026-12-26..2026-12-25"],
        "ends before it starts",
    );
    assert_clean_error(
        &["schedule", "encode", "--deny", "2026-02-30"],
        "2026-02-30",
    );
    assert_clean_error(
        &[
            "schedule",
            "encode",
            "--replace",
            "2026-12-24=08:00-12:00,13:00-14:00,15:00-16:00,17:00-18:00,19:00-20:00",
        ],
        "more than 4",
    );
    assert_clean_error(&["schedule", "frobnicate"], "unknown subcommand");
    for args in [
        &["schedule", "encode", "--window", "xyz/08:00-18:00"][..],
        &["schedule", "encode", "--window", "mon/08:00-25:00"],
        &["schedule", "show", "--hex", "zz"],
        &["schedule", "check", "--window", OFFICE],
    ] {
        assert_eq!(run(args).code, 2, "{args:?}");
    }
    for args in [
        &["schedule", "--help"][..],
        &["help", "schedule"],
        &["schedule", "week", "-h"],
    ] {
        let out = run(args);
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        assert!(out.stdout.contains("usage: doorcode schedule"), "{args:?}");
    }
}

// ------------------------------------------------------------------------------------------
// Permanent codes (SPEC section 14).

/// SPEC 11 and 14.9: `doorcode-demo-site-key-INSECURE!` as hex.
const DEMO_SITE_KEY: &str = "646f6f72636f64652d64656d6f2d736974652d6b65792d494e53454355524521";

fn permanent(extra: &[&str]) -> Output {
    let mut args = vec!["permanent", "derive", "--site-key", DEMO_SITE_KEY];
    args.extend_from_slice(extra);
    run(&args)
}

/// The code and attempt printed by `permanent derive`.
fn permanent_ok(extra: &[&str]) -> (String, u32) {
    let out = permanent(extra);
    assert_eq!(out.code, 0, "{extra:?}: {}", out.stderr);
    let field = |name: &str| {
        out.stdout
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .unwrap_or_else(|| panic!("no {name} in {}", out.stdout))
            .trim()
            .to_owned()
    };
    (field("code:"), field("attempt:").parse().unwrap())
}

#[test]
fn permanent_derive_matches_the_spec_worked_example() {
    let door = ["--person", "alice", "--door", "demo-door"];
    assert_eq!(permanent_ok(&door), ("2405636".to_owned(), 0));
    let out = permanent(&door);
    assert!(out.stdout.contains("stores the attempt"), "{}", out.stdout);
    // 2405636 taken at the door: attempt 1.
    let mut taken = door.to_vec();
    taken.extend(["--taken", "1234567, 2405636"]);
    assert_eq!(permanent_ok(&taken), ("5422029".to_owned(), 1));
    // Re-derived from the stored attempt, without the table.
    let mut again = door.to_vec();
    again.extend(["--attempt", "1"]);
    assert_eq!(permanent_ok(&again), ("5422029".to_owned(), 1));
    let mut generation = door.to_vec();
    generation.extend(["--generation", "1"]);
    assert_eq!(permanent_ok(&generation), ("1961857".to_owned(), 0));
    let mut twelve = door.to_vec();
    twelve.extend(["--digits", "12"]);
    assert_eq!(permanent_ok(&twelve), ("569192733708".to_owned(), 0));
    assert_eq!(
        permanent_ok(&["--person", "alice", "--common"]),
        ("8725622".to_owned(), 0)
    );
    // The same person and door as hex.
    assert_eq!(
        permanent_ok(&[
            "--person-hex",
            "616c696365",
            "--door-hex",
            "64656d6f2d646f6f72"
        ]),
        ("2405636".to_owned(), 0)
    );
    // The site secret from the environment.
    let out = run_with_env(
        &["permanent", "derive", "--person", "alice", "--common"],
        &[("DOORCODE_SITE_KEY", DEMO_SITE_KEY)],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.starts_with("code:       8725622\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn permanent_derive_with_every_candidate_taken_exits_1() {
    let mut codes = Vec::new();
    for attempt in 0..64 {
        let attempt = attempt.to_string();
        codes.push(permanent_ok(&["--person", "alice", "--common", "--attempt", &attempt]).0);
    }
    let taken = codes.join(",");
    let out = permanent(&["--person", "alice", "--common", "--taken", &taken]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(
        out.stderr
            .starts_with("error: all 64 candidate codes are already taken"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    // One fewer taken: the last attempt.
    let taken = codes[..63].join(",");
    assert_eq!(
        permanent_ok(&["--person", "alice", "--common", "--taken", &taken]),
        (codes[63].clone(), 63)
    );
}

#[test]
fn permanent_bad_input_is_one_error_line_with_exit_2() {
    let key = DEMO_SITE_KEY;
    let long = "p".repeat(33);
    let cases: &[(&[&str], &str)] = &[
        (&["--person", "", "--door", "d"], "person id is empty"),
        (&["--person", &long, "--door", "d"], "33 bytes"),
        (&["--person-hex", "zz", "--door", "d"], "--person-hex"),
        (
            &["--person", "a", "--person-hex", "61", "--door", "d"],
            "not both",
        ),
        (&["--person", "a"], "--common"),
        (&["--person", "a", "--door", "d", "--common"], "not both"),
        (&["--person", "a", "--door", ""], "door id"),
        (
            &["--person", "a", "--common", "--digits", "5"],
            "outside 6..=12",
        ),
        (
            &["--person", "a", "--common", "--digits", "13"],
            "outside 6..=12",
        ),
        (
            &["--person", "a", "--common", "--generation", "-1"],
            "--generation",
        ),
        (
            &["--person", "a", "--common", "--taken", "123"],
            "not a 7-digit code",
        ),
        (
            &["--person", "a", "--common", "--taken", "12345x7"],
            "--taken",
        ),
        (
            &["--person", "a", "--common", "--attempt", "64"],
            "outside 0..=63",
        ),
        (
            &[
                "--person",
                "a",
                "--common",
                "--attempt",
                "1",
                "--taken",
                "1234567",
            ],
            "not both",
        ),
        (
            &["--person", "a", "--common", "--door-key", key],
            "unknown option --door-key",
        ),
    ];
    for (extra, message) in cases {
        let mut args = vec!["permanent", "derive", "--site-key", key];
        args.extend_from_slice(extra);
        assert_clean_error(&args, message);
        assert_eq!(run(&args).code, 2, "{args:?}");
    }
    let out = run(&["permanent", "derive", "--person", "a", "--common"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.starts_with("error: no site secret given"),
        "{}",
        out.stderr
    );
    assert_clean_error(
        &[
            "permanent",
            "derive",
            "--site-key",
            "abcd",
            "--person",
            "a",
            "--common",
        ],
        "--site-key",
    );
    assert_clean_error(&["permanent", "frobnicate"], "permanent derive");
    let help = run(&["permanent", "--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("--taken"), "{}", help.stdout);
}

#[test]
fn odds_with_permanent_codes_follow_spec_14_7() {
    // 7 digits, default daily policy (400 worst case) + 600 permanent codes: at the ceiling.
    let out = run(&["odds", "--permanent-codes", "600"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("door:            1000/10000000"),
        "{}",
        out.stdout
    );
    // + 601: refused, exit 1.
    let out = run(&["odds", "--permanent-codes", "601"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(out.stdout.contains("1001/10000000"), "{}", out.stdout);
    assert!(
        out.stderr.starts_with("error: door refused"),
        "{}",
        out.stderr
    );
    // 7-digit daily codes + 9,000 permanent codes of 8 digits: the worst length, 9.0e-5.
    let out = run(&[
        "odds",
        "--permanent-codes",
        "9000",
        "--permanent-digits",
        "8",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("door:            9000/100000000"),
        "{}",
        out.stdout
    );
    assert_clean_error(
        &["odds", "--permanent-digits", "8"],
        "needs --permanent-codes",
    );
    assert_clean_error(&["odds", "--permanent-codes", "x"], "--permanent-codes");
    assert_clean_error(
        &["odds", "--permanent-codes", "1", "--permanent-digits", "5"],
        "--permanent-digits",
    );
}

/// The lock vectors' door key, a factory update and the state with records.
fn lock_vectors() -> (String, String, String) {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../vectors/doorcode_lock_test.json");
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let groups = file["testGroups"].as_array().unwrap();
    let key = groups[0]["doorKey"].as_str().unwrap().to_owned();
    let update = groups[0]["tests"][0]["update"].as_str().unwrap().to_owned();
    let state = groups[1]["tests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["flags"][0] == "StateWithRecords")
        .unwrap()["state"]
        .as_str()
        .unwrap()
        .to_owned();
    (key, update, state)
}

#[test]
fn lock_update_build_matches_the_vectors() {
    let (key, update, _) = lock_vectors();
    let out = run(&[
        "lock",
        "update",
        "build",
        "--door-key",
        &key,
        "--door",
        "lobby",
        "--counter",
        "1",
        "--issued-at",
        "1795338000",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout.trim(), update);
    assert_eq!(
        update.len(),
        2 * 118,
        "SPEC 15.8: the factory update of lobby"
    );
    // RFC 3339 gives the same instant; issuers and permanent codes grow the update.
    let out = run(&[
        "lock",
        "update",
        "build",
        "--door-key",
        &key,
        "--door",
        "lobby",
        "--counter",
        "1",
        "--issued-at",
        "2026-11-22T09:00:00Z",
    ]);
    assert_eq!(out.stdout.trim(), update);
    let out = run(&[
        "lock",
        "update",
        "build",
        "--door-key",
        &key,
        "--door",
        "lobby",
        "--counter",
        "2",
        "--issued-at",
        "1795338000",
        "--issuer",
        "0:0",
        "--issuer",
        "7:2",
        "--permanent",
        "4815162:77",
        "--permanent",
        "2718281:78:1795338000:1795341600",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // 118 bytes + one issuer (8) + two entries (2 x 57).
    assert_eq!(out.stdout.trim().len(), 2 * (118 + 8 + 2 * 57));
}

#[test]
fn lock_state_decode_summarises() {
    let (key, _, state) = lock_vectors();
    let out = run(&[
        "lock",
        "state",
        "decode",
        "--door-key",
        &key,
        "--door",
        "lobby",
        &state,
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for line in [
        "door: lobby",
        "update counter: 1",
        "outstanding wrong entries: 5 (a lockout every 5)",
        "forgiving from: 1795338364 (2026-11-22T09:06:04Z)",
        "lockout until: 1795338364 (2026-11-22T09:06:04Z)",
        "single-use records: 2",
        "  2026-11-22 issuer 0 epoch 0 slot 3: first use 1795338100 (2026-11-22T09:01:40Z)",
    ] {
        assert!(
            out.stdout.lines().any(|l| l == line),
            "{line}\n{}",
            out.stdout
        );
    }
}

#[test]
fn lock_bad_input_is_one_error_line() {
    let (key, _, state) = lock_vectors();
    let build = |extra: &[&str]| {
        let mut args = vec![
            "lock",
            "update",
            "build",
            "--door-key",
            &key,
            "--door",
            "lobby",
        ];
        args.extend_from_slice(extra);
        args.into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    let cases: Vec<(Vec<String>, &str)> = vec![
        (build(&["--issued-at", "0"]), "--counter"),
        (build(&["--counter", "0", "--issued-at", "0"]), "--counter"),
        (build(&["--counter", "1"]), "--issued-at"),
        (
            build(&["--counter", "1", "--issued-at", "yesterday"]),
            "issued-at",
        ),
        (
            build(&["--counter", "1", "--issued-at", "0", "--permanent", "12:3"]),
            "7-digit",
        ),
        (
            build(&[
                "--counter",
                "1",
                "--issued-at",
                "0",
                "--permanent",
                "4815162:1:9:5",
            ]),
            "--permanent",
        ),
        (
            build(&[
                "--counter",
                "1",
                "--issued-at",
                "0",
                "--issuer",
                "0:0",
                "--issuer",
                "0:1",
            ]),
            "listed twice",
        ),
        (
            build(&[
                "--counter",
                "1",
                "--issued-at",
                "0",
                "--permanent",
                "4815162:1",
                "--permanent",
                "4815162:2",
            ]),
            "repeats an earlier code",
        ),
    ];
    for (args, message) in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_clean_error(&args, message);
        assert_eq!(run(&args).code, 2, "{args:?}");
    }
    let mut tampered = state.clone().into_bytes();
    tampered[40] = if tampered[40] == b'0' { b'1' } else { b'0' };
    let tampered = String::from_utf8(tampered).unwrap();
    for (args, message) in [
        (
            vec![
                "lock",
                "state",
                "decode",
                "--door-key",
                &key,
                "--door",
                "lobby",
                &tampered,
            ],
            "state refused",
        ),
        (
            vec![
                "lock",
                "state",
                "decode",
                "--door-key",
                &key,
                "--door",
                "gym",
                &state,
            ],
            "door",
        ),
        (
            vec![
                "lock",
                "state",
                "decode",
                "--door-key",
                &key,
                "--door",
                "lobby",
                "zz",
            ],
            "hex",
        ),
        (
            vec![
                "lock",
                "state",
                "decode",
                "--door-key",
                "00",
                "--door",
                "lobby",
                &state,
            ],
            "--door-key",
        ),
        (
            vec![
                "lock",
                "state",
                "decode",
                "--door-key",
                &key,
                "--door",
                "lobby",
            ],
            "state",
        ),
        (vec!["lock", "frobnicate"], "lock frobnicate"),
    ] {
        assert_clean_error(&args, message);
        assert_eq!(run(&args).code, 2, "{args:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// doorcode credential

fn line_value<'a>(stdout: &'a str, label: &str) -> &'a str {
    stdout
        .lines()
        .find_map(|line| line.strip_prefix(label))
        .unwrap_or_else(|| panic!("no '{label}' line in {stdout}"))
        .trim()
}

const CRED_ID: &str = "01010101010101010101010101010101";
const LINK_ID: &str = "02020202020202020202020202020202";
const ENTROPY: &str = "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a";

fn issue_resident_bundle() -> String {
    let out = run(&[
        "credential",
        "issue",
        "--site-key",
        SITE_KEY,
        "--door",
        "lobby",
        "--door",
        "gym",
        "--holder",
        "42",
        "--id",
        CRED_ID,
        "--entropy",
        ENTROPY,
        "--may-share",
        "--role",
        "resident",
        "--not-before",
        "2026-11-01T00:00:00Z",
        "--not-after",
        "2026-12-01T00:00:00Z",
        "--bundle",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout.trim().to_owned()
}

#[test]
fn credential_issue_prints_a_sized_credential_and_proof_keys() {
    let out = run(&[
        "credential",
        "issue",
        "--site-key",
        SITE_KEY,
        "--door",
        "lobby",
        "--holder",
        "7",
        "--id",
        CRED_ID,
        "--entropy",
        ENTROPY,
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // SPEC 16: header 26 bytes (version, issuer, epoch, door count, IV), 16 per door, body
    // 51 bytes without schedule: 93 for one door.
    assert_eq!(line_value(&out.stdout, "credential bytes:"), "93");
    let blob = line_value(&out.stdout, "credential:");
    assert_eq!(blob.len(), 2 * 93);
    // Public header: version 1, issuer 0, epoch 0, one door.
    assert!(blob.starts_with("01000000000000000001"), "{blob}");
    assert_eq!(
        line_value(&out.stdout, "proof key lobby (slot 0):").len(),
        64
    );
    assert_eq!(line_value(&out.stdout, "content key:").len(), 32);
    // Deterministic given --id and --entropy.
    let again = run(&[
        "credential",
        "issue",
        "--site-key",
        SITE_KEY,
        "--door",
        "lobby",
        "--holder",
        "7",
        "--id",
        CRED_ID,
        "--entropy",
        ENTROPY,
    ]);
    assert_eq!(again.stdout, out.stdout);
    // Other entropy, other content key and ciphertext.
    let other = run(&[
        "credential",
        "issue",
        "--site-key",
        SITE_KEY,
        "--door",
        "lobby",
        "--holder",
        "7",
        "--id",
        CRED_ID,
        "--entropy",
        "00112233445566778899aabbccddeeff",
    ]);
    assert_ne!(line_value(&other.stdout, "credential:"), blob);
}

#[test]
fn credential_issue_refuses_bad_input() {
    let base = [
        "credential",
        "issue",
        "--site-key",
        SITE_KEY,
        "--holder",
        "1",
    ];
    let no_door = run(&base);
    assert_eq!(no_door.code, 2);
    assert!(no_door.stderr.contains("--door"), "{}", no_door.stderr);
    let weak = run(&[&base[..], &["--door", "a", "--entropy", "00"]].concat());
    assert_eq!(weak.code, 2);
    assert!(weak.stderr.contains("WeakEntropy"), "{}", weak.stderr);
    let twice = run(&[
        &base[..],
        &["--door", "a", "--door", "a", "--entropy", ENTROPY],
    ]
    .concat());
    assert!(twice.stderr.contains("DuplicateDoor"), "{}", twice.stderr);
    let role = run(&[&base[..], &["--door", "a", "--role", "owner"]].concat());
    assert!(role.stderr.contains("--role"), "{}", role.stderr);
    let reversed = run(&[
        &base[..],
        &["--door", "a", "--not-before", "100", "--not-after", "50"],
    ]
    .concat());
    assert_eq!(reversed.code, 2);
    let door_key = run(&[
        "credential",
        "issue",
        "--door-key",
        SITE_KEY,
        "--door",
        "a",
        "--holder",
        "1",
    ]);
    assert!(
        door_key.stderr.contains("site secret"),
        "{}",
        door_key.stderr
    );
}

#[test]
fn credential_show_delegate_challenge_answer_verify() {
    let bundle = issue_resident_bundle();
    let shown = run(&["credential", "show", &bundle]);
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    assert_eq!(line_value(&shown.stdout, "credential id:"), CRED_ID);
    assert_eq!(line_value(&shown.stdout, "holder:"), "42");
    assert_eq!(line_value(&shown.stdout, "role:"), "resident");
    assert_eq!(line_value(&shown.stdout, "may share:"), "yes");
    assert!(
        line_value(&shown.stdout, "window:")
            .starts_with("2026-11-01T00:00:00Z .. 2026-12-01T00:00:00Z")
    );
    assert_eq!(
        line_value(&shown.stdout, "doors:"),
        "2 (0 (lobby), 1 (gym))"
    );

    let guest = run(&[
        "credential",
        "delegate",
        &bundle,
        "--link",
        LINK_ID,
        "--guest",
        "99",
        "--door",
        "gym",
        "--not-before",
        "2026-11-20T00:00:00Z",
        "--not-after",
        "2026-11-25T00:00:00Z",
    ]);
    assert_eq!(guest.code, 0, "{}", guest.stderr);
    let guest = guest.stdout.trim().to_owned();
    let shown = run(&["credential", "show", &guest]);
    assert!(
        shown.stdout.contains(&format!(
            "caveat 1: link {LINK_ID}, guest 99, doors 1 (gym)"
        )),
        "{}",
        shown.stdout
    );
    assert!(
        line_value(&shown.stdout, "rights:")
            .starts_with("doors 1 (gym), window 2026-11-20T00:00:00Z")
    );
    assert!(line_value(&shown.stdout, "rights:").ends_with("may share no, role non-resident"));

    // Widening is refused: a window past the parent's, a door the guest does not hold, and any
    // caveat below a link without may-share.
    let wide = run(&[
        "credential",
        "delegate",
        &bundle,
        "--not-after",
        "2027-01-01T00:00:00Z",
    ]);
    assert_eq!(wide.code, 2);
    assert!(wide.stderr.contains("Widening.Window"), "{}", wide.stderr);
    let door = run(&["credential", "delegate", &guest, "--door", "lobby"]);
    assert!(door.stderr.contains("no such door"), "{}", door.stderr);
    let reshare = run(&["credential", "delegate", &guest, "--link", CRED_ID]);
    assert!(
        reshare.stderr.contains("Widening.NotShareable"),
        "{}",
        reshare.stderr
    );

    let challenge = run(&[
        "credential",
        "challenge",
        "--site-key",
        SITE_KEY,
        "--door",
        "gym",
        "--entropy",
        "00",
        "--now",
        "2026-11-22T09:00:00Z",
    ]);
    assert_eq!(challenge.code, 0, "{}", challenge.stderr);
    let nonce = line_value(&challenge.stdout, "nonce:");
    // The nonce starts with the 64-bit challenge counter: the first challenge is number 1.
    assert!(nonce.starts_with("0000000000000001"), "{nonce}");
    let message = line_value(&challenge.stdout, "challenge:");
    // version 01, nonce, door id length 3, "gym".
    assert_eq!(message, format!("01{nonce}0367796d"));
    // The next challenge from the persisted state has counter 2.
    let state = line_value(&challenge.stdout, "state:");
    let next = run(&[
        "credential",
        "challenge",
        "--site-key",
        SITE_KEY,
        "--door",
        "gym",
        "--entropy",
        "00",
        "--now",
        "2026-11-22T09:00:00Z",
        "--state",
        state,
    ]);
    assert!(line_value(&next.stdout, "nonce:").starts_with("0000000000000002"));

    let presentation = run(&["credential", "answer", &guest, message]);
    assert_eq!(presentation.code, 0, "{}", presentation.stderr);
    let presentation = presentation.stdout.trim().to_owned();
    let verify = |extra: &[&str]| {
        let mut args = vec![
            "credential",
            "verify",
            "--site-key",
            SITE_KEY,
            "--door",
            "gym",
            "--challenge",
            message,
        ];
        args.extend_from_slice(extra);
        args.push(&presentation);
        run(&args)
    };
    let ok = verify(&["--now", "2026-11-22T09:00:10Z"]);
    assert_eq!(ok.code, 0, "{}{}", ok.stdout, ok.stderr);
    assert!(
        ok.stdout
            .starts_with(&format!("accept: credential {CRED_ID} holder 42")),
        "{}",
        ok.stdout
    );
    assert!(
        ok.stdout.contains(&format!("last link {LINK_ID} guest 99")),
        "{}",
        ok.stdout
    );
    for (extra, reason) in [
        (&["--now", "2026-11-26T00:00:00Z"][..], "reject: Expired"),
        (
            &["--now", "2026-11-19T00:00:00Z"][..],
            "reject: NotYetValid",
        ),
        (
            &[
                "--now",
                "2026-11-22T09:00:10Z",
                "--deny-credential",
                CRED_ID,
            ][..],
            "reject: Revoked.Credential",
        ),
        (
            &[
                "--now",
                "2026-11-22T09:00:10Z",
                "--deny-credential",
                LINK_ID,
            ][..],
            "reject: Revoked.Link",
        ),
        (
            &["--now", "2026-11-22T09:00:10Z", "--deny-person", "42"][..],
            "reject: Revoked.Holder",
        ),
        (
            &["--now", "2026-11-22T09:00:10Z", "--deny-person", "99"][..],
            "reject: Revoked.Guest",
        ),
        (
            &["--now", "2026-11-22T09:00:10Z", "--issuers", "0:1"][..],
            "reject: StaleEpoch",
        ),
        (
            &["--now", "2026-11-22T09:00:10Z", "--issuers", "5:0"][..],
            "reject: UnknownIssuer",
        ),
    ] {
        let out = verify(extra);
        assert_eq!(out.code, 1, "{extra:?}: {}{}", out.stdout, out.stderr);
        assert!(out.stdout.starts_with(reason), "{extra:?}: {}", out.stdout);
    }
    // Another challenge (another nonce): the recorded answer does not verify.
    let other = line_value(&next.stdout, "challenge:");
    let replay = run(&[
        "credential",
        "verify",
        "--site-key",
        SITE_KEY,
        "--door",
        "gym",
        "--challenge",
        other,
        "--now",
        "2026-11-22T09:00:10Z",
        &presentation,
    ]);
    assert_eq!(replay.code, 1);
    assert!(
        replay.stdout.starts_with("reject: BadProof"),
        "{}",
        replay.stdout
    );
    // The guest holds no proof key for the lobby.
    let lobby = run(&[
        "credential",
        "challenge",
        "--site-key",
        SITE_KEY,
        "--door",
        "lobby",
        "--entropy",
        "00",
        "--now",
        "2026-11-22T09:00:00Z",
    ]);
    let lobby_challenge = line_value(&lobby.stdout, "challenge:");
    let refused = run(&["credential", "answer", &guest, lobby_challenge]);
    assert_eq!(refused.code, 2);
    assert!(refused.stderr.contains("DoorNotHeld"), "{}", refused.stderr);
    // A challenge for another door than --door is a usage error.
    let mismatch = run(&[
        "credential",
        "verify",
        "--site-key",
        SITE_KEY,
        "--door",
        "gym",
        "--challenge",
        lobby_challenge,
        &presentation,
    ]);
    assert_eq!(mismatch.code, 2);
    // Truncated presentation: a typed reason.
    let truncated = verify(&["--now", "2026-11-22T09:00:10Z"]);
    assert_eq!(truncated.code, 0);
    let cut = &presentation[..presentation.len() - 2];
    let out = run(&[
        "credential",
        "verify",
        "--site-key",
        SITE_KEY,
        "--door",
        "gym",
        "--challenge",
        message,
        "--now",
        "2026-11-22T09:00:10Z",
        cut,
    ]);
    assert!(
        out.stdout.starts_with("reject: Malformed.Truncated"),
        "{}",
        out.stdout
    );
}

#[test]
fn credential_bundles_are_checked() {
    let bad = run(&["credential", "show", "zz"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("not valid hex"), "{}", bad.stderr);
    let version = run(&["credential", "show", "02"]);
    assert!(
        version.stderr.contains("UnknownVersion"),
        "{}",
        version.stderr
    );
    let bundle = issue_resident_bundle();
    let truncated = run(&["credential", "show", &bundle[..bundle.len() - 2]]);
    assert!(
        truncated.stderr.contains("Truncated"),
        "{}",
        truncated.stderr
    );
    let unknown = run(&["credential", "frobnicate"]);
    assert_eq!(unknown.code, 2);
    let help = run(&["credential", "--help"]);
    assert!(help.stdout.contains("doorcode credential issue"));
    let help = run(&["help", "credential"]);
    assert!(help.stdout.contains("doorcode credential verify"));
}

#[test]
fn demo_presents_phone_credentials() {
    let out = run(&["demo"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("resident: nonce "), "{}", out.stdout);
    assert!(
        out.stdout.contains("accepted (holder 1001)"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("accepted (guest 2002 via resident 1001's credential)")
    );
    assert!(
        out.stdout
            .contains("replaying the guest's recorded answer: rejected")
    );
}

fn credential_vectors() -> serde_json::Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../vectors/doorcode_credential_test.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn vector_group<'a>(file: &'a serde_json::Value, kind: &str) -> &'a Vec<serde_json::Value> {
    file["testGroups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["type"] == kind)
        .unwrap()["tests"]
        .as_array()
        .unwrap()
}

fn unhex_text(text: &str) -> String {
    String::from_utf8(doorcode_cli::hex::decode(text).unwrap()).unwrap()
}

#[test]
fn credential_issue_matches_the_vectors() {
    let file = credential_vectors();
    for test in vector_group(&file, "CredentialIssueTest") {
        if test["result"] != "valid" {
            continue;
        }
        let f = &test["fields"];
        let holder = f["holder"].to_string();
        let issuer = test["issuer"].to_string();
        let epoch = test["epoch"].to_string();
        let key = f["key"].to_string();
        let not_before = f["notBefore"].to_string();
        let not_after = f["notAfter"].to_string();
        let mut args: Vec<String> = [
            "credential",
            "issue",
            "--site-key",
            test["siteKey"].as_str().unwrap(),
            "--holder",
            &holder,
            "--issuer",
            &issuer,
            "--epoch",
            &epoch,
            "--key",
            &key,
            "--id",
            f["credentialId"].as_str().unwrap(),
            "--entropy",
            test["entropy"].as_str().unwrap(),
            "--role",
            f["role"].as_str().unwrap(),
            "--not-before",
            &not_before,
            "--not-after",
            &not_after,
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        for door in test["doors"].as_array().unwrap() {
            args.push("--door".into());
            args.push(unhex_text(door.as_str().unwrap()));
        }
        if let Some(schedule) = f["schedule"].as_str() {
            args.push("--schedule".into());
            args.push(schedule.into());
        }
        if f["mayShare"] == true {
            args.push("--may-share".into());
        }
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(&refs);
        assert_eq!(out.code, 0, "tcId {}: {}", test["tcId"], out.stderr);
        assert_eq!(
            line_value(&out.stdout, "credential:"),
            test["credential"],
            "tcId {}",
            test["tcId"]
        );
        assert_eq!(line_value(&out.stdout, "content key:"), test["contentKey"]);
        assert_eq!(line_value(&out.stdout, "bundle:"), test["bundle"]);
    }
}

#[test]
fn credential_verify_agrees_with_the_presentation_vectors() {
    let file = credential_vectors();
    let mut checked = 0;
    for test in vector_group(&file, "PresentationTest") {
        // The CLI takes a challenge message: build it from the nonce and the door.
        let door = test["door"].as_str().unwrap();
        let challenge = format!(
            "01{}{:02x}{door}",
            test["nonce"].as_str().unwrap(),
            door.len() / 2
        );
        let now = test["now"].to_string();
        let issuers: Vec<String> = test["issuers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|pair| format!("{}:{}", pair[0], pair[1]))
            .collect();
        let issuers = issuers.join(",");
        let mut args: Vec<String> = [
            "credential",
            "verify",
            "--door-key",
            test["doorKey"].as_str().unwrap(),
            "--door-hex",
            door,
            "--challenge",
            &challenge,
            "--now",
            &now,
            "--issuers",
            &issuers,
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        for id in test["deniedCredentials"].as_array().unwrap() {
            args.push("--deny-credential".into());
            args.push(id.as_str().unwrap().into());
        }
        for person in test["deniedPersons"].as_array().unwrap() {
            args.push("--deny-person".into());
            args.push(person.to_string());
        }
        let presentation = test["presentation"].as_str().unwrap();
        if presentation.is_empty() {
            continue; // an empty positional is not a presentation the CLI can be given
        }
        args.push("--".into());
        args.push(presentation.into());
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(&refs);
        let id = &test["tcId"];
        if test["result"] == "valid" {
            assert_eq!(out.code, 0, "tcId {id}: {}{}", out.stdout, out.stderr);
            assert!(
                out.stdout.contains(&format!("holder {}", test["holder"])),
                "tcId {id}"
            );
        } else {
            assert_eq!(out.code, 1, "tcId {id}: {}{}", out.stdout, out.stderr);
            let reason = test["reason"].as_str().unwrap();
            assert!(
                out.stdout.starts_with(&format!("reject: {reason} (")),
                "tcId {id}: {}",
                out.stdout
            );
        }
        checked += 1;
    }
    assert!(checked > 30, "{checked}");
}

/// `daily batch` prints CSV in door, date, kind, slot order; every line equals what
/// `daily issue` prints for that door, date, kind and slot.
#[test]
fn daily_batch_csv_matches_daily_issue() {
    let out = run(&[
        "daily",
        "batch",
        "--site-key",
        SITE_KEY,
        "--doors",
        "lobby,room-1",
        "--from",
        "2026-11-22",
        "--days",
        "2",
        "--slots",
        "2",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines[0], "door,date,kind,slot,code");
    assert_eq!(lines.len(), 1 + 2 * 2 * 2 * 2);
    let mut expected_order = Vec::new();
    for door in ["lobby", "room-1"] {
        for date in ["2026-11-22", "2026-11-23"] {
            for kind in ["daily", "single-use"] {
                for slot in ["0", "1"] {
                    expected_order.push([door, date, kind, slot]);
                }
            }
        }
    }
    for (line, [door, date, kind, slot]) in lines[1..].iter().zip(expected_order) {
        let fields: Vec<&str> = line.split(',').collect();
        assert_eq!(fields[..4], [door, date, kind, slot], "{line}");
        let single = run(&[
            "daily",
            "issue",
            "--site-key",
            SITE_KEY,
            "--door",
            door,
            "--date",
            date,
            "--kind",
            kind,
            "--slot",
            slot,
        ]);
        assert_eq!(single.stdout.trim(), fields[4], "{line}");
    }
}

/// With a door key, `daily batch` reproduces a committed vector (doorcode_daily_issue_test.json
/// tcId 16: 7 digits, daily slot 99 of door "front-door" on 2026-11-22).
#[test]
fn daily_batch_with_door_key_matches_vector() {
    let out = run(&[
        "daily",
        "batch",
        "--door-key",
        "8a3dcd50b66bef1539a8f1317fd1bf86a60b9279433981a5469c8a4331a733c6",
        "--door-hex",
        "66726f6e742d646f6f72",
        "--from",
        "2026-11-22",
        "--kind",
        "daily",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 1 + 100);
    assert_eq!(lines[100].rsplit(',').next(), Some("7752938"));
}

#[test]
fn daily_batch_errors_are_clean() {
    assert_clean_error(
        &[
            "daily",
            "batch",
            "--site-key",
            SITE_KEY,
            "--doors",
            "a,b",
            "--from",
            "2026-11-22",
            "--slots",
            "101",
        ],
        "slots",
    );
    assert_clean_error(
        &[
            "daily",
            "batch",
            "--site-key",
            SITE_KEY,
            "--doors",
            "a",
            "--days",
            "2",
        ],
        "--from",
    );
    assert_clean_error(
        &[
            "daily",
            "batch",
            "--door-key",
            &"11".repeat(32),
            "--doors",
            "a,b",
            "--from",
            "2026-11-22",
        ],
        "one door",
    );
}
