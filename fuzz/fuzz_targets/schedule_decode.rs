//! Schedule and access-rule decoding from arbitrary bytes, then evaluation at arbitrary instants
//! in a fixed-offset zone or a synthetic DST zone with arbitrary gaps and folds.
//!
//! Layout: [instant: 8 bytes LE] [zone: 8 bytes] [encoding...].
//!
//! Invariants: never panics; whatever decodes re-encodes to exactly the input (encodings are
//! canonical); `next_change(t)` returns a real change: the answer just before it is the answer
//! at `t`, at sampled instants between them too, and the answer at it differs.
#![no_main]

use doorcode::civil::LocalDateTime;
use doorcode::schedule::{
    AccessRule, MAX_RULE_ENCODED_LEN, MAX_SCHEDULE_ENCODED_LEN, Schedule, ZoneRules,
};
use doorcode::zone::{TimeError, Zone};
use libfuzzer_sys::fuzz_target;

/// Offsets alternate between `even` and `odd` every `period` seconds (period >= 1 h).
struct PeriodicZone {
    period: i64,
    even: i32,
    odd: i32,
}

impl PeriodicZone {
    fn offset_at(&self, t: i64) -> i32 {
        if t.div_euclid(self.period) % 2 == 0 {
            self.even
        } else {
            self.odd
        }
    }
}

impl ZoneRules for PeriodicZone {
    fn local_datetime(&self, t: i64) -> Result<LocalDateTime, TimeError> {
        t.checked_add(i64::from(self.offset_at(t)))
            .and_then(LocalDateTime::from_wall_seconds)
            .ok_or(TimeError::OutOfRange)
    }

    fn next_transition(&self, after: i64) -> Option<i64> {
        after
            .div_euclid(self.period)
            .checked_add(1)?
            .checked_mul(self.period)
    }
}

fn check_next_change(
    allows: impl Fn(i64) -> bool,
    next_change: impl Fn(i64) -> Option<i64>,
    t: i64,
) {
    let Some(next) = next_change(t) else { return };
    let initial = allows(t);
    assert!(next > t, "next_change {next} not after {t}");
    assert_ne!(allows(next), initial, "no change at {next} (from {t})");
    assert_eq!(
        allows(next - 1),
        initial,
        "changed before {next} (from {t})"
    );
    let span = next - t;
    for k in 1..8 {
        let probe = t + (span / 8) * k;
        assert_eq!(
            allows(probe),
            initial,
            "changed at {probe} before {next} (from {t})"
        );
    }
}

fn check<Z: ZoneRules>(bytes: &[u8], t: i64, zone: &Z) {
    if let Ok(schedule) = Schedule::decode(bytes) {
        let mut out = [0u8; MAX_SCHEDULE_ENCODED_LEN];
        let len = schedule.encode(&mut out).unwrap();
        assert_eq!(&out[..len], bytes);
        check_next_change(
            |u| schedule.allows(u, zone),
            |u| schedule.next_change(u, zone),
            t,
        );
    }
    if let Ok(rule) = AccessRule::decode(bytes) {
        let mut out = [0u8; MAX_RULE_ENCODED_LEN];
        let len = rule.encode(&mut out).unwrap();
        assert_eq!(&out[..len], bytes);
        assert!(!rule.allows(None, zone));
        assert_eq!(rule.next_change(None, zone), None);
        check_next_change(
            |u| rule.allows(Some(u), zone),
            |u| rule.next_change(Some(u), zone),
            t,
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((head, bytes)) = data.split_first_chunk::<16>() else {
        return;
    };
    let [
        t0,
        t1,
        t2,
        t3,
        t4,
        t5,
        t6,
        t7,
        mode,
        p0,
        p1,
        e0,
        e1,
        o0,
        o1,
        _,
    ] = *head;
    let raw = i64::from_le_bytes([t0, t1, t2, t3, t4, t5, t6, t7]);
    // Mostly instants in 2024..=2027, where schedules are evaluated; sometimes any i64.
    let t = if mode & 1 == 0 {
        1_704_067_200 + raw.rem_euclid(4 * 366 * 86_400)
    } else {
        raw
    };
    // Offsets in quarter hours within +-24 h.
    let even = i32::from(i16::from_le_bytes([e0, e1]) % 97) * 900;
    let odd = i32::from(i16::from_le_bytes([o0, o1]) % 97) * 900;
    if mode & 2 == 0 {
        let Ok(zone) = Zone::fixed(even) else { return };
        check(bytes, t, &zone);
    } else {
        let period = (i64::from(u16::from_le_bytes([p0, p1])) + 1) * 3600;
        check(bytes, t, &PeriodicZone { period, even, odd });
    }
});
