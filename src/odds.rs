//! Guessing odds: the probability that one random entry is accepted, as an exact fraction.
//!
//! The odds are part of the API (not a footnote) so that a lock can refuse a configuration in
//! which a keypad guesser would win too often. See SPEC.md, "Guessing odds".

use core::fmt;

/// The probability that one uniformly random code is accepted: `accepted / space`.
///
/// `accepted` counts accepting (candidate, code) pairs, so when several candidates are tried
/// (days within the grace, issuers) this is the union bound: an upper bound that is exact when
/// no code is accepted by two candidates at once.
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
    pub fn exceeds(self, other: GuessOdds) -> bool {
        // Cross-multiplied in u128: exact for any u64 operands.
        u128::from(self.accepted).saturating_mul(u128::from(other.space))
            > u128::from(other.accepted).saturating_mul(u128::from(self.space))
    }

    /// Expected number of random entries before one is accepted (`space / accepted`), rounded
    /// down; `None` when nothing can be accepted.
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
}
