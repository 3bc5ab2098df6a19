//! Calendar arithmetic and fixed-offset zones, checked against chrono as an independent oracle.
#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]

use chrono::{Datelike, NaiveDate, TimeZone};
use doorcode::civil::{DateError, LocalDate, Weekday};
use doorcode::zone::{Zone, ZoneError};
use proptest::prelude::*;

proptest! {
    #[test]
    fn day_numbers_match_chrono(days in -25_567i32..2_932_896) {
        let ours = LocalDate::from_days_since_epoch(days).unwrap();
        let theirs = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + chrono::Days::new(0) + chrono::TimeDelta::days(i64::from(days));
        prop_assert_eq!((i32::from(ours.year()), u32::from(ours.month()), u32::from(ours.day())), (theirs.year(), theirs.month(), theirs.day()));
        prop_assert_eq!(ours.days_since_epoch(), days);
        prop_assert_eq!(ours.weekday() as u32, theirs.weekday().num_days_from_monday());
        prop_assert_eq!(ours.to_string().parse::<LocalDate>(), Ok(ours));
    }

    #[test]
    fn fixed_zone_local_time_matches_chrono(t in -2_208_900_000i64..253_402_200_000, offset in -86_399i32..=86_399) {
        // chrono's FixedOffset stops short of a day; offsets up to 24:59:59 are checked by hand below.
        let zone = Zone::fixed(offset).unwrap();
        let ours = zone.local_datetime(t).unwrap();
        let theirs = chrono::FixedOffset::east_opt(offset).unwrap().timestamp_opt(t, 0).unwrap().naive_local();
        prop_assert_eq!(ours.to_string(), theirs.format("%Y-%m-%dT%H:%M:%S").to_string());
        let (start, end) = zone.day_bounds(ours.date).unwrap();
        prop_assert!(start <= t && t < end && end - start == 86_400);
    }
}

#[test]
fn range_limits_and_malformed_dates() {
    assert_eq!(LocalDate::from_days_since_epoch(-25_568), None); // 1899-12-31
    assert_eq!(LocalDate::from_days_since_epoch(2_932_897), None); // 10000-01-01
    assert_eq!(LocalDate::new(2027, 2, 29), Err(DateError::InvalidDay));
    assert_eq!(
        LocalDate::new(2028, 2, 29).map(|d| d.weekday()),
        Ok(Weekday::Tuesday)
    );
    assert_eq!(LocalDate::new(2000, 13, 1), Err(DateError::InvalidMonth));
    for bad in [
        "",
        "2026-1-01",
        "2026-01-1",
        "2026/01/01",
        "+026-01-01",
        "2026-01-011",
        "20260101",
    ] {
        assert_eq!(bad.parse::<LocalDate>(), Err(DateError::Malformed), "{bad}");
    }
    // +24:59:59 at 2026-11-22T00:00:00Z (1_795_305_600) is 2026-11-23T00:59:59 by hand.
    let far_east = Zone::fixed(89_999).unwrap();
    assert_eq!(
        far_east.local_datetime(1_795_305_600).unwrap().to_string(),
        "2026-11-23T00:59:59"
    );
    let far_west = Zone::fixed(-89_999).unwrap();
    assert_eq!(
        far_west.local_datetime(1_795_305_600).unwrap().to_string(),
        "2026-11-20T23:00:01"
    );
    assert_eq!(
        Zone::fixed(90_000),
        Err(ZoneError::OffsetOutOfRange { seconds: 90_000 })
    );
    assert!(Zone::UTC.local_date(-2_208_988_801).is_err()); // 1899-12-31T23:59:59Z
    assert!(Zone::UTC.local_date(-2_208_988_800).is_ok());
}
