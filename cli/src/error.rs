//! The CLI's error type: one line of text and the exit status it maps to.

use std::fmt;

/// Exit status for a negative answer (a rejected code, differing vectors, a refused policy).
pub const EXIT_REJECTED: u8 = 1;
/// Exit status for bad usage or bad input.
pub const EXIT_USAGE: u8 = 2;

/// An error the CLI reports as `error: <message>` on stderr before exiting non-zero.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliError {
    message: String,
    exit_code: u8,
}

impl CliError {
    /// A usage or input error (exit status 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            exit_code: EXIT_USAGE,
        }
    }

    /// A negative answer reported as an error (exit status 1).
    pub fn rejected(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            exit_code: EXIT_REJECTED,
        }
    }

    /// The exit status.
    pub fn exit_code(&self) -> u8 {
        self.exit_code
    }

    /// The message, without the `error: ` prefix.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Keep it to one line whatever the source error printed.
        let mut lines = self.message.lines();
        let first = lines.next().unwrap_or("");
        f.write_str(first)?;
        for line in lines {
            write!(f, " {}", line.trim())?;
        }
        Ok(())
    }
}

impl std::error::Error for CliError {}

impl From<std::io::Error> for CliError {
    fn from(error: std::io::Error) -> Self {
        Self::usage(format!("I/O error: {error}"))
    }
}

/// Shorthand for a usage error.
pub fn usage_error(message: impl Into<String>) -> CliError {
    CliError::usage(message)
}
