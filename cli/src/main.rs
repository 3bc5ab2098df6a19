//! `doorcode`: see `doorcode help`.

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let argv: Result<Vec<String>, _> = std::env::args_os()
        .skip(1)
        .map(std::ffi::OsString::into_string)
        .collect();
    let Ok(argv) = argv else {
        eprintln!("error: an argument is not valid UTF-8 (use --door-hex for binary door ids)");
        return ExitCode::from(doorcode_cli::error::EXIT_USAGE);
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let result = doorcode_cli::run(&argv, &mut out);
    let flushed = out.flush();
    match (result, flushed) {
        (Ok(status), Ok(())) => ExitCode::from(status.exit_code()),
        (Ok(_), Err(error)) => {
            eprintln!("error: cannot write output: {error}");
            ExitCode::from(doorcode_cli::error::EXIT_USAGE)
        }
        (Err(error), _) => {
            eprintln!("error: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}
