//! Batch issuance (`doorcode::batch`): the parallel batch equals a plain loop over
//! `DailyIssuer::issue` for random requests, reproduces the committed daily-issue vectors, and
//! refuses bad requests with typed errors.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic,
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_sign_loss
)]

use std::path::PathBuf;

use doorcode::batch::{BatchCode, BatchError, BatchRequest, DoorKeys, MAX_BATCH_CODES, SlotRange};
use doorcode::civil::LocalDate;
use doorcode::code::CodeLength;
use doorcode::daily::{DailyIssuer, DailyKind, DailyPolicy, PolicyError};
use doorcode::keys::{DoorId, DoorKey, Epoch, IssuerId, SiteKey};
use proptest::prelude::*;
use serde_json::Value;

fn site() -> SiteKey {
    SiteKey::from_bytes(b"test site secret, 32 bytes long!").unwrap()
}

fn door(name: &str) -> DoorId {
    DoorId::new(name.as_bytes()).unwrap()
}

fn date(text: &str) -> LocalDate {
    text.parse().unwrap()
}

/// The reference: the one-at-a-time API in the documented order (door, date, range, slot).
fn sequential(request: &BatchRequest<'_>, door_keys: &[DoorKey]) -> Vec<BatchCode> {
    let mut out = Vec::new();
    for (index, door) in request.doors.iter().enumerate() {
        let issuer_key = door_keys[index].issuer_key(request.issuer, request.epoch);
        let issuer = DailyIssuer::new(&issuer_key, request.issuer, *door, request.policy);
        let mut date = request.first_date;
        for day in 0..request.days {
            if day > 0 {
                date = date.succ().unwrap();
            }
            for range in request.slots {
                for slot in range.first..range.first + range.count {
                    out.push(BatchCode {
                        door: index,
                        date,
                        kind: range.kind,
                        slot,
                        code: issuer.issue(date, range.kind, slot).unwrap(),
                    });
                }
            }
        }
    }
    out
}

fn request<'a>(
    keys: DoorKeys<'a>,
    doors: &'a [DoorId],
    slots: &'a [SlotRange],
    days: u32,
    policy: DailyPolicy,
) -> BatchRequest<'a> {
    BatchRequest {
        keys,
        doors,
        issuer: IssuerId(0),
        epoch: Epoch(0),
        first_date: date("2026-11-22"),
        days,
        slots,
        policy,
    }
}

fn policy_strategy() -> impl Strategy<Value = DailyPolicy> {
    (6u8..=9, 1u32..40, 0u32..40).prop_map(|(digits, daily, single)| DailyPolicy {
        length: CodeLength::new(digits).unwrap(),
        daily_slots: daily,
        single_use_slots: single,
        // No grace: grace does not change issuing, and 6 digits with up to 78 slots stays under
        // the odds ceiling with a single candidate date.
        grace_seconds: 0,
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn batch_equals_sequential(
        policy in policy_strategy(),
        door_count in 0usize..5,
        days in 0u32..5,
        first_day in 0i32..20_000,
        issuer in 0u32..4,
        epoch in 0u32..3,
        picks in prop::collection::vec((any::<bool>(), 0u32..40, 0u32..8), 0..4),
        per_door_keys in any::<bool>(),
    ) {
        let doors: Vec<DoorId> = (0..door_count).map(|i| door(&format!("door-{i}"))).collect();
        let site = site();
        let door_keys: Vec<DoorKey> = doors.iter().map(|d| site.door_key(d)).collect();
        // Ranges clipped into the policy (a kind with no slots contributes an empty range).
        let slots: Vec<SlotRange> = picks
            .iter()
            .map(|&(single, first, count)| {
                let kind = if single { DailyKind::SingleUse } else { DailyKind::Daily };
                let max = SlotRange::all(kind, &policy).count;
                let first = first.min(max);
                SlotRange { kind, first, count: count.min(max - first) }
            })
            .collect();
        let keys = if per_door_keys { DoorKeys::PerDoor(&door_keys) } else { DoorKeys::Site(&site) };
        let mut request = request(keys, &doors, &slots, days, policy);
        request.issuer = IssuerId(issuer);
        request.epoch = Epoch(epoch);
        request.first_date = LocalDate::from_days_since_epoch(first_day).unwrap();
        let batch = request.issue().unwrap();
        prop_assert_eq!(batch.len(), request.code_count().unwrap());
        prop_assert_eq!(batch, sequential(&request, &door_keys));
    }
}

/// A larger batch than rayon's splitting threshold, so the parallel path really splits.
#[test]
fn large_batch_equals_sequential() {
    let site = site();
    let doors: Vec<DoorId> = (0..7).map(|i| door(&format!("room-{i}"))).collect();
    let door_keys: Vec<DoorKey> = doors.iter().map(|d| site.door_key(d)).collect();
    let policy = DailyPolicy::default();
    let slots = [
        SlotRange::all(DailyKind::SingleUse, &policy),
        SlotRange {
            kind: DailyKind::Daily,
            first: 10,
            count: 50,
        },
    ];
    let request = request(DoorKeys::Site(&site), &doors, &slots, 31, policy);
    let batch = request.issue().unwrap();
    assert_eq!(batch.len(), 7 * 31 * 150);
    assert_eq!(batch, sequential(&request, &door_keys));
}

fn vectors() -> Value {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("vectors/doorcode_daily_issue_test.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Every valid vector, issued as a one-code batch from the vector's door key: the batch's code
/// is the vector's (independently checked by vectors/reference.py).
#[test]
fn reproduces_daily_issue_vectors() {
    let file = vectors();
    let mut checked = 0;
    for group in file["testGroups"].as_array().unwrap() {
        let p = &group["policy"];
        let policy = DailyPolicy {
            length: CodeLength::new(p["digits"].as_u64().unwrap() as u8).unwrap(),
            daily_slots: p["dailySlots"].as_u64().unwrap() as u32,
            single_use_slots: p["singleUseSlots"].as_u64().unwrap() as u32,
            grace_seconds: p["graceSeconds"].as_u64().unwrap() as u32,
        };
        for test in group["tests"].as_array().unwrap() {
            let text = |f: &str| test[f].as_str().unwrap().to_owned();
            let number = |f: &str| test[f].as_u64().unwrap() as u32;
            let key_bytes: Vec<u8> = (0..text("doorKey").len() / 2)
                .map(|i| u8::from_str_radix(&text("doorKey")[2 * i..2 * i + 2], 16).unwrap())
                .collect();
            let id_hex = text("doorId");
            let id: Vec<u8> = (0..id_hex.len() / 2)
                .map(|i| u8::from_str_radix(&id_hex[2 * i..2 * i + 2], 16).unwrap())
                .collect();
            let keys = [DoorKey::from_bytes(&key_bytes).unwrap()];
            let doors = [DoorId::new(&id).unwrap()];
            let slots = [SlotRange {
                kind: DailyKind::from_name(&text("kind")).unwrap(),
                first: number("slot"),
                count: 1,
            }];
            let mut request = request(DoorKeys::PerDoor(&keys), &doors, &slots, 1, policy);
            request.issuer = IssuerId(number("issuer"));
            request.epoch = Epoch(number("epoch"));
            request.first_date = date(&text("date"));
            let result = request.issue();
            if test["result"] == "valid" {
                let codes = result.unwrap();
                assert_eq!(codes.len(), 1);
                assert_eq!(
                    codes[0].code.to_string(),
                    text("code"),
                    "tcId {}",
                    test["tcId"]
                );
                assert_eq!(
                    (codes[0].date, codes[0].slot),
                    (request.first_date, number("slot"))
                );
            } else {
                assert!(
                    matches!(result, Err(BatchError::SlotOutOfRange { range, .. }) if range == slots[0]),
                    "tcId {}: {result:?}",
                    test["tcId"]
                );
            }
            checked += 1;
        }
    }
    assert_eq!(checked, file["numberOfTests"].as_u64().unwrap());
}

/// Several vectors of one door and policy in one multi-day batch: each lands at its documented
/// position (door, date, range, slot order).
#[test]
fn vectors_in_one_multi_day_batch() {
    let file = vectors();
    let group = &file["testGroups"][1]; // 7 digits, 100 + 100 slots
    assert_eq!(group["policy"]["digits"], 7);
    let tests: Vec<&Value> = group["tests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["result"] == "valid" && t["issuer"] == 0 && t["epoch"] == 0)
        .filter(|t| {
            t["doorId"] == group["tests"][0]["doorId"]
                && t["doorKey"] == group["tests"][0]["doorKey"]
        })
        // The vectors of 2026-11-22 and 2028-02-29: a 465-day batch (93,000 codes) holds them.
        .filter(|t| t["date"].as_str().unwrap().starts_with("202"))
        .collect();
    assert_eq!(
        tests.len(),
        6,
        "the group's vectors of one door in 2026..2028"
    );
    let key = DoorKey::from_hex(tests[0]["doorKey"].as_str().unwrap()).unwrap();
    let id_hex = tests[0]["doorId"].as_str().unwrap();
    let id: Vec<u8> = (0..id_hex.len() / 2)
        .map(|i| u8::from_str_radix(&id_hex[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    let keys = [key];
    let doors = [DoorId::new(&id).unwrap()];
    let dates: Vec<LocalDate> = tests
        .iter()
        .map(|t| date(t["date"].as_str().unwrap()))
        .collect();
    let first = *dates.iter().min().unwrap();
    let last = *dates.iter().max().unwrap();
    let days = (last.days_since_epoch() - first.days_since_epoch() + 1) as u32;
    assert_eq!(days, 465);
    let policy = DailyPolicy::default();
    let slots = [
        SlotRange::all(DailyKind::Daily, &policy),
        SlotRange::all(DailyKind::SingleUse, &policy),
    ];
    let mut request = request(DoorKeys::PerDoor(&keys), &doors, &slots, days, policy);
    request.first_date = first;
    let codes = request.issue().unwrap();
    for test in tests {
        let day = (date(test["date"].as_str().unwrap()).days_since_epoch()
            - first.days_since_epoch()) as usize;
        let slot = test["slot"].as_u64().unwrap() as usize;
        let kind_offset = if test["kind"] == "single-use" { 100 } else { 0 };
        let code = &codes[day * 200 + kind_offset + slot];
        assert_eq!(
            code.code.to_string(),
            test["code"].as_str().unwrap(),
            "tcId {}",
            test["tcId"]
        );
    }
}

#[test]
fn typed_errors_and_no_codes() {
    let site = site();
    let doors = [door("a"), door("b")];
    let policy = DailyPolicy::default();
    let ok_slots = [SlotRange {
        kind: DailyKind::Daily,
        first: 0,
        count: 1,
    }];

    let bad_policy = DailyPolicy {
        daily_slots: 0,
        single_use_slots: 0,
        ..policy
    };
    assert_eq!(
        request(DoorKeys::Site(&site), &doors, &ok_slots, 1, bad_policy).issue(),
        Err(BatchError::Policy(PolicyError::NoSlots))
    );

    let one_key = [site.door_key(&doors[0])];
    assert_eq!(
        request(DoorKeys::PerDoor(&one_key), &doors, &ok_slots, 1, policy).issue(),
        Err(BatchError::KeyCountMismatch { doors: 2, keys: 1 })
    );

    for range in [
        SlotRange {
            kind: DailyKind::Daily,
            first: 100,
            count: 1,
        },
        SlotRange {
            kind: DailyKind::SingleUse,
            first: 99,
            count: 2,
        },
        SlotRange {
            kind: DailyKind::Daily,
            first: u32::MAX,
            count: 2,
        },
    ] {
        let slots = [ok_slots[0], range];
        assert_eq!(
            request(DoorKeys::Site(&site), &doors, &slots, 1, policy).issue(),
            Err(BatchError::SlotOutOfRange { range, slots: 100 })
        );
    }

    let mut late = request(DoorKeys::Site(&site), &doors, &ok_slots, 2, policy);
    late.first_date = LocalDate::MAX;
    assert_eq!(
        late.issue(),
        Err(BatchError::DatesOutOfRange {
            first: LocalDate::MAX,
            days: 2
        })
    );
    late.days = 1;
    assert_eq!(late.issue().unwrap().len(), 2);

    let all = [
        SlotRange::all(DailyKind::Daily, &policy),
        SlotRange::all(DailyKind::SingleUse, &policy),
    ];
    let huge = request(DoorKeys::Site(&site), &doors, &all, 200_000, policy);
    assert_eq!(
        huge.issue(),
        Err(BatchError::TooManyCodes {
            requested: 2 * 200_000 * 200
        })
    );
    const { assert!(2 * 200_000 * 200 > MAX_BATCH_CODES) };

    // Empty requests are fine and empty.
    assert_eq!(
        request(DoorKeys::Site(&site), &[], &all, 3, policy).issue(),
        Ok(vec![])
    );
    assert_eq!(
        request(DoorKeys::Site(&site), &doors, &[], 3, policy).issue(),
        Ok(vec![])
    );
    assert_eq!(
        request(DoorKeys::Site(&site), &doors, &all, 0, policy).issue(),
        Ok(vec![])
    );
}
