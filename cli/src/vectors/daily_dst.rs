//! `doorcode_daily_dst_test.json`: daily codes in zones with clock changes (SPEC 7.4, "The
//! grace, and which dates a code works on").
//!
//! A code for date D is accepted exactly on `[start(D) - g, end(D) + g)` when the local date never
//! decreases around D; the day bounds of every case are written out by hand below (and checked
//! against `Zone::day_bounds` and the zone vectors' arithmetic), and every instant is derived
//! from them.

use doorcode::civil::LocalDate;
use doorcode::daily::{DailyAccepted, DailyKind, DailyPolicy, DailyVerifier};
use doorcode::keys::{DoorId, DoorKey, Epoch, IssuerId, SiteKey};
use serde_json::json;

use super::zone::{TestZone, rfc3339_local};
use super::{
    FileBuilder, VectorFile, bug, date, door_id, issue_with, overflow, policy, policy_json,
    pseudo_random, site_key,
};
use crate::daily_cmd::reject_name;
use crate::error::CliError;
use crate::hex;
use crate::time::parse_rfc3339;

/// File name of the daily-code DST vectors.
pub const DAILY_DST_FILE: &str = "doorcode_daily_dst_test.json";

const HEADER: &[&str] = &[
    "Test vectors for verifying doorcode daily codes in zones with clock changes, version 1 (SPEC.md 7.4 and 5.1).",
    "As doorcode_daily_verify_test.json (the same verification steps and result fields), except that the door's zone is given as 'zone': its binary encoding ('encoding', hex, SPEC 5.1.4) and, for rule-only zones, the POSIX TZ string ('posix') it parses from; IANA-built zones have 'posix': null and name the IANA zone in the group comment.",
    "A code for date D is accepted at instant t iff D is the local date of t - graceSeconds, t or t + graceSeconds. Where the local date never decreases this is exactly [start(D) - grace, end(D) + grace) with [start(D), end(D)) the UTC bounds of D, whatever the day's length; a date that does not occur is never accepted.",
    "Each group comment gives the day bounds, derived by hand from the zone's rules (see doorcode_zone_test.json and the generator's source); each test instant is one of those bounds plus or minus the grace, or a time inside the day.",
];

const NOTES: &[(&str, &str)] = &[
    (
        "ShortDay",
        "The code's date lasts 23 or 23.5 hours (clocks go forward that day).",
    ),
    (
        "LongDay",
        "The code's date lasts 24.5 or 25 hours (clocks go back that day).",
    ),
    ("HalfHourDst", "Lord Howe: the clocks change by 30 minutes."),
    (
        "MidnightGap",
        "The date starts at 01:00: 00:00-01:00 does not occur.",
    ),
    (
        "SkippedDate",
        "The date does not occur in the zone (Pacific/Apia 2011-12-30): its codes are never accepted.",
    ),
    (
        "FirstInstant",
        "The instant is start(D) - grace: the first at which D's code is accepted.",
    ),
    (
        "BeforeFirst",
        "The instant is start(D) - grace - 1 s: D's code is not yet accepted.",
    ),
    (
        "LastInstant",
        "The instant is end(D) + grace - 1 s: the last at which D's code is accepted.",
    ),
    (
        "AfterLast",
        "The instant is end(D) + grace: D's code is no longer accepted.",
    ),
    (
        "InsideDay",
        "An instant inside D, e.g. in the repeated hour of a fold.",
    ),
    (
        "NoGrace",
        "The policy's grace is 0: exactly the day's bounds.",
    ),
    ("MaxGrace", "The policy's grace is 6 hours, the maximum."),
    (
        "ExplicitTransitions",
        "An IANA-built zone with explicit transitions.",
    ),
];

/// A lock in a zone with clock changes: a test group.
struct DstLock<'a> {
    door_key: DoorKey,
    door: DoorId,
    policy: DailyPolicy,
    zone: &'a TestZone,
    verifier: DailyVerifier,
}

impl<'a> DstLock<'a> {
    fn new(
        file: &mut FileBuilder,
        site: &SiteKey,
        policy: DailyPolicy,
        zone: &'a TestZone,
        comment: &str,
    ) -> Result<Self, CliError> {
        let door = door_id(b"front-door")?;
        let door_key = site.door_key(&door);
        let issuers = [(IssuerId(0), Epoch(0))];
        let verifier = DailyVerifier::new(&door_key, door, policy, &issuers)
            .map_err(|e| bug(format!("lock '{comment}': {e}")))?;
        file.group(
            "DailyVerifyZoneTest",
            json!({
                "comment": comment,
                "doorKey": hex::encode(door_key.as_bytes()),
                "doorId": hex::encode(door.as_bytes()),
                "policy": policy_json(&policy),
                "zone": zone.json(),
                "issuers": [{ "issuer": 0, "epoch": 0 }],
            }),
        );
        Ok(Self {
            door_key,
            door,
            policy,
            zone,
            verifier,
        })
    }

    fn code(&self, day: LocalDate, slot: u32) -> Result<String, CliError> {
        issue_with(
            &self.door_key,
            self.door,
            &self.policy,
            day,
            DailyKind::Daily,
            slot,
            (0, 0),
        )
    }

    /// One case: the code of `day` (slot `slot`) typed at `now`; accepted iff `accept`.
    #[allow(clippy::too_many_arguments)]
    fn case(
        &self,
        file: &mut FileBuilder,
        comment: &str,
        flags: &[&'static str],
        day: LocalDate,
        slot: u32,
        now: i64,
        accept: bool,
    ) -> Result<(), CliError> {
        let input = self.code(day, slot)?;
        let comment = format!(
            "{comment}; code of {day}; now = {}",
            rfc3339_local(&self.zone.zone, now)
        );
        let got = self.verifier.verify(&input, now, &self.zone.zone);
        let mut fields = json!({ "input": input, "now": now });
        let map = fields
            .as_object_mut()
            .ok_or_else(|| bug("fields are not an object"))?;
        let expected = DailyAccepted {
            date: day,
            slot,
            kind: DailyKind::Daily,
            issuer: IssuerId(0),
        };
        match (accept, got) {
            (true, Ok(accepted)) if accepted == expected => {
                map.insert(
                    "accepted".to_owned(),
                    json!({ "date": day.to_string(), "slot": slot, "kind": "daily", "issuer": 0 }),
                );
                file.test(&comment, flags, fields, true)
            }
            (false, Err(reject)) if reject_name(&reject) == "NoMatch" => {
                map.insert("reject".to_owned(), json!("NoMatch"));
                file.test(&comment, flags, fields, false)
            }
            (_, got) => Err(bug(format!(
                "daily DST case '{comment}': built to be {}, library returned {got:?}",
                if accept { "accepted" } else { "rejected" }
            ))),
        }
    }

    /// The four edge cases of date `day` with hand-derived bounds `[start, end)` (UTC).
    fn edges(
        &self,
        file: &mut FileBuilder,
        flags: &[&'static str],
        day: &str,
        (start, end): (&str, &str),
        slot: u32,
    ) -> Result<(), CliError> {
        let day = date(day)?;
        let (start, end) = (utc(start)?, utc(end)?);
        if self.zone.zone.day_bounds(day) != Some((start, end)) {
            return Err(bug(format!(
                "{day}: day bounds differ from the hand-derived ones"
            )));
        }
        let g = i64::from(self.policy.grace_seconds);
        let first = start.checked_sub(g).ok_or_else(overflow)?;
        let after = end.checked_add(g).ok_or_else(overflow)?;
        let at = |t: i64, d: i64| t.checked_add(d).ok_or_else(overflow);
        let with = |extra: &'static str| -> Vec<&'static str> {
            let mut all = flags.to_vec();
            all.push(extra);
            all
        };
        file_case(
            self,
            file,
            "start(D) - grace - 1",
            &with("BeforeFirst"),
            day,
            slot,
            at(first, -1)?,
            false,
        )?;
        file_case(
            self,
            file,
            "start(D) - grace",
            &with("FirstInstant"),
            day,
            slot,
            first,
            true,
        )?;
        file_case(
            self,
            file,
            "end(D) + grace - 1",
            &with("LastInstant"),
            day,
            slot,
            at(after, -1)?,
            true,
        )?;
        file_case(
            self,
            file,
            "end(D) + grace",
            &with("AfterLast"),
            day,
            slot,
            after,
            false,
        )
    }
}

#[allow(clippy::too_many_arguments)]
fn file_case(
    lock: &DstLock<'_>,
    file: &mut FileBuilder,
    comment: &str,
    flags: &[&'static str],
    day: LocalDate,
    slot: u32,
    now: i64,
    accept: bool,
) -> Result<(), CliError> {
    lock.case(file, comment, flags, day, slot, now, accept)
}

fn utc(text: &str) -> Result<i64, CliError> {
    parse_rfc3339(text).map_err(|e| bug(format!("{text}: {e}")))
}

/// Generate `doorcode_daily_dst_test.json`.
#[rustfmt::skip]
pub fn daily_dst_file() -> Result<VectorFile, CliError> {
    let mut file = FileBuilder::new("doorcode-daily-verify-zone-v1", HEADER, NOTES);
    let f = &mut file;
    let site = site_key(&pseudo_random("daily dst site secret", 32))?;

    // New York, grace 15 minutes. 2026-03-08 (23 h): midnight EST = 05:00Z to midnight EDT =
    // 03-09T04:00Z. 2026-11-01 (25 h): midnight EDT = 04:00Z to midnight EST = 11-02T05:00Z.
    let ny = TestZone::posix("EST5EDT,M3.2.0,M11.1.0", None)?;
    let lock = DstLock::new(f, &site, policy(7, 100, 100, 900)?, &ny, "New York (EST5EDT,M3.2.0,M11.1.0), grace 900 s: 2026-03-08 is [05:00Z, 03-09T04:00Z) (23 h), 2026-11-01 is [04:00Z, 11-02T05:00Z) (25 h)")?;
    lock.edges(f, &["ShortDay"], "2026-03-08", ("2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z"), 3)?;
    lock.case(f, "03:30 EDT, just after the gap", &["ShortDay", "InsideDay"], date("2026-03-08")?, 3, utc("2026-03-08T07:30:00Z")?, true)?;
    lock.edges(f, &["LongDay"], "2026-11-01", ("2026-11-01T04:00:00Z", "2026-11-02T05:00:00Z"), 4)?;
    lock.case(f, "01:30 EST, the second 01:30 of the fold", &["LongDay", "InsideDay"], date("2026-11-01")?, 4, utc("2026-11-01T06:30:00Z")?, true)?;
    lock.case(f, "the day after at 00:14:59 EST: 2026-11-01's code within the grace", &["LongDay", "LastInstant"], date("2026-11-01")?, 5, utc("2026-11-02T05:14:59Z")?, true)?;

    // Lord Howe, grace 0: 2026-04-05 (24.5 h) is 00:00 +11 = 04-04T13:00Z to 00:00 +10:30 =
    // 04-05T13:30Z; 2026-10-04 (23.5 h) is 00:00 +10:30 = 10-03T13:30Z to 00:00 +11 = 10-04T13:00Z.
    let lh = TestZone::posix("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", None)?;
    let lock = DstLock::new(f, &site, policy(7, 100, 100, 0)?, &lh, "Lord Howe (<+1030>-10:30<+11>-11,M10.1.0,M4.1.0), grace 0: 2026-04-05 is [04-04T13:00Z, 04-05T13:30Z) (24.5 h), 2026-10-04 is [10-03T13:30Z, 10-04T13:00Z) (23.5 h)")?;
    lock.edges(f, &["LongDay", "HalfHourDst", "NoGrace"], "2026-04-05", ("2026-04-04T13:00:00Z", "2026-04-05T13:30:00Z"), 10)?;
    lock.case(f, "01:45 +10:30, the second 01:45", &["LongDay", "HalfHourDst", "InsideDay", "NoGrace"], date("2026-04-05")?, 10, utc("2026-04-04T15:15:00Z")?, true)?;
    lock.edges(f, &["ShortDay", "HalfHourDst", "NoGrace"], "2026-10-04", ("2026-10-03T13:30:00Z", "2026-10-04T13:00:00Z"), 11)?;

    // Havana, grace 15 minutes: 2024-03-10 starts at 01:00 CDT = 05:00Z (00:00 CST = 05:00Z
    // jumps to 01:00) and ends at 00:00 CDT = 03-11T04:00Z (23 h).
    let havana = TestZone::posix("CST5CDT,M3.2.0/0,M11.1.0/1", None)?;
    let lock = DstLock::new(f, &site, policy(7, 100, 100, 900)?, &havana, "Havana (CST5CDT,M3.2.0/0,M11.1.0/1), grace 900 s: 2024-03-10 is [05:00Z, 03-11T04:00Z) (23 h, starting at 01:00)")?;
    lock.edges(f, &["MidnightGap", "ShortDay"], "2024-03-10", ("2024-03-10T05:00:00Z", "2024-03-11T04:00:00Z"), 20)?;
    // 2024-03-09 ends at the jump (05:00Z): its code works until 05:15Z, i.e. 01:14:59 CDT.
    lock.case(f, "01:14:59 CDT: the day before's code, within the grace after the jump", &["MidnightGap", "LastInstant"], date("2024-03-09")?, 21, utc("2024-03-10T05:14:59Z")?, true)?;
    lock.case(f, "01:15:00 CDT: the day before's code, grace over", &["MidnightGap", "AfterLast"], date("2024-03-09")?, 21, utc("2024-03-10T05:15:00Z")?, false)?;

    // Apia, IANA-built over December 2011: 2011-12-29 is [12-29T10:00Z, 12-30T10:00Z),
    // 2011-12-31 is [12-30T10:00Z, 12-31T10:00Z); 2011-12-30 does not occur.
    let apia = TestZone::iana("Pacific/Apia", "2011-12-01T00:00:00Z", "2012-01-01T00:00:00Z")?;
    let jump = utc("2011-12-30T10:00:00Z")?;
    let skipped = date("2011-12-30")?;
    for (grace, label, extra) in [(900u32, "grace 900 s", "SkippedDate"), (21_600, "grace 6 h", "MaxGrace")] {
        let comment = format!("Pacific/Apia built with Zone::from_iana from 2011-12-01 to 2012-01-01, {label}: 2011-12-29 is [12-29T10:00Z, 12-30T10:00Z), 2011-12-31 is [12-30T10:00Z, 12-31T10:00Z), 2011-12-30 does not occur");
        let lock = DstLock::new(f, &site, policy(7, 100, 100, grace)?, &apia, &comment)?;
        let g = i64::from(grace);
        let plus = |d: i64| jump.checked_add(d).ok_or_else(overflow);
        let flags = ["SkippedDate", "ExplicitTransitions", extra];
        let flags: &[&'static str] = if extra == "SkippedDate" { flags.get(..2).unwrap_or(&[]) } else { &flags };
        let minus_g = g.checked_neg().ok_or_else(overflow)?;
        let g_minus_1 = g.checked_sub(1).ok_or_else(overflow)?;
        for (what, offset) in [("the jump - grace", minus_g), ("the last second before the jump", -1), ("the jump", 0), ("the jump + grace - 1", g_minus_1)] {
            lock.case(f, &format!("{what}: the skipped date's code is never accepted"), flags, skipped, 30, plus(offset)?, false)?;
        }
        lock.edges(f, flags, "2011-12-29", ("2011-12-29T10:00:00Z", "2011-12-30T10:00:00Z"), 31)?;
        lock.edges(f, flags, "2011-12-31", ("2011-12-30T10:00:00Z", "2011-12-31T10:00:00Z"), 32)?;
    }

    file.finish(DAILY_DST_FILE)
}
