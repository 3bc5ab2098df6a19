//! A small command-line parser: positionals, `--name value`, `--name=value` and flags.
//!
//! Each subcommand declares the options it takes; anything else is an error, so a typo never
//! silently falls back to a default (which, for a door code tool, could mean the wrong door).

use crate::error::{CliError, usage_error};

/// The options a subcommand accepts.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// Options that take a value (without the leading `--`).
    pub values: &'static [&'static str],
    /// Options that take no value.
    pub flags: &'static [&'static str],
}

/// Parsed arguments of one subcommand.
#[derive(Debug, Default)]
pub struct Args {
    positionals: Vec<String>,
    values: Vec<(&'static str, String)>,
    flags: Vec<&'static str>,
    help: bool,
}

impl Args {
    /// Parse `raw` (the words after the subcommand's name) against `spec`.
    ///
    /// `--help` / `-h` anywhere asks for help; `--` ends the options. Values may start with `-`
    /// (`--utc-offset -05:00`) because an option that takes a value always consumes the next word.
    pub fn parse(raw: &[String], spec: &Spec) -> Result<Self, CliError> {
        Self::parse_repeatable(raw, spec, &[])
    }

    /// As [`parse`](Self::parse), but the value options named in `repeatable` may be given
    /// several times (read them with [`values`](Self::values)).
    pub fn parse_repeatable(
        raw: &[String],
        spec: &Spec,
        repeatable: &[&str],
    ) -> Result<Self, CliError> {
        let mut args = Self::default();
        let mut words = raw.iter();
        let mut options_done = false;
        while let Some(word) = words.next() {
            if options_done || !word.starts_with('-') || word == "-" {
                args.positionals.push(word.clone());
                continue;
            }
            if word == "--" {
                options_done = true;
                continue;
            }
            if word == "--help" || word == "-h" {
                args.help = true;
                continue;
            }
            let Some(body) = word.strip_prefix("--") else {
                return Err(usage_error(format!(
                    "unknown option '{word}' (options are spelled --name; see --help)"
                )));
            };
            let (name, inline) = match body.split_once('=') {
                Some((name, value)) => (name, Some(value)),
                None => (body, None),
            };
            if let Some(&known) = spec.flags.iter().find(|&&f| f == name) {
                if inline.is_some() {
                    return Err(usage_error(format!("option --{known} takes no value")));
                }
                if args.flags.contains(&known) {
                    return Err(usage_error(format!("option --{known} given twice")));
                }
                args.flags.push(known);
            } else if let Some(&known) = spec.values.iter().find(|&&v| v == name) {
                let value = match inline {
                    Some(value) => value.to_owned(),
                    None => words
                        .next()
                        .ok_or_else(|| usage_error(format!("option --{known} needs a value")))?
                        .clone(),
                };
                if !repeatable.contains(&known) && args.values.iter().any(|(n, _)| *n == known) {
                    return Err(usage_error(format!("option --{known} given twice")));
                }
                args.values.push((known, value));
            } else {
                return Err(usage_error(format!(
                    "unknown option --{name} for this command (see --help)"
                )));
            }
        }
        Ok(args)
    }

    /// Whether `--help` was given.
    pub fn help(&self) -> bool {
        self.help
    }

    /// The value of option `name`, if given.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of option `name`, in the order given.
    pub fn values(&self, name: &str) -> Vec<&str> {
        self.values
            .iter()
            .filter(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// Whether flag `name` was given.
    pub fn flag(&self, name: &str) -> bool {
        self.flags.contains(&name)
    }

    /// The positional words.
    pub fn positionals(&self) -> &[String] {
        &self.positionals
    }

    /// Exactly `N` positionals, or an error naming what was expected.
    pub fn expect_positionals<const N: usize>(&self, what: &str) -> Result<[&str; N], CliError> {
        let words: Vec<&str> = self.positionals.iter().map(String::as_str).collect();
        let count = words.len();
        <[&str; N]>::try_from(words).map_err(|_| {
            if count < N {
                usage_error(format!("missing {what} (see --help)"))
            } else {
                usage_error(format!(
                    "unexpected argument '{}' (see --help)",
                    self.positionals.get(N).map_or("", String::as_str)
                ))
            }
        })
    }
}

/// Parse an unsigned number for option `name`.
pub fn parse_number<T: std::str::FromStr>(name: &str, text: &str) -> Result<T, CliError> {
    let trimmed = text.trim();
    if trimmed.is_empty() || !trimmed.bytes().all(|b| b.is_ascii_digit()) {
        return Err(usage_error(format!(
            "--{name}: expected a whole number, got '{text}'"
        )));
    }
    trimmed
        .parse()
        .map_err(|_| usage_error(format!("--{name}: number '{text}' is out of range")))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const SPEC: Spec = Spec {
        values: &["slot", "utc-offset"],
        flags: &["all"],
    };

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn values_flags_and_positionals() {
        let args = Args::parse(
            &words(&["123", "--slot", "4", "--utc-offset", "-05:00", "--all"]),
            &SPEC,
        )
        .unwrap();
        assert_eq!(args.value("slot"), Some("4"));
        assert_eq!(args.value("utc-offset"), Some("-05:00"));
        assert!(args.flag("all"));
        assert_eq!(args.positionals(), ["123"]);
        let args = Args::parse(&words(&["--slot=7", "--", "--all"]), &SPEC).unwrap();
        assert_eq!(args.value("slot"), Some("7"));
        assert!(!args.flag("all"));
        assert_eq!(args.positionals(), ["--all"]);
    }

    #[test]
    fn mistakes_are_errors() {
        assert!(Args::parse(&words(&["--slto", "4"]), &SPEC).is_err());
        assert!(Args::parse(&words(&["--slot"]), &SPEC).is_err());
        assert!(Args::parse(&words(&["--slot", "1", "--slot", "2"]), &SPEC).is_err());
        assert!(Args::parse(&words(&["--all=yes"]), &SPEC).is_err());
        assert!(Args::parse(&words(&["-x"]), &SPEC).is_err());
        assert!(parse_number::<u32>("slot", "-1").is_err());
        assert!(parse_number::<u32>("slot", "4294967296").is_err());
        assert_eq!(parse_number::<u32>("slot", "42").unwrap(), 42);
    }
}
