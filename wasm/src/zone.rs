//! `Zone` and `parseZone`: a door's time zone (SPEC.md 5.1) for JavaScript.
//!
//! A zone is a POSIX TZ rule, optionally after a list of explicit transitions (as the backend
//! builds from the IANA database and ships encoded). The package never links the IANA database
//! itself: zones arrive as POSIX strings (`parseZone`) or encodings (`Zone.decode`).

#[allow(unused_imports)]
use crate::prelude::*;

use doorcode::civil::LocalDate;
use doorcode::zone::Disambiguation;
use wasm_bindgen::prelude::*;

use crate::args::{self, DoorZone};
use crate::{error, js};

#[wasm_bindgen(typescript_custom_section)]
const ZONE_TYPES: &'static str = r#"
/** Day names, Monday first. */
export type DayName = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";

/** The wall clock at an instant: `Zone.localDateTime`. */
export interface LocalDateTimeInfo {
  /** Local date, `YYYY-MM-DD`. */
  date: string;
  /** Local time, `HH:MM:SS`. */
  time: string;
  /** Its weekday. */
  weekday: DayName;
  /** UTC offset in force, seconds east of UTC (New York in winter: -18000). */
  offsetSeconds: number;
  /** Whether that offset is daylight-saving time. */
  isDst: boolean;
}

/** The instants `[start, end)` (Unix seconds) whose local date is a given date. */
export interface DayBounds {
  start: number;
  end: number;
}

/** A change of UTC offset: from `at` (Unix seconds) on, the offset is `offsetSeconds`. */
export interface ZoneTransition {
  at: number;
  offsetSeconds: number;
  isDst: boolean;
}

/**
 * How `Zone.resolve` picks an instant for a wall-clock time that is skipped (gap) or repeated
 * (fold) by a clock change, as in Temporal: `"compatible"` (the default: the earlier instant
 * of a fold, the time shifted forward out of a gap), `"earlier"`, `"later"`, or `"reject"`
 * (throw).
 */
export type Disambiguation = "compatible" | "earlier" | "later" | "reject";

export interface Zone {
  /** Wall-clock date, time, weekday, offset and DST flag at `unixSeconds`. */
  localDateTime(unixSeconds: number): LocalDateTimeInfo;
  /** Local calendar date (`YYYY-MM-DD`) at `unixSeconds`. */
  localDate(unixSeconds: number): string;
  /**
   * The instants `{start, end}` (end excluded) whose local date is `date` (`YYYY-MM-DD`);
   * `end - start` is the day's length (82,800 s on a spring-forward day in New York).
   * `null` for a date the zone skips entirely (Pacific/Apia 2011-12-30).
   */
  dayBounds(date: string): DayBounds | null;
  /**
   * The instant (Unix seconds) of the wall-clock time `localDateTime`
   * (`YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM:SS`), choosing as `choice` says when the time
   * is skipped or repeated by a clock change (default `"compatible"`; `"reject"` throws an
   * `Error` saying whether it is a gap or a fold and what the other choices give).
   */
  resolve(localDateTime: string, choice?: Disambiguation): number;
  /**
   * The first change of UTC offset strictly after `unixSeconds`, or `null` if the offset
   * never changes again (a fixed zone). Changes of the DST flag alone are not reported.
   */
  nextTransition(unixSeconds: number): ZoneTransition | null;
}
"#;

/// A door's time zone: a POSIX TZ rule, after up to 320 explicit transitions.
///
/// Build one with `parseZone("EST5EDT,M3.2.0,M11.1.0")` (or `new Zone(posix)`),
/// `Zone.fixed(offsetSeconds)` or `Zone.decode(hex)` (the encoding the backend provisions locks
/// with). Every function that takes a zone accepts a `Zone` or, as before, a number of seconds
/// east of UTC. Call `free()` when done (or let the garbage collector do it).
#[wasm_bindgen(js_name = Zone)]
pub struct JsZone {
    inner: Box<DoorZone>,
}

impl JsZone {
    fn wrap(zone: DoorZone) -> Self {
        Self {
            inner: Box::new(zone),
        }
    }
}

/// A zone from a POSIX TZ string such as `EST5EDT,M3.2.0,M11.1.0` (New York),
/// `CET-1CEST,M3.5.0,M10.5.0/3` (Paris) or `<+0530>-5:30` (India). A malformed string throws an
/// `Error` naming the problem and its byte offset.
#[wasm_bindgen(js_name = parseZone)]
pub fn parse_zone(posix: &str) -> Result<JsZone, JsError> {
    // The JavaScript layer (`js/console.js`) checked that `posix` is a string.
    Ok(JsZone::wrap(args::posix_zone(posix, "posix")?))
}

#[wasm_bindgen(js_class = Zone)]
impl JsZone {
    /// The same as `parseZone(posix)`.
    #[wasm_bindgen(constructor)]
    pub fn new(posix: &str) -> Result<JsZone, JsError> {
        parse_zone(posix)
    }

    /// A zone with a fixed offset, seconds east of UTC (`Zone.fixed(0)` is UTC).
    pub fn fixed(#[wasm_bindgen(js_name = offsetSeconds)] offset: f64) -> Result<JsZone, JsError> {
        // The JavaScript layer (`js/console.js`) checked that `offset` is a number.
        Ok(Self::wrap(args::zone(offset, "offsetSeconds", &js::show)?))
    }

    /// A zone from its binary encoding (SPEC.md 5.1.4) in hex, as `encode()` and the backend
    /// write it. Up to 320 explicit transitions are accepted.
    pub fn decode(hex: &str) -> Result<JsZone, JsError> {
        // The JavaScript layer (`js/console.js`) checked that `hex` is a string.
        Ok(Self::wrap(args::zone_from_hex(hex, "hex")?))
    }

    /// The binary encoding, in lowercase hex (36 bytes for New York's rule).
    pub fn encode(&self) -> String {
        args::zone_to_hex(&self.inner)
    }

    /// The POSIX form: the rule in canonical form (`EST5EDT,M3.2.0,M11.1.0`), which
    /// `parseZone` reads back. A zone with explicit transitions appends
    /// ` [+K transitions until <instant>Z]`, which is for people and does not parse.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_js_string(&self) -> String {
        crate::text::text(&*self.inner)
    }

    /// The POSIX rule alone (in force after the last explicit transition).
    #[wasm_bindgen(getter)]
    pub fn rule(&self) -> String {
        crate::text::text(self.inner.rule())
    }

    /// Number of explicit transitions before the rule takes over (0 for a parsed zone).
    #[wasm_bindgen(getter, js_name = transitionCount)]
    pub fn transition_count(&self) -> usize {
        self.inner.transitions().len()
    }

    /// `localDateTime` after the JavaScript layer (`js/console.js`) checked the argument, as
    /// one string: `date time weekday offsetSeconds isDst` (`isDst` `1` or `0`).
    #[wasm_bindgen(js_name = __localDateTime, skip_typescript)]
    pub fn local_date_time(&self, instant: i64) -> Result<String, JsError> {
        let offset = self
            .inner
            .offset_info_at(instant)
            .map_err(|e| error("unixSeconds", e))?;
        let local = self
            .inner
            .local_datetime(instant)
            .map_err(|e| error("unixSeconds", e))?;
        let (hour, minute, second) = local.hms();
        let mut out = cat!(local.date, " ");
        crate::text::put_two_digits(u64::from(hour), &mut out);
        out.push(':');
        crate::text::put_two_digits(u64::from(minute), &mut out);
        out.push(':');
        crate::text::put_two_digits(u64::from(second), &mut out);
        cat_into!(
            &mut out,
            " ",
            args::weekday_name(local.date.weekday()),
            " ",
            offset.seconds,
            if offset.is_dst { " 1" } else { " 0" }
        );
        Ok(out)
    }

    /// `localDate` after the JavaScript layer checked the argument.
    #[wasm_bindgen(js_name = __localDate, skip_typescript)]
    pub fn local_date(&self, instant: i64) -> Result<String, JsError> {
        let date = self
            .inner
            .local_date(instant)
            .map_err(|e| error("unixSeconds", e))?;
        Ok(crate::text::text(&date))
    }

    /// `dayBounds` after the JavaScript layer checked the argument type, as one string:
    /// `start end`, or empty for `null`.
    #[wasm_bindgen(js_name = __dayBounds, skip_typescript)]
    pub fn day_bounds(&self, date: &str) -> Result<String, JsError> {
        let date: LocalDate = args::date(date, "date")?;
        Ok(match self.inner.day_bounds(date) {
            None => String::new(),
            Some((start, end)) => {
                js::exact_instant(start, "start")?;
                js::exact_instant(end, "end")?;
                cat!(start, " ", end)
            }
        })
    }

    /// `resolve` after the JavaScript layer checked the argument types (`choice` absent for the
    /// default).
    #[wasm_bindgen(js_name = __resolve, skip_typescript)]
    pub fn resolve(&self, local: &str, choice: Option<String>) -> Result<f64, JsError> {
        let local = args::local_datetime(local, "localDateTime")?;
        let how = match choice {
            None => Disambiguation::Compatible,
            Some(choice) => args::disambiguation(&choice, "choice")?,
        };
        let instant = args::to_instant(&self.inner, local, how, "localDateTime")?;
        Ok(js::exact_instant(instant, "instant")?)
    }

    /// `nextTransition` after the JavaScript layer checked the argument, as one string:
    /// `at offsetSeconds isDst` (`isDst` `1` or `0`), or empty for `null`.
    #[wasm_bindgen(js_name = __nextTransition, skip_typescript)]
    pub fn next_transition(&self, instant: i64) -> Result<String, JsError> {
        let next = self
            .inner
            .next_transition(instant)
            .map_err(|e| error("unixSeconds", e))?;
        Ok(match next {
            None => String::new(),
            Some(transition) => {
                js::exact_instant(transition.at, "at")?;
                cat!(
                    transition.at,
                    " ",
                    transition.offset,
                    if transition.is_dst { " 1" } else { " 0" }
                )
            }
        })
    }
}
