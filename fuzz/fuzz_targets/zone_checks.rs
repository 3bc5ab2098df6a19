//! Checks shared by the zone fuzz targets: every query answers without panicking at instants
//! spread over the whole supported range and around transitions, and the answers agree with
//! each other.

use doorcode::zone::{Disambiguation, LocalResolution, MAX_INSTANT, MIN_INSTANT, Zone};

/// Instants to query: the range ends, a spread across it, and each side of the offset changes
/// that follow some of them (and of `extra`, e.g. a zone's explicit transitions).
pub fn check_queries<const N: usize>(zone: &Zone<N>, extra: &[i64]) {
    let mut starts = vec![MIN_INSTANT, MIN_INSTANT + 1, 0, 1_767_225_600, MAX_INSTANT - 1, MAX_INSTANT];
    let step = (MAX_INSTANT - MIN_INSTANT) / 24;
    starts.extend((0..24).map(|i| MIN_INSTANT + i * step + 7_919 * i));
    starts.extend_from_slice(extra);
    for start in starts {
        check_instant(zone, start);
        if let Ok(Some(next)) = zone.next_transition(start) {
            assert!(next.at > start && next.at <= MAX_INSTANT);
            assert_ne!(zone.offset_at(next.at - 1).unwrap(), next.offset);
            assert_eq!(zone.offset_at(next.at).unwrap(), next.offset);
            for t in [next.at - 3_601, next.at - 1, next.at, next.at + 1, next.at + 3_600] {
                check_instant(zone, t);
            }
        }
    }
    for t in [i64::MIN, MIN_INSTANT - 1, MAX_INSTANT + 1, i64::MAX] {
        assert!(zone.offset_at(t).is_err());
        assert!(zone.local_datetime(t).is_err());
        assert!(zone.next_transition(t).is_err());
    }
}

fn check_instant<const N: usize>(zone: &Zone<N>, t: i64) {
    let in_range = (MIN_INSTANT..=MAX_INSTANT).contains(&t);
    assert_eq!(zone.offset_at(t).is_ok(), in_range);
    let _ = zone.next_transition(t);
    let Ok(local) = zone.local_datetime(t) else { return };
    assert_eq!(zone.local_date(t), Ok(local.date));
    let (start, end) = zone.day_bounds(local.date).expect("a date that occurs has bounds");
    assert!(start <= t && t < end);
    match zone.resolve(local).expect("an occurring time resolves") {
        LocalResolution::Unique(instant) => assert_eq!(instant, t),
        LocalResolution::Fold { earlier, later } => assert!(earlier <= t && t <= later),
        LocalResolution::Gap { .. } => panic!("an occurring time resolved to a gap"),
    }
    for how in [Disambiguation::Compatible, Disambiguation::Earlier, Disambiguation::Later] {
        if let Ok(back) = zone.to_instant(local, how) {
            assert_eq!(zone.local_datetime(back), Ok(local));
        }
    }
    let _ = zone.to_instant(local, Disambiguation::Reject);
    // A wall time an hour and a half later may be skipped or repeated: any answer, no panic.
    let mut shifted = local;
    shifted.second_of_day = (shifted.second_of_day + 5_400) % 86_400;
    let _ = zone.resolve(shifted);
    let _ = zone.to_instant(shifted, Disambiguation::Compatible);
}
