//! The `doorcode` command-line tool, as a library so its pieces (the vector generator, the
//! RFC 3339 parser) can be tested directly.
//!
//! [`run`] takes the words after the program name and writes the command's output to `out`;
//! `main.rs` only maps the result to an exit status and prints errors as one `error:` line.

use std::io::Write;

pub mod args;
pub mod batch_cmd;
pub mod credential_cmd;
pub mod daily_cmd;
pub mod demo;
pub mod error;
pub mod hex;
pub mod keys_cmd;
pub mod lock_cmd;
pub mod odds_cmd;
pub mod opts;
pub mod permanent_cmd;
pub mod schedule_cmd;
pub mod time;
pub mod tz_cmd;
pub mod usage;
pub mod vectors;

pub use error::CliError;

use error::usage_error;

/// How a command that ran to completion ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Success, or the code was accepted (exit 0).
    Success,
    /// A negative answer: the code was rejected, the vectors differ (exit 1).
    Rejected,
}

impl Status {
    /// The process exit status.
    pub fn exit_code(self) -> u8 {
        match self {
            Self::Success => 0,
            Self::Rejected => error::EXIT_REJECTED,
        }
    }
}

fn is_help(word: &str) -> bool {
    matches!(word, "--help" | "-h" | "help")
}

/// Print help text.
fn help(out: &mut dyn Write, text: &str) -> Result<Status, CliError> {
    out.write_all(text.as_bytes())?;
    Ok(Status::Success)
}

/// Help for the command named by `topic` (the words after `doorcode help`).
fn help_for(out: &mut dyn Write, topic: &[String]) -> Result<Status, CliError> {
    let words: Vec<&str> = topic.iter().map(String::as_str).collect();
    match words.as_slice() {
        [] => help(out, usage::MAIN),
        ["keys", ..] => help(out, &usage::keys()),
        ["daily", "issue", ..] => help(out, &usage::daily_issue()),
        ["daily", "verify", ..] => help(out, &usage::daily_verify(false)),
        ["daily", "explain", ..] => help(out, &usage::daily_verify(true)),
        ["daily", "batch", ..] => help(out, &batch_cmd::help()),
        ["daily", ..] => help(
            out,
            &format!(
                "{}\n{}\n{}\n{}",
                usage::daily_issue(),
                usage::daily_verify(false),
                usage::daily_verify(true),
                batch_cmd::help()
            ),
        ),
        ["odds", ..] => help(out, &usage::odds()),
        ["permanent", ..] => help(out, &usage::permanent()),
        ["lock", ..] => help(out, usage::LOCK),
        ["vectors", ..] => help(out, usage::VECTORS),
        ["demo", ..] => help(out, usage::DEMO),
        ["credential", ..] => help(out, usage::CREDENTIAL),
        ["tz", ..] => help(out, usage::TZ),
        ["schedule", ..] => help(out, usage::SCHEDULE),
        [other, ..] => Err(usage_error(format!(
            "no help for unknown command '{other}'; run 'doorcode help'"
        ))),
    }
}

/// Run the command line `argv` (without the program name), writing output to `out`.
pub fn run(argv: &[String], out: &mut dyn Write) -> Result<Status, CliError> {
    let (command, rest) = argv
        .split_first()
        .ok_or_else(|| usage_error("no command given; run 'doorcode help' for usage"))?;
    let sub = rest.first().map(String::as_str);
    let sub_rest = rest.get(1..).unwrap_or(&[]);
    match command.as_str() {
        "help" | "--help" | "-h" => help_for(out, rest),
        "--version" | "-V" | "version" => {
            writeln!(out, "doorcode {}", env!("CARGO_PKG_VERSION"))?;
            Ok(Status::Success)
        }
        "keys" => match sub {
            Some("derive") => keys_cmd::derive(sub_rest, out),
            None => help(out, &usage::keys()),
            Some(word) if is_help(word) => help(out, &usage::keys()),
            Some(other) => Err(usage_error(format!(
                "unknown subcommand 'keys {other}' (expected: keys derive)"
            ))),
        },
        "daily" => match sub {
            Some("issue") => daily_cmd::issue(sub_rest, out),
            Some("verify") => daily_cmd::verify(sub_rest, out, false),
            Some("explain") => daily_cmd::verify(sub_rest, out, true),
            Some("batch") => batch_cmd::batch(sub_rest, out),
            None => help_for(out, &["daily".to_owned()]),
            Some(word) if is_help(word) => help_for(out, &["daily".to_owned()]),
            Some(other) => Err(usage_error(format!(
                "unknown subcommand 'daily {other}' (expected: issue, verify, explain or batch)"
            ))),
        },
        // `odds --permanent-codes M` adds the door's combined odds (permanent_cmd::odds).
        "odds" => permanent_cmd::odds(rest, out),
        "permanent" => match sub {
            Some("derive") => permanent_cmd::derive_cmd(sub_rest, out),
            None => help(out, &usage::permanent()),
            Some(word) if is_help(word) => help(out, &usage::permanent()),
            Some(other) => Err(usage_error(format!(
                "unknown subcommand 'permanent {other}' (expected: permanent derive)"
            ))),
        },
        "lock" => {
            let third = sub_rest.first().map(String::as_str);
            let rest3 = sub_rest.get(1..).unwrap_or(&[]);
            match (sub, third) {
                (Some("update"), Some("build")) => lock_cmd::update_build(rest3, out),
                (Some("state"), Some("decode")) => lock_cmd::state_decode(rest3, out),
                (None, _) => help(out, usage::LOCK),
                (Some(word), _) if is_help(word) => help(out, usage::LOCK),
                (Some(first), second) => Err(usage_error(format!(
                    "unknown subcommand 'lock {first}{}' (expected: lock update build or lock state decode)",
                    second.map(|s| format!(" {s}")).unwrap_or_default()
                ))),
            }
        }
        "vectors" => match sub {
            Some("generate") => vectors::command(sub_rest, out, false),
            Some("check") => vectors::command(sub_rest, out, true),
            None => help(out, usage::VECTORS),
            Some(word) if is_help(word) => help(out, usage::VECTORS),
            Some(other) => Err(usage_error(format!(
                "unknown subcommand 'vectors {other}' (expected: generate or check)"
            ))),
        },
        "demo" => demo::demo(rest, out),
        "credential" => credential_cmd::credential(rest, out),
        "tz" => tz_cmd::tz(rest, out),
        "schedule" => schedule_cmd::schedule(rest, out),
        other => Err(usage_error(format!(
            "unknown command '{other}'; run 'doorcode help' for usage"
        ))),
    }
}
