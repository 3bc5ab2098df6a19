//! Checks the library against every case of the language-neutral vectors in `vectors/`.
//!
//! This reads the JSON like any other implementation would and does not share code with the
//! generator (`cli/src/vectors.rs`); `cli/tests/vectors.rs` checks that the files are current.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    missing_docs
)]

use std::path::PathBuf;

use doorcode::civil::LocalDate;
use doorcode::code::{CodeFormatError, CodeLength, Digits};
use doorcode::daily::{
    DAILY_KEY_LABEL, DailyKind, DailyPolicy, DailyReject, DailyVerifier, IssueError, issue_daily,
};
use doorcode::keys::{DoorId, DoorKey, Epoch, IssuerId, KeyError, PermanentKey, SiteKey};
use doorcode::permanent::{
    Generation, MAX_ATTEMPTS, PermanentError, PersonId, Scope, derive, permanent_code_sorted,
};
use doorcode::zone::Zone;
use serde_json::Value;

fn load(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("vectors")
        .join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

fn unhex(text: &str) -> Vec<u8> {
    assert!(text.len().is_multiple_of(2), "odd-length hex {text}");
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn str_of<'a>(value: &'a Value, field: &str) -> &'a str {
    value[field]
        .as_str()
        .unwrap_or_else(|| panic!("field {field} is not a string in {value}"))
}

fn u64_of(value: &Value, field: &str) -> u64 {
    value[field]
        .as_u64()
        .unwrap_or_else(|| panic!("field {field} is not an unsigned number in {value}"))
}

fn u32_of(value: &Value, field: &str) -> u32 {
    u32::try_from(u64_of(value, field)).unwrap()
}

fn is_valid(test: &Value) -> bool {
    match str_of(test, "result") {
        "valid" => true,
        "invalid" => false,
        other => panic!("unknown result {other}"),
    }
}

/// Every test of every group, with its group; checks the tcIds and the declared count.
fn tests_of(file: &Value) -> Vec<(&Value, &Value)> {
    let mut all = Vec::new();
    for group in file["testGroups"].as_array().unwrap() {
        for test in group["tests"].as_array().unwrap() {
            all.push((group, test));
        }
    }
    let declared = u64_of(file, "numberOfTests");
    assert!(declared > 0, "no tests declared");
    assert_eq!(all.len() as u64, declared, "numberOfTests");
    for (index, (_, test)) in all.iter().enumerate() {
        assert_eq!(
            u64_of(test, "tcId"),
            index as u64 + 1,
            "tcIds are consecutive"
        );
        for flag in test["flags"].as_array().unwrap() {
            let flag = flag.as_str().unwrap();
            assert!(
                file["notes"].get(flag).is_some(),
                "flag {flag} is not in the notes"
            );
        }
    }
    all
}

fn key_error_name(error: KeyError) -> &'static str {
    match error {
        KeyError::TooShort { .. } => "TooShort",
        KeyError::TooLong { .. } => "TooLong",
        KeyError::EmptyDoorId => "EmptyDoorId",
        KeyError::DoorIdTooLong { .. } => "DoorIdTooLong",
        KeyError::WrongLength { .. } => "WrongLength",
        _ => "Other",
    }
}

fn policy_of(group: &Value) -> DailyPolicy {
    let policy = &group["policy"];
    DailyPolicy {
        length: CodeLength::new(u64_of(policy, "digits") as u8).unwrap(),
        daily_slots: u32_of(policy, "dailySlots"),
        single_use_slots: u32_of(policy, "singleUseSlots"),
        grace_seconds: u32_of(policy, "graceSeconds"),
    }
}

fn date_of(value: &Value, field: &str) -> LocalDate {
    str_of(value, field).parse().unwrap()
}

#[test]
fn key_hierarchy_vectors() {
    let file = load("doorcode_keys_test.json");
    assert_eq!(file["algorithm"], "doorcode-key-hierarchy-v1");
    let tests = tests_of(&file);
    let mut checked = 0u64;
    for (_, test) in &tests {
        let id = u64_of(test, "tcId");
        let secret = unhex(str_of(test, "siteSecret"));
        let door = unhex(str_of(test, "doorId"));
        let (issuer, epoch) = (
            IssuerId(u32_of(test, "issuer")),
            Epoch(u32_of(test, "epoch")),
        );
        let result = SiteKey::from_bytes(&secret).and_then(|site| Ok((site, DoorId::new(&door)?)));
        if is_valid(test) {
            let (site, door) = result.unwrap_or_else(|e| panic!("tcId {id}: refused: {e}"));
            let door_key = site.door_key(&door);
            let issuer_key = door_key.issuer_key(issuer, epoch);
            let daily = issuer_key.purpose_key(DAILY_KEY_LABEL, &[]);
            assert_eq!(
                hex(door_key.as_bytes()),
                str_of(test, "doorKey"),
                "tcId {id}"
            );
            assert_eq!(
                hex(issuer_key.as_bytes()),
                str_of(test, "issuerKey"),
                "tcId {id}"
            );
            assert_eq!(hex(&daily[..]), str_of(test, "dailyCodeKey"), "tcId {id}");
        } else {
            let error = result
                .err()
                .unwrap_or_else(|| panic!("tcId {id}: accepted"));
            assert_eq!(key_error_name(error), str_of(test, "error"), "tcId {id}");
        }
        checked += 1;
    }
    assert_eq!(checked, u64_of(&file, "numberOfTests"));
}

#[test]
fn daily_issue_vectors() {
    let file = load("doorcode_daily_issue_test.json");
    assert_eq!(file["algorithm"], "doorcode-daily-v1");
    let tests = tests_of(&file);
    let mut checked = 0u64;
    for (group, test) in &tests {
        let id = u64_of(test, "tcId");
        let policy = policy_of(group);
        let door_key = DoorKey::from_hex(str_of(test, "doorKey")).unwrap();
        let door = DoorId::new(&unhex(str_of(test, "doorId"))).unwrap();
        let kind = DailyKind::from_name(str_of(test, "kind")).unwrap();
        let slot = u32_of(test, "slot");
        let result = issue_daily(
            &door_key,
            door,
            IssuerId(u32_of(test, "issuer")),
            Epoch(u32_of(test, "epoch")),
            policy,
            date_of(test, "date"),
            kind,
            slot,
        );
        if is_valid(test) {
            let code = result.unwrap_or_else(|e| panic!("tcId {id}: {e}"));
            assert_eq!(code.to_string(), str_of(test, "code"), "tcId {id}");
        } else {
            assert_eq!(str_of(test, "error"), "SlotOutOfRange", "tcId {id}");
            assert!(
                matches!(result, Err(IssueError::SlotOutOfRange { slot: s, .. }) if s == slot),
                "tcId {id}: {result:?}"
            );
        }
        checked += 1;
    }
    assert_eq!(checked, u64_of(&file, "numberOfTests"));
}

fn reject_name(reject: DailyReject) -> String {
    match reject {
        DailyReject::NoMatch => "NoMatch".into(),
        DailyReject::ClockOutOfRange => "ClockOutOfRange".into(),
        DailyReject::Malformed(error) => format!(
            "Malformed.{}",
            match error {
                CodeFormatError::Empty => "Empty",
                CodeFormatError::TooLong { .. } => "TooLong",
                CodeFormatError::InvalidCharacter { .. } => "InvalidCharacter",
                CodeFormatError::WrongLength { .. } => "WrongLength",
                _ => "Other",
            }
        ),
        _ => "Other".into(),
    }
}

#[test]
fn daily_verify_vectors() {
    let file = load("doorcode_daily_verify_test.json");
    assert_eq!(file["algorithm"], "doorcode-daily-verify-v1");
    let tests = tests_of(&file);
    let mut checked = 0u64;
    let (mut accepted_count, mut rejected_count) = (0, 0);
    for (group, test) in &tests {
        let id = u64_of(test, "tcId");
        let door_key = DoorKey::from_hex(str_of(group, "doorKey")).unwrap();
        let door = DoorId::new(&unhex(str_of(group, "doorId"))).unwrap();
        let issuers: Vec<(IssuerId, Epoch)> = group["issuers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| (IssuerId(u32_of(i, "issuer")), Epoch(u32_of(i, "epoch"))))
            .collect();
        let offset = i32::try_from(group["utcOffsetSeconds"].as_i64().unwrap()).unwrap();
        let zone = Zone::fixed(offset).unwrap();
        let verifier = DailyVerifier::new(&door_key, door, policy_of(group), &issuers).unwrap();
        let now = test["now"].as_i64().unwrap();
        let result = verifier.verify(str_of(test, "input"), now, &zone);
        if is_valid(test) {
            let accepted = result.unwrap_or_else(|e| panic!("tcId {id}: rejected: {e}"));
            let expected = &test["accepted"];
            assert_eq!(accepted.date, date_of(expected, "date"), "tcId {id}");
            assert_eq!(accepted.slot, u32_of(expected, "slot"), "tcId {id}");
            assert_eq!(accepted.kind.name(), str_of(expected, "kind"), "tcId {id}");
            assert_eq!(accepted.issuer.0, u32_of(expected, "issuer"), "tcId {id}");
            accepted_count += 1;
        } else {
            let reject = result
                .err()
                .unwrap_or_else(|| panic!("tcId {id}: accepted, expected a rejection"));
            assert_eq!(reject_name(reject), str_of(test, "reject"), "tcId {id}");
            rejected_count += 1;
        }
        checked += 1;
    }
    assert_eq!(checked, u64_of(&file, "numberOfTests"));
    assert!(accepted_count > 0 && rejected_count > 0);
}

// ---------------------------------------------------------------------------------------------
// Zones, DST daily codes and schedules (doorcode_zone_test.json, doorcode_daily_dst_test.json,
// doorcode_schedule_test.json).

use doorcode::civil::LocalDateTime;
use doorcode::schedule::{AccessDenied, AccessRule, DecodeError, Schedule};
use doorcode::zone::{
    Disambiguation, IANA_CAPACITY, LocalResolution, LocalTimeError, PosixRule, ZoneDecodeError,
};

type BigZone = Zone<IANA_CAPACITY>;

/// The zone of a group: `encoding` decoded, and equal to `posix` parsed when that is given.
fn zone_of(fields: &Value) -> BigZone {
    let zone = BigZone::decode(&unhex(str_of(fields, "encoding"))).unwrap();
    if let Some(text) = fields["posix"].as_str() {
        let parsed = BigZone::from_rule(PosixRule::parse(text).unwrap());
        assert_eq!(parsed, zone, "posix {text} and its encoding differ");
    }
    zone
}

fn wall_of(text: &str) -> LocalDateTime {
    let (date, time) = text.split_once('T').unwrap();
    let parts: Vec<u32> = time.split(':').map(|p| p.parse().unwrap()).collect();
    LocalDateTime {
        date: date.parse().unwrap(),
        second_of_day: parts[0] * 3600 + parts[1] * 60 + parts[2],
    }
}

fn i64_of(value: &Value, field: &str) -> i64 {
    value[field]
        .as_i64()
        .unwrap_or_else(|| panic!("field {field} is not an integer in {value}"))
}

fn zone_decode_error(error: ZoneDecodeError) -> Value {
    use serde_json::json;
    match error {
        ZoneDecodeError::Truncated { offset } => json!({"error": "Truncated", "offset": offset}),
        ZoneDecodeError::UnknownVersion { .. } => json!({"error": "UnknownVersion", "offset": 0}),
        ZoneDecodeError::BadField { field, offset } => {
            json!({"error": format!("BadField.{field:?}"), "offset": offset})
        }
        ZoneDecodeError::TransitionsNotIncreasing { index } => {
            json!({"error": "TransitionsNotIncreasing", "index": index})
        }
        ZoneDecodeError::TooManyTransitions { .. } => json!({"error": "TooManyTransitions"}),
        ZoneDecodeError::RuleDisagreesWithLastTransition => {
            json!({"error": "RuleDisagreesWithLastTransition"})
        }
        ZoneDecodeError::TrailingBytes { offset } => {
            json!({"error": "TrailingBytes", "offset": offset})
        }
        other => json!({"error": format!("{other:?}")}),
    }
}

#[test]
fn zone_vectors() {
    let file = load("doorcode_zone_test.json");
    assert_eq!(file["algorithm"], "doorcode-zone-v1");
    let tests = tests_of(&file);
    let mut checked = 0u64;
    for (group, test) in &tests {
        let id = u64_of(test, "tcId");
        match str_of(group, "type") {
            "ZoneQueryTest" => {
                let zone = zone_of(group);
                match str_of(test, "query") {
                    "localTime" => {
                        let t = i64_of(test, "instant");
                        assert_eq!(
                            zone.local_datetime(t).unwrap().to_string(),
                            str_of(test, "local"),
                            "tcId {id}"
                        );
                        let info = zone.offset_info_at(t).unwrap();
                        assert_eq!(i64::from(info.seconds), i64_of(test, "offsetSeconds"));
                        assert_eq!(info.is_dst, test["isDst"].as_bool().unwrap(), "tcId {id}");
                    }
                    "dayBounds" => {
                        let bounds = zone.day_bounds(date_of(test, "date"));
                        if is_valid(test) {
                            let (start, end) = bounds.unwrap_or_else(|| panic!("tcId {id}"));
                            assert_eq!(start, i64_of(test, "start"), "tcId {id}");
                            assert_eq!(end, i64_of(test, "end"), "tcId {id}");
                            assert_eq!(end - start, i64_of(test, "lengthSeconds"), "tcId {id}");
                        } else {
                            assert_eq!(str_of(test, "error"), "DateDoesNotOccur");
                            assert_eq!(bounds, None, "tcId {id}");
                        }
                    }
                    "resolve" => {
                        let local = wall_of(str_of(test, "local"));
                        let r = &test["resolution"];
                        let expected = match str_of(r, "kind") {
                            "unique" => LocalResolution::Unique(i64_of(r, "instant")),
                            "gap" => LocalResolution::Gap {
                                earlier: i64_of(r, "earlier"),
                                later: i64_of(r, "later"),
                            },
                            "fold" => LocalResolution::Fold {
                                earlier: i64_of(r, "earlier"),
                                later: i64_of(r, "later"),
                            },
                            other => panic!("kind {other}"),
                        };
                        assert_eq!(zone.resolve(local).unwrap(), expected, "tcId {id}");
                        let how = match str_of(test, "disambiguation") {
                            "compatible" => Disambiguation::Compatible,
                            "earlier" => Disambiguation::Earlier,
                            "later" => Disambiguation::Later,
                            "reject" => Disambiguation::Reject,
                            other => panic!("disambiguation {other}"),
                        };
                        let got = zone.to_instant(local, how);
                        if is_valid(test) {
                            assert_eq!(got, Ok(i64_of(test, "instant")), "tcId {id}");
                        } else {
                            let name = match got {
                                Err(LocalTimeError::Skipped { .. }) => "Skipped",
                                Err(LocalTimeError::Ambiguous { .. }) => "Ambiguous",
                                other => panic!("tcId {id}: {other:?}"),
                            };
                            assert_eq!(name, str_of(test, "error"), "tcId {id}");
                        }
                    }
                    "nextTransition" => {
                        let got = zone.next_transition(i64_of(test, "instant")).unwrap();
                        let next = &test["next"];
                        match got {
                            None => assert!(next.is_null(), "tcId {id}"),
                            Some(t) => {
                                assert_eq!(t.at, i64_of(next, "at"), "tcId {id}");
                                assert_eq!(i64::from(t.offset), i64_of(next, "offsetSeconds"));
                                assert_eq!(t.is_dst, next["isDst"].as_bool().unwrap());
                            }
                        }
                    }
                    other => panic!("tcId {id}: query {other}"),
                }
            }
            "PosixParseTest" => {
                let result = PosixRule::parse(str_of(test, "posix"));
                if is_valid(test) {
                    let rule = result.unwrap();
                    assert_eq!(rule.to_string(), str_of(test, "canonical"), "tcId {id}");
                    let zone = BigZone::from_rule(rule);
                    let mut out = vec![0u8; zone.encoded_len()];
                    let n = zone.encode(&mut out).unwrap();
                    assert_eq!(hex(&out[..n]), str_of(test, "encoding"), "tcId {id}");
                } else {
                    let error = result.unwrap_err();
                    assert_eq!(
                        format!("{:?}", error.kind),
                        str_of(test, "error"),
                        "tcId {id}"
                    );
                    assert_eq!(error.position as u64, u64_of(test, "position"), "tcId {id}");
                }
            }
            "ZoneDecodeTest" => {
                assert_eq!(u64_of(group, "capacity"), IANA_CAPACITY as u64);
                assert!(!is_valid(test));
                let error = BigZone::decode(&unhex(str_of(test, "encoding"))).unwrap_err();
                let expected: serde_json::Map<String, Value> = test
                    .as_object()
                    .unwrap()
                    .iter()
                    .filter(|(k, _)| ["error", "offset", "index"].contains(&k.as_str()))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                assert_eq!(
                    zone_decode_error(error),
                    Value::Object(expected),
                    "tcId {id}"
                );
            }
            other => panic!("group type {other}"),
        }
        checked += 1;
    }
    assert_eq!(checked, u64_of(&file, "numberOfTests"));
}

#[test]
fn daily_dst_vectors() {
    let file = load("doorcode_daily_dst_test.json");
    assert_eq!(file["algorithm"], "doorcode-daily-verify-zone-v1");
    let tests = tests_of(&file);
    let mut checked = 0u64;
    for (group, test) in &tests {
        let id = u64_of(test, "tcId");
        let door_key = DoorKey::from_hex(str_of(group, "doorKey")).unwrap();
        let door = DoorId::new(&unhex(str_of(group, "doorId"))).unwrap();
        let issuers: Vec<(IssuerId, Epoch)> = group["issuers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| (IssuerId(u32_of(i, "issuer")), Epoch(u32_of(i, "epoch"))))
            .collect();
        let zone = zone_of(&group["zone"]);
        let verifier = DailyVerifier::new(&door_key, door, policy_of(group), &issuers).unwrap();
        let result = verifier.verify(str_of(test, "input"), i64_of(test, "now"), &zone);
        if is_valid(test) {
            let accepted = result.unwrap_or_else(|e| panic!("tcId {id}: rejected: {e}"));
            let expected = &test["accepted"];
            assert_eq!(accepted.date, date_of(expected, "date"), "tcId {id}");
            assert_eq!(accepted.slot, u32_of(expected, "slot"), "tcId {id}");
            assert_eq!(accepted.kind.name(), str_of(expected, "kind"), "tcId {id}");
            assert_eq!(accepted.issuer.0, u32_of(expected, "issuer"), "tcId {id}");
        } else {
            let reject = result
                .err()
                .unwrap_or_else(|| panic!("tcId {id}: accepted, expected a rejection"));
            assert_eq!(reject_name(reject), str_of(test, "reject"), "tcId {id}");
        }
        checked += 1;
    }
    assert_eq!(checked, u64_of(&file, "numberOfTests"));
}

fn schedule_decode_error(error: DecodeError) -> String {
    match error {
        DecodeError::Invalid(inner) => format!("Invalid.{inner:?}"),
        DecodeError::InvalidDate(inner) => format!("InvalidDate.{inner:?}"),
        DecodeError::UnsupportedVersion(_) => "UnsupportedVersion".into(),
        DecodeError::UnknownExceptionKind(_) => "UnknownExceptionKind".into(),
        DecodeError::UnknownGrantFlags(_) => "UnknownGrantFlags".into(),
        other => format!("{other:?}"),
    }
}

#[test]
fn schedule_vectors() {
    let file = load("doorcode_schedule_test.json");
    assert_eq!(file["algorithm"], "doorcode-schedule-v1");
    let tests = tests_of(&file);
    let mut checked = 0u64;
    for (group, test) in &tests {
        let id = u64_of(test, "tcId");
        let next = test["nextChange"].as_i64();
        match str_of(group, "type") {
            "ScheduleTest" => {
                let schedule = Schedule::decode(&unhex(str_of(group, "schedule"))).unwrap();
                assert_eq!(hex(&schedule.to_vec()), str_of(group, "schedule"));
                let zone = zone_of(&group["zone"]);
                let now = i64_of(test, "now");
                let got = schedule.check(now, &zone);
                assert_eq!(got.is_ok(), test["allows"].as_bool().unwrap(), "tcId {id}");
                assert_eq!(
                    got.err().map(|d| format!("{d:?}")).as_deref(),
                    test["denial"].as_str(),
                    "tcId {id}"
                );
                assert_eq!(schedule.next_change(now, &zone), next, "tcId {id}");
            }
            "AccessRuleTest" => {
                let rule = AccessRule::decode(&unhex(str_of(group, "rule"))).unwrap();
                let zone = zone_of(&group["zone"]);
                let clock = test["now"].as_i64();
                let got = rule.check(clock, &zone);
                assert_eq!(got.is_ok(), test["allows"].as_bool().unwrap(), "tcId {id}");
                let name = got.err().map(|d| match d {
                    AccessDenied::Schedule { index, reason } => {
                        format!("Schedule.{index}.{reason:?}")
                    }
                    other => format!("{other:?}"),
                });
                assert_eq!(name.as_deref(), test["denial"].as_str(), "tcId {id}");
                assert_eq!(rule.next_change(clock, &zone), next, "tcId {id}");
            }
            "ScheduleDecodeTest" => {
                let error = Schedule::decode(&unhex(str_of(test, "encoding"))).unwrap_err();
                assert_eq!(
                    schedule_decode_error(error),
                    str_of(test, "error"),
                    "tcId {id}"
                );
            }
            "AccessRuleDecodeTest" => {
                let error = AccessRule::decode(&unhex(str_of(test, "encoding"))).unwrap_err();
                assert_eq!(
                    schedule_decode_error(error),
                    str_of(test, "error"),
                    "tcId {id}"
                );
            }
            other => panic!("group type {other}"),
        }
        checked += 1;
    }
    assert_eq!(checked, u64_of(&file, "numberOfTests"));
}

fn permanent_refusal(
    test: &Value,
) -> Result<(PermanentKey, PersonId, Option<DoorId>, CodeLength), String> {
    let key = SiteKey::from_bytes(&unhex(str_of(test, "siteSecret")))
        .map_err(|e| key_error_name(e).to_owned())?
        .permanent_key();
    let person = PersonId::new(&unhex(str_of(test, "person"))).map_err(|e| match e {
        PermanentError::EmptyPersonId => "EmptyPersonId".to_owned(),
        PermanentError::PersonIdTooLong { .. } => "PersonIdTooLong".to_owned(),
        other => format!("{other:?}"),
    })?;
    let door = match str_of(test, "scope") {
        "common" => None,
        scope => Some(DoorId::new(&unhex(scope)).map_err(|e| key_error_name(e).to_owned())?),
    };
    let length = CodeLength::new(u64_of(test, "digits") as u8).map_err(|e| match e {
        CodeFormatError::UnsupportedLength { .. } => "UnsupportedLength".to_owned(),
        other => format!("{other:?}"),
    })?;
    Ok((key, person, door, length))
}

#[test]
fn permanent_vectors() {
    let file = load("doorcode_permanent_test.json");
    assert_eq!(file["algorithm"], "doorcode-permanent-v1");
    let tests = tests_of(&file);
    let mut checked = 0u64;
    for (group, test) in &tests {
        let id = u64_of(test, "tcId");
        let generation = Generation(u32_of(test, "generation"));
        let inputs = permanent_refusal(test);
        let (key, person, door, length) = match inputs {
            Ok(inputs) => inputs,
            Err(error) => {
                assert!(!is_valid(test), "tcId {id}: refused as {error}");
                assert_eq!(error, str_of(test, "error"), "tcId {id}");
                checked += 1;
                continue;
            }
        };
        assert_eq!(
            hex(key.as_bytes()),
            str_of(test, "permanentKey"),
            "tcId {id}"
        );
        let scope = door.as_ref().map_or(Scope::Common, Scope::Door);
        match str_of(group, "type") {
            "PermanentDeriveTest" => {
                assert!(is_valid(test), "tcId {id}: accepted an invalid case");
                let attempt = u32_of(test, "attempt");
                let code = derive(&key, &person, scope, generation, length, attempt);
                assert_eq!(code.to_string(), str_of(test, "code"), "tcId {id}");
            }
            "PermanentResolveTest" => {
                let mut taken: Vec<u64> = test["taken"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|code| {
                        Digits::parse(code.as_str().unwrap(), length)
                            .unwrap()
                            .value()
                    })
                    .collect();
                taken.sort_unstable();
                let result =
                    permanent_code_sorted(&key, &person, scope, generation, length, &taken);
                if is_valid(test) {
                    let issued = result.unwrap_or_else(|e| panic!("tcId {id}: {e}"));
                    assert_eq!(issued.code.to_string(), str_of(test, "code"), "tcId {id}");
                    assert_eq!(issued.attempt, u32_of(test, "attempt"), "tcId {id}");
                    assert_eq!(
                        derive(&key, &person, scope, generation, length, issued.attempt),
                        issued.code,
                        "tcId {id}: derive re-derives the issued code"
                    );
                } else {
                    assert_eq!(
                        result,
                        Err(PermanentError::NoFreeCode {
                            attempts: MAX_ATTEMPTS
                        }),
                        "tcId {id}"
                    );
                    assert_eq!(str_of(test, "error"), "NoFreeCode", "tcId {id}");
                }
            }
            other => panic!("unknown group type {other}"),
        }
        checked += 1;
    }
    assert_eq!(checked, u64_of(&file, "numberOfTests"));
}

// ---------------------------------------------------------------------------------------------
// doorcode_lock_test.json

mod lock_vectors {
    use super::*;
    use doorcode::lock::{
        Clock, DefaultLock, FormatError, KeypadAnswer, LockConfig, Matched, PermanentEntry,
        RejectReason, StateError, UpdateError, build_update, max_update_len, permanent_tag,
    };
    use doorcode::schedule::Grant;

    fn door_key(group: &Value) -> DoorKey {
        DoorKey::from_bytes(&unhex(str_of(group, "doorKey"))).unwrap()
    }

    fn state_of(lock: &DefaultLock) -> Vec<u8> {
        let mut out = vec![0u8; DefaultLock::MAX_STATE_LEN];
        let len = lock.encode_state(&mut out).unwrap();
        out.truncate(len);
        out
    }

    fn config_of(group: &Value, c: &Value) -> LockConfig<64> {
        let door = DoorId::new(&unhex(str_of(c, "doorId"))).unwrap();
        let mut config = LockConfig::<64>::new(door);
        config.policy = DailyPolicy {
            length: CodeLength::new(u64_of(c, "digits") as u8).unwrap(),
            daily_slots: u32_of(c, "dailySlots"),
            single_use_slots: u32_of(c, "singleUseSlots"),
            grace_seconds: u32_of(c, "graceSeconds"),
        };
        config.single_use_minutes = u64_of(c, "singleUseMinutes") as u16;
        config.throttle.limit = u64_of(c, "wrongCodeLimit") as u8;
        config.throttle.base_seconds = u32_of(c, "lockoutBaseSeconds");
        config.throttle.cap_seconds = u32_of(c, "lockoutCapSeconds");
        config.throttle.quiet_seconds = u32_of(c, "quietSeconds");
        config.clock_tolerance_seconds = u32_of(c, "clockToleranceSeconds");
        let issuers: Vec<(IssuerId, Epoch)> = c["issuers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| (IssuerId(u32_of(i, "issuer")), Epoch(u32_of(i, "epoch"))))
            .collect();
        config.set_issuers(&issuers).unwrap();
        config.zone = Zone::decode(&unhex(str_of(c, "zone"))).unwrap();
        for schedule in c["schedules"].as_array().unwrap() {
            let bytes = unhex(schedule.as_str().unwrap());
            config
                .push_schedule(doorcode::schedule::Schedule::decode(&bytes).unwrap())
                .unwrap();
        }
        for e in c["entries"].as_array().unwrap() {
            let code = Digits::parse(str_of(e, "code"), config.policy.length).unwrap();
            config
                .push_entry(PermanentEntry {
                    tag: permanent_tag(&door_key(group), &config.door, &code),
                    person: u64_of(e, "person"),
                    grant: Grant::new(i64_of(e, "notBefore"), i64_of(e, "notAfter")).unwrap(),
                    schedule: e["schedule"].as_u64().map(|index| index as u8),
                })
                .unwrap();
        }
        for p in c["deniedPersons"].as_array().unwrap() {
            config.deny_person(p.as_u64().unwrap()).unwrap();
        }
        config
    }

    fn update_error(error: UpdateError) -> String {
        let format = |f: FormatError| match f {
            FormatError::Truncated => "Truncated",
            FormatError::TrailingBytes => "TrailingBytes",
            FormatError::UnknownVersion(_) => "UnknownVersion",
            _ => "Other",
        };
        match error {
            UpdateError::Forged => "Forged".into(),
            UpdateError::Stale { .. } => "Stale".into(),
            UpdateError::WrongDoor => "WrongDoor".into(),
            UpdateError::Malformed(f) => format!("Malformed({})", format(f)),
            other => format!("{other:?}"),
        }
    }

    fn state_error(error: StateError) -> &'static str {
        match error {
            StateError::Truncated => "Truncated",
            StateError::Tampered => "Tampered",
            StateError::UnknownVersion(_) => "UnknownVersion",
            StateError::TrailingBytes => "TrailingBytes",
            _ => "Other",
        }
    }

    fn opt_i64(value: &Value) -> Option<i64> {
        if value.is_null() {
            None
        } else {
            Some(value.as_i64().unwrap())
        }
    }

    fn reason(reason: RejectReason) -> (&'static str, Option<i64>) {
        match reason {
            RejectReason::NoMatch => ("NoMatch", None),
            RejectReason::ClockUnset => ("ClockUnset", None),
            RejectReason::ClockRolledBack { last_trusted } => {
                ("ClockRolledBack", Some(last_trusted))
            }
            RejectReason::LockedOut { until } => ("LockedOut", Some(until)),
            RejectReason::SingleUseExpired { first_use } => ("SingleUseExpired", Some(first_use)),
            RejectReason::PersonDenied => ("PersonDenied", None),
            RejectReason::NotYetValid => ("NotYetValid", None),
            RejectReason::Expired => ("Expired", None),
            RejectReason::SingleUseTableFull => ("SingleUseTableFull", None),
            RejectReason::OutsideSchedule(_) => ("OutsideSchedule", None),
            other => panic!("unexpected reason {other:?}"),
        }
    }

    fn check_matched(matched: Option<Matched>, want: &Value) {
        match matched.unwrap() {
            Matched::Daily(a) => {
                assert_eq!(want["type"], "daily");
                assert_eq!(a.date, date_of(want, "date"));
                let kind = match a.kind {
                    DailyKind::Daily => "daily",
                    DailyKind::SingleUse => "single-use",
                };
                assert_eq!(kind, str_of(want, "kind"));
                assert_eq!(a.slot, u32_of(want, "slot"));
                assert_eq!(a.issuer.0, u32_of(want, "issuer"));
            }
            Matched::Permanent { index, person } => {
                assert_eq!(want["type"], "permanent");
                assert_eq!(u64::from(index), u64_of(want, "index"));
                assert_eq!(person, u64_of(want, "person"));
            }
            Matched::Credential(presented) => {
                assert_eq!(want["type"], "credential");
                assert_eq!(presented.id.to_string(), str_of(want, "id"));
            }
        }
    }

    #[test]
    fn lock_vectors() {
        let file = load("doorcode_lock_test.json");
        assert_eq!(file["algorithm"], "doorcode-lock-v1");
        let all = tests_of(&file);
        let mut checked = 0u64;
        for (group, test) in &all {
            let id = u64_of(test, "tcId");
            let key = || door_key(group);
            match str_of(group, "type") {
                "LockUpdateTest" => {
                    let prior = unhex(str_of(test, "priorState"));
                    let update = unhex(str_of(test, "update"));
                    let mut lock = DefaultLock::restore(key(), &prior).unwrap();
                    if is_valid(test) {
                        let config = config_of(group, &test["config"]);
                        let mut out = vec![0u8; max_update_len(64)];
                        let len = build_update(
                            &key(),
                            u64_of(test, "counter"),
                            i64_of(test, "issuedAt"),
                            &config,
                            &mut out,
                        )
                        .unwrap();
                        assert_eq!(hex(&out[..len]), hex(&update), "tcId {id}");
                        let summary = lock.apply_update(&update).unwrap();
                        assert_eq!(summary.counter, u64_of(test, "counter"), "tcId {id}");
                        assert_eq!(lock.config().entries().len(), config.entries().len());
                    } else {
                        let error = lock.apply_update(&update).unwrap_err();
                        assert_eq!(update_error(error), str_of(test, "error"), "tcId {id}");
                        assert_eq!(state_of(&lock), prior, "tcId {id}: state changed");
                    }
                }
                "LockStateTest" => {
                    let state = unhex(str_of(test, "state"));
                    let restored = DefaultLock::restore(key(), &state);
                    if is_valid(test) {
                        let lock = restored.unwrap();
                        assert_eq!(state_of(&lock), state, "tcId {id}");
                        assert_eq!(lock.update_counter(), u64_of(test, "counter"));
                        assert_eq!(lock.last_trusted(), opt_i64(&test["lastTrusted"]));
                        let t = lock.throttle_state();
                        assert_eq!(t.locked_until, opt_i64(&test["lockoutUntil"]), "tcId {id}");
                        assert_eq!(t.forgive_from, opt_i64(&test["forgiveFrom"]), "tcId {id}");
                        assert_eq!(u64::from(t.wrong), u64_of(test, "wrongCount"));
                        let records = test["records"].as_array().unwrap();
                        assert_eq!(lock.used_records().len(), records.len(), "tcId {id}");
                        for (got, want) in lock.used_records().iter().zip(records) {
                            assert_eq!(got.date, date_of(want, "date"));
                            assert_eq!(got.issuer.0, u32_of(want, "issuer"));
                            assert_eq!(got.epoch.0, u32_of(want, "epoch"));
                            assert_eq!(got.slot, u32_of(want, "slot"));
                            assert_eq!(got.first_use, i64_of(want, "firstUse"));
                        }
                    } else {
                        let error = restored.unwrap_err();
                        assert_eq!(state_error(error), str_of(test, "error"), "tcId {id}");
                    }
                }
                "LockScenarioTest" => {
                    assert!(is_valid(test));
                    let prior = unhex(str_of(test, "priorState"));
                    let mut lock = DefaultLock::restore(key(), &prior).unwrap();
                    let config = config_of(group, &test["config"]);
                    lock.apply_update(&unhex(str_of(test, "update"))).unwrap();
                    assert_eq!(lock.config().entries().len(), config.entries().len());
                    for (index, step) in test["steps"].as_array().unwrap().iter().enumerate() {
                        let at = format!("tcId {id} step {index}");
                        match step["action"].as_str().unwrap_or("keypress") {
                            "keypress" => {}
                            "update" => {
                                let before = state_of(&lock);
                                let result = lock.apply_update(&unhex(str_of(step, "update")));
                                match step["error"].as_str() {
                                    None => {
                                        result.unwrap();
                                    }
                                    Some(name) => {
                                        assert_eq!(update_error(result.unwrap_err()), name, "{at}");
                                        assert_eq!(state_of(&lock), before, "{at}: state changed");
                                    }
                                }
                                continue;
                            }
                            "reboot" => {
                                let bytes = state_of(&lock);
                                lock = DefaultLock::restore(key(), &bytes).unwrap();
                                assert_eq!(state_of(&lock), bytes, "{at}");
                                continue;
                            }
                            other => panic!("{at}: unknown action {other}"),
                        }
                        let clock = Clock::from(opt_i64(&step["clock"]));
                        let (answer, event) = lock.keypress(str_of(step, "input"), clock);
                        match str_of(step, "answer") {
                            "accept" => {
                                assert_eq!(answer, KeypadAnswer::Accept, "{at}: {event:?}");
                                check_matched(event.matched, &step["matched"]);
                            }
                            "reject" => {
                                assert_eq!(answer, KeypadAnswer::Reject, "{at}");
                                let (name, instant) = reason(event.reason.unwrap());
                                assert_eq!(name, str_of(step, "reason"), "{at}");
                                assert_eq!(instant, opt_i64(&step["reasonInstant"]), "{at}");
                                assert_eq!(
                                    event.lockout_until,
                                    opt_i64(&step["lockoutUntil"]),
                                    "{at}"
                                );
                            }
                            other => panic!("{at}: unknown answer {other}"),
                        }
                    }
                }
                other => panic!("unknown group type {other}"),
            }
            checked += 1;
        }
        assert_eq!(checked, u64_of(&file, "numberOfTests"));
    }
}

// ---------------------------------------------------------------------------------------------
// doorcode_credential_test.json

#[cfg(feature = "alloc")]
mod credential_vectors {
    use super::*;
    use doorcode::credential::{
        Caveat, CredentialError, CredentialFields, CredentialId, CredentialIssuer,
        CredentialReject, DoorSet, HolderCredential, Revoked, Role, VerifyContext, Widening,
        verify_presentation,
    };
    use doorcode::lock::{Clock, DefaultLock, KeypadAnswer, LockConfig, RejectReason};
    use doorcode::schedule::{Grant, Schedule};

    fn error_name(error: &CredentialError) -> String {
        match error {
            CredentialError::Widening(w) => format!("Widening.{}", widening_name(*w)),
            other => format!("{other:?}")
                .split(['(', ' ', '{'])
                .next()
                .unwrap()
                .to_owned(),
        }
    }

    fn widening_name(widening: Widening) -> &'static str {
        match widening {
            Widening::NotShareable => "NotShareable",
            Widening::Doors => "Doors",
            Widening::Window => "Window",
            Widening::Schedule => "Schedule",
            other => panic!("unnamed widening {other:?}"),
        }
    }

    fn reject_name(reject: &CredentialReject) -> String {
        match reject {
            CredentialReject::Malformed(error) => format!("Malformed.{}", error_name(error)),
            CredentialReject::Revoked(which) => format!(
                "Revoked.{}",
                match which {
                    Revoked::Credential => "Credential",
                    Revoked::Holder => "Holder",
                    Revoked::Link(_) => "Link",
                    Revoked::Guest(_) => "Guest",
                }
            ),
            CredentialReject::Widening { widening, .. } => {
                format!("Widening.{}", widening_name(*widening))
            }
            other => format!("{other:?}")
                .split(['(', ' ', '{'])
                .next()
                .unwrap()
                .to_owned(),
        }
    }

    fn i64_at(value: &Value, field: &str) -> i64 {
        value[field].as_i64().unwrap()
    }

    fn schedule_of(value: &Value) -> Option<Schedule> {
        value["schedule"]
            .as_str()
            .map(|text| Schedule::decode(&unhex(text)).unwrap())
    }

    fn fields_of(f: &Value) -> CredentialFields {
        let id: CredentialId = str_of(f, "credentialId").parse().unwrap();
        let grant = Grant::new(i64_at(f, "notBefore"), i64_at(f, "notAfter")).unwrap();
        let mut fields = CredentialFields::new(id, u64_of(f, "holder"), grant);
        fields.key = u64_of(f, "key");
        fields.schedule = schedule_of(f);
        fields.role = match str_of(f, "role") {
            "resident" => Role::Resident,
            "non-resident" => Role::NonResident,
            other => panic!("role {other}"),
        };
        fields.may_share = f["mayShare"].as_bool().unwrap();
        fields
    }

    fn caveat_of(c: &Value) -> Caveat {
        let grant = Grant::new(i64_at(c, "notBefore"), i64_at(c, "notAfter")).unwrap();
        let mut caveat = Caveat::new(
            str_of(c, "link").parse().unwrap(),
            u64_of(c, "guest"),
            DoorSet(u32_of(c, "doors")),
            grant,
        );
        caveat.schedule = schedule_of(c);
        caveat.may_share = c["mayShare"].as_bool().unwrap();
        caveat
    }

    fn proofs_json(holder: &HolderCredential) -> Vec<(String, u64, String)> {
        holder
            .proofs()
            .iter()
            .map(|p| {
                (
                    hex(p.door.as_bytes()),
                    u64::from(p.index),
                    hex(p.proof.as_bytes()),
                )
            })
            .collect()
    }

    fn proofs_of(value: &Value) -> Vec<(String, u64, String)> {
        value
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    str_of(p, "door").to_owned(),
                    u64_of(p, "slot"),
                    str_of(p, "proofKey").to_owned(),
                )
            })
            .collect()
    }

    fn door_of(value: &Value) -> DoorId {
        DoorId::new(&unhex(value.as_str().unwrap())).unwrap()
    }

    fn bundle_of(test: &Value, field: &str) -> Result<HolderCredential, CredentialError> {
        HolderCredential::from_bytes(&unhex(str_of(test, field)))
    }

    #[test]
    fn credential_vectors() {
        let file = load("doorcode_credential_test.json");
        assert_eq!(file["algorithm"], "doorcode-credential-v1");
        let all = tests_of(&file);
        let mut checked = 0u64;
        for (group, test) in &all {
            let id = u64_of(test, "tcId");
            match str_of(group, "type") {
                "CredentialIssueTest" => {
                    let site = SiteKey::from_bytes(&unhex(str_of(test, "siteKey"))).unwrap();
                    let doors: Vec<DoorId> = test["doors"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(door_of)
                        .collect();
                    let issuer = CredentialIssuer::from_site(
                        &site,
                        IssuerId(u32_of(test, "issuer")),
                        Epoch(u32_of(test, "epoch")),
                        &doors,
                    );
                    let got = issuer.issue(
                        &fields_of(&test["fields"]),
                        &doors,
                        &unhex(str_of(test, "entropy")),
                    );
                    if is_valid(test) {
                        let holder = got.unwrap();
                        assert_eq!(hex(holder.blob()), str_of(test, "credential"), "tcId {id}");
                        assert_eq!(
                            hex(holder.content_key().as_bytes()),
                            str_of(test, "contentKey"),
                            "tcId {id}"
                        );
                        assert_eq!(proofs_json(&holder), proofs_of(&test["proofKeys"]));
                        assert_eq!(hex(&holder.to_bytes()), str_of(test, "bundle"), "tcId {id}");
                    } else {
                        assert_eq!(
                            error_name(&got.unwrap_err()),
                            str_of(test, "error"),
                            "tcId {id}"
                        );
                    }
                }
                "CredentialDelegateTest" => {
                    let parent = bundle_of(test, "parent").unwrap();
                    let got = parent.delegate(&caveat_of(&test["caveat"]));
                    if is_valid(test) {
                        let guest = got.unwrap();
                        assert_eq!(
                            hex(guest.caveats().last().unwrap()),
                            str_of(test, "sealedCaveat"),
                            "tcId {id}"
                        );
                        assert_eq!(proofs_json(&guest), proofs_of(&test["proofKeys"]));
                        assert_eq!(hex(&guest.to_bytes()), str_of(test, "bundle"), "tcId {id}");
                    } else {
                        assert_eq!(
                            error_name(&got.unwrap_err()),
                            str_of(test, "error"),
                            "tcId {id}"
                        );
                    }
                }
                "CredentialBundleTest" => {
                    let got = bundle_of(test, "bundle").and_then(|holder| holder.open());
                    if is_valid(test) {
                        let opened = got.unwrap();
                        assert_eq!(opened.header.issuer, IssuerId(u32_of(test, "issuer")));
                        assert_eq!(opened.header.epoch, Epoch(u32_of(test, "epoch")));
                        assert_eq!(
                            u64::from(opened.header.door_count),
                            u64_of(test, "doorCount")
                        );
                        assert_eq!(opened.root, fields_of(&test["fields"]), "tcId {id}");
                        let caveats: Vec<Caveat> = test["caveats"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(caveat_of)
                            .collect();
                        assert_eq!(opened.caveats, caveats, "tcId {id}");
                        let r = &test["rights"];
                        assert_eq!(opened.rights.doors, DoorSet(u32_of(r, "doors")));
                        assert_eq!(opened.rights.grant.not_before(), i64_at(r, "notBefore"));
                        assert_eq!(opened.rights.grant.not_after(), i64_at(r, "notAfter"));
                        assert_eq!(opened.rights.may_share, r["mayShare"].as_bool().unwrap());
                    } else {
                        assert_eq!(
                            error_name(&got.unwrap_err()),
                            str_of(test, "error"),
                            "tcId {id}"
                        );
                    }
                }
                "ChallengeTest" => {
                    let door = door_of(&test["door"]);
                    let key = DoorKey::from_bytes(&unhex(str_of(test, "doorKey"))).unwrap();
                    let mut lock = DefaultLock::new(key, LockConfig::new(door)).unwrap();
                    let entropy = unhex(str_of(test, "entropy"));
                    for _ in 0..u64_of(test, "priorChallenges") {
                        lock.challenge(&entropy, Clock::Set(0)).unwrap();
                    }
                    let challenge = lock.challenge(&entropy, Clock::Set(0)).unwrap();
                    assert_eq!(hex(&challenge.nonce), str_of(test, "nonce"), "tcId {id}");
                    assert_eq!(
                        hex(&challenge.to_bytes()),
                        str_of(test, "challenge"),
                        "tcId {id}"
                    );
                }
                "PresentationTest" => {
                    let door = door_of(&test["door"]);
                    let key = DoorKey::from_bytes(&unhex(str_of(test, "doorKey"))).unwrap();
                    let issuers: Vec<(IssuerId, Epoch)> = test["issuers"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|p| {
                            (
                                IssuerId(p[0].as_u64().unwrap() as u32),
                                Epoch(p[1].as_u64().unwrap() as u32),
                            )
                        })
                        .collect();
                    let denied: Vec<CredentialId> = test["deniedCredentials"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|v| v.as_str().unwrap().parse().unwrap())
                        .collect();
                    let persons: Vec<u64> = test["deniedPersons"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|v| v.as_u64().unwrap())
                        .collect();
                    let nonce: [u8; 16] = unhex(str_of(test, "nonce")).try_into().unwrap();
                    let context = VerifyContext {
                        door_key: &key,
                        door: &door,
                        issuers: &issuers,
                        nonce: &nonce,
                        now: i64_at(test, "now"),
                        zone: &Zone::UTC,
                        denied_credentials: &denied,
                        denied_persons: &persons,
                    };
                    let got = verify_presentation(&context, &unhex(str_of(test, "presentation")));
                    if is_valid(test) {
                        let presented = got.unwrap_or_else(|e| panic!("tcId {id}: {e:?}"));
                        assert_eq!(presented.holder, u64_of(test, "holder"), "tcId {id}");
                        assert_eq!(u64::from(presented.depth), u64_of(test, "depth"));
                        assert_eq!(u64::from(presented.door_index), u64_of(test, "slot"));
                    } else {
                        assert_eq!(
                            reject_name(&got.unwrap_err()),
                            str_of(test, "reason"),
                            "tcId {id}"
                        );
                    }
                }
                "BleSessionTest" => {
                    let door = door_of(&test["door"]);
                    let key = DoorKey::from_bytes(&unhex(str_of(test, "doorKey"))).unwrap();
                    let mut lock = DefaultLock::new(key, LockConfig::new(door)).unwrap();
                    for (index, step) in test["steps"].as_array().unwrap().iter().enumerate() {
                        let at = format!("tcId {id} step {index}");
                        let now = Clock::Set(i64_at(step, "now"));
                        match str_of(step, "op") {
                            "challenge" => {
                                let challenge = lock
                                    .challenge(&unhex(str_of(step, "entropy")), now)
                                    .unwrap();
                                assert_eq!(
                                    hex(&challenge.to_bytes()),
                                    str_of(step, "challenge"),
                                    "{at}"
                                );
                            }
                            "present" => {
                                let (answer, event) =
                                    lock.present(&unhex(str_of(step, "presentation")), now);
                                if str_of(step, "answer") == "accept" {
                                    assert_eq!(answer, KeypadAnswer::Accept, "{at}: {event:?}");
                                } else {
                                    assert_eq!(answer, KeypadAnswer::Reject, "{at}");
                                    let Some(RejectReason::Credential(why)) = event.reason else {
                                        panic!("{at}: {event:?}");
                                    };
                                    assert_eq!(reject_name(&why), str_of(step, "reason"), "{at}");
                                }
                            }
                            other => panic!("{at}: unknown op {other}"),
                        }
                    }
                }
                other => panic!("unknown group type {other}"),
            }
            checked += 1;
        }
        assert_eq!(checked, u64_of(&file, "numberOfTests"));
    }
}
