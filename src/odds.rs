//! Guessing odds: the probability that one random entry is accepted, as an exact fraction.
//!
//! The odds are part of the API (not a footnote) so that a lock can refuse a configuration in
//! which a keypad guesser would win too often. See SPEC.md, "Guessing odds".

use core::fmt;

use crate::code::CodeLength;

/// The probability that one uniformly random code is accepted: `accepted / space`.
///
/// `accepted` counts accepting (candidate, code) pairs, so when several candidates are tried
/// (days within the grace, issuers) this is the union bound: an upper bound that is exact when
/// no code is accepted by two candidates at once.
///
/// ```
/// use doorcode::odds::GuessOdds;
/// let odds = GuessOdds { accepted: 400, space: 10_000_000 };
/// assert_eq!(odds.expected_guesses(), Some(25_000));
/// assert_eq!(odds.to_string(), "400/10000000 (about 1 in 25000)");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct GuessOdds {
    /// Number of accepting codes (summed over candidates).
    pub accepted: u64,
    /// Number of possible codes, `10^digits`.
    pub space: u64,
}

/// The most a configuration may accept: one random entry in 10,000 (see SPEC.md for why).
pub const ODDS_CEILING: GuessOdds = GuessOdds {
    accepted: 1,
    space: 10_000,
};

impl GuessOdds {
    /// The odds as a floating-point probability, for display.
    ///
    /// ```
    /// # use doorcode::odds::GuessOdds;
    /// assert_eq!(GuessOdds { accepted: 1, space: 4 }.probability(), 0.25);
    /// assert_eq!(GuessOdds { accepted: 0, space: 1_000_000 }.probability(), 0.0);
    /// ```
    pub fn probability(self) -> f64 {
        // u64 -> f64 rounds for values above 2^53, which is harmless for display.
        #[allow(clippy::cast_precision_loss)]
        let (accepted, space) = (self.accepted as f64, self.space as f64);
        if self.space == 0 {
            1.0
        } else {
            accepted / space
        }
    }

    /// Whether these odds are strictly worse (more likely to accept a guess) than `other`.
    ///
    /// ```
    /// use doorcode::odds::{GuessOdds, ODDS_CEILING};
    /// // 1,000 in 10^7 is exactly 1 in 10,000: at the ceiling, not above it.
    /// assert!(!GuessOdds { accepted: 1_000, space: 10_000_000 }.exceeds(ODDS_CEILING));
    /// assert!(GuessOdds { accepted: 1_001, space: 10_000_000 }.exceeds(ODDS_CEILING));
    /// ```
    pub fn exceeds(self, other: GuessOdds) -> bool {
        // Cross-multiplied in u128: exact for any u64 operands.
        u128::from(self.accepted).saturating_mul(u128::from(other.space))
            > u128::from(other.accepted).saturating_mul(u128::from(self.space))
    }

    /// Expected number of random entries before one is accepted (`space / accepted`), rounded
    /// down; `None` when nothing can be accepted.
    ///
    /// ```
    /// # use doorcode::odds::GuessOdds;
    /// assert_eq!(GuessOdds { accepted: 3, space: 1_000_000 }.expected_guesses(), Some(333_333));
    /// assert_eq!(GuessOdds { accepted: 0, space: 1_000_000 }.expected_guesses(), None);
    /// ```
    pub fn expected_guesses(self) -> Option<u64> {
        self.space.checked_div(self.accepted)
    }
}

impl fmt::Debug for GuessOdds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "GuessOdds({}/{})", self.accepted, self.space)
    }
}

impl fmt::Display for GuessOdds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.expected_guesses() {
            // Integers only: float formatting would add ~15 KB to firmware and wasm builds.
            Some(guesses) => {
                write!(f, "{}/{} (about 1 in {guesses})", self.accepted, self.space)
            }
            None => write!(f, "0/{} (no code is accepted)", self.space),
        }
    }
}

/// Odds that one random entry of `length` digits is accepted by a lock that stores `stored`
/// distinct codes of that length (permanent codes): `stored / 10^length`, exact.
///
/// ```
/// use doorcode::{code::CodeLength, odds::{stored_code_odds, ODDS_CEILING}};
/// let odds = stored_code_odds(500, CodeLength::SEVEN);
/// assert_eq!((odds.accepted, odds.space), (500, 10_000_000));
/// assert!(!odds.exceeds(ODDS_CEILING));
/// ```
pub const fn stored_code_odds(stored: u64, length: CodeLength) -> GuessOdds {
    let space = length.code_space();
    GuessOdds {
        accepted: if stored < space { stored } else { space },
        space,
    }
}

/// A door's odds from all the sets of codes it accepts (daily worst case, stored permanent
/// codes, ...), each given as the odds for entries of its own length.
///
/// An entry has one length and can only match codes of that length, so sets of the same length
/// add up (union bound) and sets of different lengths do not: a guesser picks one length per
/// entry, and the result is the worst length's sum. Odds with a zero `space` are ignored.
///
/// ```
/// use doorcode::{code::CodeLength, odds::{door_odds, stored_code_odds, GuessOdds}};
/// let daily = GuessOdds { accepted: 400, space: 10_000_000 }; // 7 digits, default policy
/// let permanent_7 = stored_code_odds(300, CodeLength::SEVEN);
/// let permanent_8 = stored_code_odds(5_000, CodeLength::new(8)?);
/// // 7 digits: 700 / 10^7; 8 digits: 5,000 / 10^8 = 500 / 10^7; the worse is 7 digits.
/// assert_eq!(door_odds(&[daily, permanent_7, permanent_8]), GuessOdds { accepted: 700, space: 10_000_000 });
/// # Ok::<(), doorcode::code::CodeFormatError>(())
/// ```
pub fn door_odds(parts: &[GuessOdds]) -> GuessOdds {
    let mut worst = GuessOdds {
        accepted: 0,
        space: 1,
    };
    for (index, part) in parts.iter().enumerate() {
        if part.space == 0 {
            continue;
        }
        // Sum each space once, at its first occurrence.
        if parts
            .iter()
            .take(index)
            .any(|earlier| earlier.space == part.space)
        {
            continue;
        }
        let accepted = parts
            .iter()
            .filter(|other| other.space == part.space)
            .fold(0u64, |sum, other| sum.saturating_add(other.accepted))
            .min(part.space);
        let total = GuessOdds {
            accepted,
            space: part.space,
        };
        if total.exceeds(worst) {
            worst = total;
        }
    }
    worst
}

/// A door whose combined odds are above [`ODDS_CEILING`].
///
/// ```
/// use doorcode::odds::{check_door_odds, AboveCeiling, GuessOdds};
/// let too_many = GuessOdds { accepted: 101, space: 1_000_000 };
/// assert_eq!(check_door_odds(&[too_many]), Err(AboveCeiling(too_many)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AboveCeiling(pub GuessOdds);

impl fmt::Display for AboveCeiling {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a random guess would be accepted with odds {}, above the ceiling {ODDS_CEILING:?}",
            self.0
        )
    }
}

impl core::error::Error for AboveCeiling {}

/// Check a door's combined odds ([`door_odds`]) against [`ODDS_CEILING`]; returns them if they
/// are at or below it.
///
/// ```
/// use doorcode::{code::CodeLength, odds::{check_door_odds, stored_code_odds, GuessOdds}};
/// let daily = GuessOdds { accepted: 400, space: 10_000_000 };
/// assert!(check_door_odds(&[daily, stored_code_odds(600, CodeLength::SEVEN)]).is_ok());
/// assert!(check_door_odds(&[daily, stored_code_odds(601, CodeLength::SEVEN)]).is_err());
/// ```
pub fn check_door_odds(parts: &[GuessOdds]) -> Result<GuessOdds, AboveCeiling> {
    let odds = door_odds(parts);
    if odds.exceeds(ODDS_CEILING) {
        Err(AboveCeiling(odds))
    } else {
        Ok(odds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparison_is_exact() {
        let at_ceiling = GuessOdds {
            accepted: 1000,
            space: 10_000_000,
        };
        assert!(!at_ceiling.exceeds(ODDS_CEILING));
        let above = GuessOdds {
            accepted: 1001,
            space: 10_000_000,
        };
        assert!(above.exceeds(ODDS_CEILING));
        assert_eq!(above.expected_guesses(), Some(9990));
    }

    #[test]
    fn door_odds_add_per_length_and_take_the_worst_length() {
        let seven = GuessOdds {
            accepted: 400,
            space: 10_000_000,
        };
        let six = stored_code_odds(90, CodeLength::new(6).unwrap_or_default());
        // 6 digits: 90 / 10^6 = 900 / 10^7, worse than 7 digits' 400 + 100.
        let combined = door_odds(&[seven, stored_code_odds(100, CodeLength::SEVEN), six]);
        assert_eq!(combined, six);
        assert_eq!(
            door_odds(&[seven, stored_code_odds(100, CodeLength::SEVEN)]),
            GuessOdds {
                accepted: 500,
                space: 10_000_000
            }
        );
        assert_eq!(door_odds(&[]).accepted, 0);
        assert!(
            check_door_odds(&[stored_code_odds(
                101,
                CodeLength::new(6).unwrap_or_default()
            )])
            .is_err()
        );
    }
}
