//! The `copydesk` binary: parses the command line and either runs a command or opens the window.

use std::process::ExitCode;

use clap::Parser as _;
use copydesk::cli::{self, Cli, Outcome};

fn main() -> ExitCode {
    let started = std::time::Instant::now();
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let cli = Cli::parse();
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    match cli::run(cli, &mut out, &mut err) {
        Ok(Outcome::Exit(code)) => ExitCode::from(code),
        Ok(Outcome::Gui(desk, story)) => {
            drop((out, err));
            open_window(desk, story, started)
        }
        Err(error) => {
            report(&mut err, &error);
            ExitCode::from(2)
        }
    }
}

fn report(err: &mut dyn std::io::Write, error: &anyhow::Error) {
    // One line: the error and those of its causes that its message does not already say
    // (the core's errors name their cause in their own message).
    let mut line = error.to_string();
    for cause in error.chain().skip(1) {
        let cause = cause.to_string();
        if !line.contains(&cause) {
            line.push_str(": ");
            line.push_str(&cause);
        }
    }
    let _ = writeln!(err, "error: {line}");
}

#[cfg(feature = "gui")]
fn open_window(
    desk: Option<std::path::PathBuf>,
    story: Option<String>,
    started: std::time::Instant,
) -> ExitCode {
    match copydesk::app::run_native(desk, story, started) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            report(&mut std::io::stderr().lock(), &error);
            ExitCode::FAILURE
        }
    }
}

#[cfg(not(feature = "gui"))]
fn open_window(
    _desk: Option<std::path::PathBuf>,
    _story: Option<String>,
    _started: std::time::Instant,
) -> ExitCode {
    report(
        &mut std::io::stderr().lock(),
        &anyhow::anyhow!(
            "this copydesk was built without the window (feature \"gui\"); use a command, see --help"
        ),
    );
    ExitCode::from(2)
}
