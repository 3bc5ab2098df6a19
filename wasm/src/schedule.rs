//! `Schedule` and `AccessRule` (SPEC.md 13): when a credential may open a door, for a web page
//! that edits schedules, shows when a Key works, or asks what a lock would decide.

#[allow(unused_imports)]
use crate::prelude::*;

use doorcode::civil::LocalDate;
use doorcode::schedule::{
    AccessRule, Exception, ExceptionKind, Grant, MAX_REPLACEMENT_RANGES, Schedule, Window,
};
use wasm_bindgen::prelude::*;

use crate::args::{self, ArgError, DoorZone};
use crate::{error, js};

#[wasm_bindgen(typescript_custom_section)]
const SCHEDULE_TYPES: &'static str = r#"
export interface Schedule {
  /**
   * Add a weekly window: `{days: ["mon", ...], start: "08:00", end: "18:00"}`. It runs
   * overnight into the next date when `end <= start` (`22:00`-`06:00`); `24:00` is allowed as
   * an end.
   */
  addWindow(window: WindowInit): void;
  /**
   * Close the local dates `{from, to}` (inclusive; `to` defaults to `from`): nothing is
   * allowed on them, not even the overnight part of a window starting on them.
   */
  addDeny(deny: DenyInit): void;
  /**
   * Other hours on the local dates `{from, to, ranges: [{start, end}, ...]}`: the ranges
   * (at most 4; none means closed) replace the windows starting on those dates.
   */
  addReplace(replace: ReplaceInit): void;
  /** Whether the schedule allows the instant `unixSeconds` at a door in `zone`. */
  allows(unixSeconds: number, zone: Zone | number): boolean;
  /**
   * The first instant after `unixSeconds` (within 400 days) at which `allows` changes, or
   * `null` if it never does. Exact to the second across DST changes.
   */
  nextChange(unixSeconds: number, zone: Zone | number): number | null;
  /**
   * For drawing a week: 7 arrays (`firstDate`, usually a Monday, and the 6 dates after it)
   * of `1440 / stepMinutes` booleans, cell `i` telling whether the wall-clock time
   * `i * stepMinutes` of that date is allowed. A time skipped by a clock change is `false`.
   */
  weekGrid(firstDate: string, zone: Zone | number, stepMinutes: number): boolean[][];
}

export interface AccessRule {
  /**
   * Whether the rule allows access at `clock` (Unix seconds, or `null` when the lock does
   * not know the time, which denies) at a door in `zone`, and if not, why.
   */
  check(clock: number | null, zone: Zone | number): AccessCheck;
  /**
   * The first instant after `clock` (within 400 days) at which `allows` changes; `null` if
   * none or the clock is unknown.
   */
  nextChange(clock: number | null, zone: Zone | number): number | null;
  /**
   * `Schedule.weekGrid` for the whole rule: grant and every schedule (a fold's wall time is
   * allowed if either of its instants is).
   */
  weekGrid(firstDate: string, zone: Zone | number, stepMinutes: number): boolean[][];
}

/** A wall-clock span: `HH:MM` start (00:00..23:59) and end (00:00..24:00); overnight (into the next date) when `end <= start`, and a full 24 hours when they are equal. */
export interface TimeRangeInit {
  start: string;
  end: string;
}

/** A weekly window: the range starts on each of `days` (`Schedule.addWindow`). */
export interface WindowInit {
  type?: "window";
  days: DayName[];
  start: string;
  end: string;
}

/** Closed on the local dates `from..=to` (`YYYY-MM-DD`; `to` defaults to `from`). */
export interface DenyInit {
  type?: "deny";
  from: string;
  to?: string;
}

/** Other hours on the local dates `from..=to`: only `ranges` (0 to 4) start on each of them. */
export interface ReplaceInit {
  type?: "replace";
  from: string;
  to?: string;
  ranges: TimeRangeInit[];
}

/** One part of a schedule, as `Schedule.describe()` lists them and `new Schedule(items)` reads them. */
export type ScheduleItem =
  | { type: "window"; days: DayName[]; start: string; end: string }
  | { type: "deny"; from: string; to: string }
  | { type: "replace"; from: string; to: string; ranges: TimeRangeInit[] };

/** A grant: the instants `[notBefore, notAfter)` (Unix seconds); `null` or absent is unbounded. */
export interface GrantInit {
  notBefore?: number | null;
  notAfter?: number | null;
}

/** A grant as `AccessRule.grant` returns it. */
export interface GrantBounds {
  notBefore: number | null;
  notAfter: number | null;
}

/** Why an access rule denied: the clock, the grant, or schedule number `schedule`. */
export type AccessDeniedReason =
  | "ClockUnknown"
  | "ClockOutOfRange"
  | "NotYetValid"
  | "Expired"
  | "Schedule.ClockOutOfRange"
  | "Schedule.ExceptionDenies"
  | "Schedule.OutsideReplacementHours"
  | "Schedule.OutsideWindows"
  | "Schedule.Other"
  | "Other";

/** `AccessRule.check`: test `allowed` to narrow it. */
export type AccessCheck =
  | { allowed: true }
  | {
      allowed: false;
      reason: AccessDeniedReason;
      /** Index of the schedule that denied, or null when the clock or the grant did. */
      schedule: number | null;
      message: string;
    };
"#;

/// A weekly schedule with holiday exceptions: up to 16 windows and 16 exceptions.
///
/// `new Schedule()` allows nothing; add windows with `addWindow`, closed dates with `addDeny`
/// and other hours with `addReplace` (each changes this schedule and throws, leaving it
/// unchanged, on bad input). Deny beats replace beats the windows. Times are wall-clock times in
/// the zone passed to `allows`, `nextChange` and `weekGrid`.
#[wasm_bindgen(js_name = Schedule)]
pub struct JsSchedule {
    inner: Schedule,
}

#[wasm_bindgen(js_class = Schedule)]
impl JsSchedule {
    /// An empty schedule (allows nothing). The JavaScript layer (`js/console.js`) wraps the class
    /// so that `new Schedule(items)` then adds `items` as `describe()` lists them; `items` is
    /// declared here for the `.d.ts` only.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(js_name = items, unchecked_optional_param_type = "ScheduleItem[] | null")]
        _items: JsValue,
    ) -> JsSchedule {
        Self {
            inner: Schedule::new(),
        }
    }

    /// `addWindow` (and a window item) after the JavaScript layer checked its shape: `days` are
    /// day names, `what` names the argument in messages.
    #[wasm_bindgen(js_name = __addWindow, skip_typescript)]
    pub fn add_window(
        &mut self,
        what: &str,
        days: Vec<String>,
        start: &str,
        end: &str,
    ) -> Result<(), JsError> {
        let days_name = cat!(what, ".days");
        let mut bits = 0u8;
        for (index, day) in days.iter().enumerate() {
            bits |= args::day_bit(day, &cat!(days_name, "[", index, "]"))?;
        }
        let window = Window::new(
            args::day_mask(bits, &days_name)?,
            args::time_range(start, end, what)?,
        );
        self.inner
            .push_window(window)
            .map_err(|e| ArgError::new(cat!(what, ": ", e, " (the most a schedule holds)")))?;
        Ok(())
    }

    /// `addDeny` / `addReplace` (and such items) after the JavaScript layer checked their
    /// shape: `ranges` holds each replacement range's start and end, one after the other.
    #[wasm_bindgen(js_name = __addException, skip_typescript)]
    pub fn add_exception(
        &mut self,
        what: &str,
        replace: bool,
        from: &str,
        to: Option<String>,
        ranges: Vec<String>,
    ) -> Result<(), JsError> {
        let first = args::date(from, &cat!(what, ".from"))?;
        let last: LocalDate = match to {
            None => first,
            Some(to) => args::date(&to, &cat!(what, ".to"))?,
        };
        let exception = if replace {
            let mut list = Vec::with_capacity(MAX_REPLACEMENT_RANGES);
            for (index, pair) in ranges.chunks(2).enumerate() {
                let name = cat!(what, ".ranges[", index, "]");
                let (Some(start), Some(end)) = (pair.first(), pair.get(1)) else {
                    return Err(ArgError::new(cat!(name, " is incomplete")).into());
                };
                list.push(args::time_range(start, end, &name)?);
            }
            Exception::replace(first, last, &list)
        } else {
            Exception::deny(first, last)
        };
        let exception =
            exception.map_err(|e| ArgError::new(cat!(what, " ", first, "..=", last, ": ", e)))?;
        self.inner
            .push_exception(exception)
            .map_err(|e| ArgError::new(cat!(what, ": ", e)))?;
        Ok(())
    }

    /// The windows and exceptions as plain objects (windows in the order added, then
    /// exceptions by date); `new Schedule(items)` rebuilds the schedule from them.
    ///
    /// The items come back as one string, which the JavaScript layer (`js/console.js`) turns into
    /// the objects (cheaper in the `.wasm` than building them here): items separated by `;`,
    /// fields by spaces: `window mon,tue 08:00 18:00`, `deny 2026-12-24 2026-12-26`,
    /// `replace 2026-12-31 2026-12-31 08:00-12:00,13:00-17:00`.
    #[wasm_bindgen(unchecked_return_type = "ScheduleItem[]")]
    pub fn describe(&self) -> String {
        let mut out = String::new();
        for window in self.inner.windows() {
            let separator = if out.is_empty() { "" } else { ";" };
            cat_into!(&mut out, separator, "window ");
            for (index, day) in args::day_names(window.days).into_iter().enumerate() {
                cat_into!(&mut out, if index == 0 { "" } else { "," }, day);
            }
            cat_into!(
                &mut out,
                " ",
                args::format_minute(window.range.start_minute()),
                " ",
                args::format_minute(window.range.end_minute())
            );
        }
        for exception in self.inner.exceptions() {
            let separator = if out.is_empty() { "" } else { ";" };
            let kind = match exception.kind() {
                ExceptionKind::Deny => "deny ",
                ExceptionKind::Replace => "replace ",
            };
            cat_into!(
                &mut out,
                separator,
                kind,
                exception.first(),
                " ",
                exception.last()
            );
            if exception.kind() == ExceptionKind::Replace {
                out.push(' ');
                for (index, range) in exception.ranges().iter().enumerate() {
                    cat_into!(
                        &mut out,
                        if index == 0 { "" } else { "," },
                        args::format_minute(range.start_minute()),
                        "-",
                        args::format_minute(range.end_minute())
                    );
                }
            }
        }
        out
    }

    /// The binary encoding (SPEC.md 13.6) in lowercase hex: 7 bytes for weekdays 08:00-18:00.
    pub fn encode(&self) -> String {
        args::hex_encode(&self.inner.to_vec())
    }

    /// A schedule from its encoding in hex; anything `encode` would not produce is refused.
    pub fn decode(hex: &str) -> Result<JsSchedule, JsError> {
        // The JavaScript layer (`js/console.js`) checked that `hex` is a string.
        let bytes = args::hex_decode(hex, "hex")?;
        let inner = Schedule::decode(&bytes).map_err(|e| error("hex: schedule", e))?;
        Ok(Self { inner })
    }

    /// `allows` after the JavaScript layer (`js/console.js`) checked the arguments: the zone is
    /// a `Zone`'s encoding in hex or, when `zone_hex` is absent, the fixed offset `offset`.
    #[wasm_bindgen(js_name = __allows, skip_typescript)]
    pub fn allows(
        &self,
        instant: i64,
        zone_hex: Option<String>,
        offset: i32,
    ) -> Result<bool, JsError> {
        let zone = args::zone_arg(zone_hex.as_deref(), offset, "zone")?;
        Ok(self.inner.allows(instant, &zone))
    }

    /// `nextChange` after the JavaScript layer checked the arguments (the zone as in
    /// `__allows`); `None` is `null` there.
    #[wasm_bindgen(js_name = __nextChange, skip_typescript)]
    pub fn next_change(
        &self,
        instant: i64,
        zone_hex: Option<String>,
        offset: i32,
    ) -> Result<Option<f64>, JsError> {
        let zone = args::zone_arg(zone_hex.as_deref(), offset, "zone")?;
        next_change_value(self.inner.next_change(instant, &zone))
    }

    /// `weekGrid` after the JavaScript layer checked the argument types (see the function `week_grid`).
    #[wasm_bindgen(js_name = __weekGrid, skip_typescript)]
    pub fn week_grid(
        &self,
        first: &str,
        zone_hex: Option<String>,
        offset: i32,
        step: f64,
    ) -> Result<String, JsError> {
        week_grid(first, zone_hex, offset, step, &|zone, instant| {
            self.inner.allows(instant, zone)
        })
    }

    /// The schedule allowing what either allows. Only for schedules with the same exceptions
    /// (otherwise the union is not a schedule, and this throws).
    pub fn union(&self, other: &JsSchedule) -> Result<JsSchedule, JsError> {
        let inner = self
            .inner
            .union(&other.inner)
            .map_err(|e| error("cannot compute the union", e))?;
        Ok(Self { inner })
    }

    /// The schedule allowing what both allow. Only for schedules without exceptions (put both
    /// in an `AccessRule` instead, which intersects exactly).
    pub fn intersection(&self, other: &JsSchedule) -> Result<JsSchedule, JsError> {
        let inner = self
            .inner
            .intersection(&other.inner)
            .map_err(|e| error("cannot compute the intersection", e))?;
        Ok(Self { inner })
    }
}

/// The week grid as one string of `1` and `0` (7 rows of `1440 / step` cells), which the
/// JavaScript layer splits into rows. One copy for `Schedule` and `AccessRule`: `allowed` tells
/// whether an instant is allowed in the zone.
fn week_grid(
    first: &str,
    zone_hex: Option<String>,
    offset: i32,
    step: f64,
    allowed: &dyn Fn(&DoorZone, i64) -> bool,
) -> Result<String, JsError> {
    let first = args::date(first, "firstDate")?;
    let zone = args::zone_arg(zone_hex.as_deref(), offset, "zone")?;
    let step = args::step_minutes(step, "stepMinutes", &js::show)?;
    Ok(args::week_grid(
        &zone,
        first,
        step,
        "firstDate",
        |instant| allowed(&zone, instant),
    )?)
}

/// A next change for JavaScript: an instant it holds exactly, or `None`.
fn next_change_value(instant: Option<i64>) -> Result<Option<f64>, JsError> {
    Ok(instant
        .map(|instant| js::exact_instant(instant, "nextChange"))
        .transpose()?)
}

/// What one credential may do: a grant (`[notBefore, notAfter)`) and up to 4 schedules that
/// must all allow (a Key's own schedule, the door's, a guest's).
///
/// `check(clock, zone)` answers like the lock: an unknown clock (`null`) denies, then the
/// grant, then each schedule in order. With no schedule the grant alone decides.
#[wasm_bindgen(js_name = AccessRule)]
pub struct JsAccessRule {
    inner: AccessRule,
}

/// `check`'s result as one string for the JavaScript layer: `1` when allowed, else
/// `0 reason schedule message` with `schedule` the denying schedule's index or `-`.
fn access_check_text(result: Result<(), doorcode::schedule::AccessDenied>) -> String {
    match result {
        Ok(()) => String::from("1"),
        Err(denied) => {
            let (reason, schedule) = args::access_denied_reason(&denied);
            let mut out = cat!("0 ", reason, " ");
            match schedule {
                Some(index) => cat_into!(&mut out, index),
                None => out.push('-'),
            }
            cat_into!(&mut out, " ", denied);
            out
        }
    }
}

#[wasm_bindgen(js_class = AccessRule)]
impl JsAccessRule {
    /// A rule with `grant` (`{notBefore, notAfter}`, Unix seconds; absent or `null` bounds are
    /// unbounded; no grant at all is "always") and no schedule yet.
    ///
    /// The JavaScript layer (`js/console.js`) wraps the class so that `new AccessRule(grant)`
    /// checks `grant` there and sets it with `__setGrant`; `grant_init` is declared here for the
    /// `.d.ts` only.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(js_name = grant_init, unchecked_optional_param_type = "GrantInit | null")]
        _grant_init: JsValue,
    ) -> JsAccessRule {
        Self {
            inner: AccessRule::new(Grant::ALWAYS),
        }
    }

    /// The new rule's grant, after the JavaScript layer checked the bounds' types
    /// (`Grant::ALWAYS`'s for an absent or `null` bound).
    #[wasm_bindgen(js_name = __setGrant, skip_typescript)]
    pub fn set_grant(&mut self, not_before: i64, not_after: i64) -> Result<(), JsError> {
        let grant = Grant::new(not_before, not_after).map_err(|e| {
            ArgError::new(cat!(
                "grant: ",
                e,
                " (notAfter ",
                not_after,
                " < notBefore ",
                not_before,
                ")"
            ))
        })?;
        self.inner = AccessRule::new(grant);
        Ok(())
    }

    /// Add a schedule that must also allow (a copy is taken; at most 4).
    #[wasm_bindgen(js_name = addSchedule)]
    pub fn add_schedule(&mut self, schedule: &JsSchedule) -> Result<(), JsError> {
        self.inner
            .push_schedule(schedule.inner.clone())
            .map_err(|e| error("schedule", e))
    }

    /// The grant; `null` for an unbounded side.
    #[wasm_bindgen(getter, unchecked_return_type = "GrantBounds")]
    pub fn grant(&self) -> Result<JsValue, JsError> {
        let grant = self.inner.grant();
        let bound = |value: i64, absent: i64, what: &str| {
            js::instant_value((value != absent).then_some(value), what)
        };
        Ok(js::ObjectBuilder::new()
            .set(
                "notBefore",
                bound(grant.not_before(), i64::MIN, "notBefore")?,
            )
            .set("notAfter", bound(grant.not_after(), i64::MAX, "notAfter")?)
            .build())
    }

    /// Copies of the schedules, in order.
    #[wasm_bindgen(getter)]
    pub fn schedules(&self) -> Vec<JsSchedule> {
        self.inner
            .schedules()
            .iter()
            .map(|schedule| JsSchedule {
                inner: schedule.clone(),
            })
            .collect()
    }

    /// `check` after the JavaScript layer (`js/console.js`) checked the arguments: `clock`
    /// absent for `null`, the zone as in `Schedule.__allows` (see `access_check_text`).
    #[wasm_bindgen(js_name = __check, skip_typescript)]
    pub fn check(
        &self,
        clock: Option<i64>,
        zone_hex: Option<String>,
        offset: i32,
    ) -> Result<String, JsError> {
        let zone = args::zone_arg(zone_hex.as_deref(), offset, "zone")?;
        Ok(access_check_text(self.inner.check(clock, &zone)))
    }

    /// `nextChange` after the JavaScript layer checked the arguments (as in `__check`).
    #[wasm_bindgen(js_name = __nextChange, skip_typescript)]
    pub fn next_change(
        &self,
        clock: Option<i64>,
        zone_hex: Option<String>,
        offset: i32,
    ) -> Result<Option<f64>, JsError> {
        let zone = args::zone_arg(zone_hex.as_deref(), offset, "zone")?;
        next_change_value(self.inner.next_change(clock, &zone))
    }

    /// `weekGrid` after the JavaScript layer checked the argument types (see the function `week_grid`): the
    /// grant and every schedule (a fold's wall time is allowed if either of its instants is).
    #[wasm_bindgen(js_name = __weekGrid, skip_typescript)]
    pub fn week_grid(
        &self,
        first: &str,
        zone_hex: Option<String>,
        offset: i32,
        step: f64,
    ) -> Result<String, JsError> {
        week_grid(first, zone_hex, offset, step, &|zone, instant| {
            self.inner.allows(Some(instant), zone)
        })
    }

    /// The rule allowing what both allow: the grants intersect and the schedules are pooled
    /// (at most 4). How a guest's rule derives from its host's.
    pub fn intersection(&self, other: &JsAccessRule) -> Result<JsAccessRule, JsError> {
        let inner = self
            .inner
            .intersection(&other.inner)
            .map_err(|e| error("cannot compute the intersection", e))?;
        Ok(Self { inner })
    }

    /// The binary encoding (SPEC.md 13.6) in lowercase hex.
    pub fn encode(&self) -> String {
        args::hex_encode(&self.inner.to_vec())
    }

    /// An access rule from its encoding in hex.
    pub fn decode(hex: &str) -> Result<JsAccessRule, JsError> {
        // The JavaScript layer (`js/console.js`) checked that `hex` is a string.
        let bytes = args::hex_decode(hex, "hex")?;
        let inner = AccessRule::decode(&bytes).map_err(|e| error("hex: access rule", e))?;
        Ok(Self { inner })
    }
}
