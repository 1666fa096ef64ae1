//! The command line: the same binary without a window, for scripts and the publishing pipeline.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use clap::{Parser, Subcommand};

use crate::model::{DeskSettings, is_language_tag};
use crate::store;

/// Copydesk: a translation desk for multilingual newsrooms.
///
/// Without a command, opens the window on the last desk used (or the sample desk).
#[derive(Debug, Parser)]
#[command(name = "copydesk", version, about, long_about = None)]
pub struct Cli {
    /// What to do; without one, the window opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the window on a desk folder.
    Open {
        /// The desk folder (the one holding desk.ron).
        dir: PathBuf,
    },
    /// Print one line per story: slug, stage and rows confirmed/total, separated by tabs.
    ///
    /// Exits 1 if any story file is broken (each named on standard error, with the others
    /// still listed), and 2 if the desk itself cannot be read.
    List {
        /// The desk folder.
        dir: PathBuf,
    },
    /// Create a new, empty desk folder.
    NewDesk {
        /// The folder to create (it may exist, but must not already hold a desk; its parent
        /// folder must exist).
        dir: PathBuf,
        /// The desk's name, for example "Myanmar Desk".
        #[arg(long)]
        name: String,
        /// Language tag of the source side, for example "my".
        #[arg(long)]
        source: String,
        /// Language tag of the published side, for example "en".
        #[arg(long, default_value = "en")]
        target: String,
        /// How the desk is credited, for example "RFA's Myanmar Service".
        #[arg(long)]
        service: String,
    },
}

/// What `main` should do after parsing.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Open the window, on this desk if given.
    Gui(Option<PathBuf>),
    /// Exit with this code; the command has done its work.
    Exit(u8),
}

/// Runs a command that needs no window, writing its output to `out` and warnings to `err`.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Outcome> {
    match cli.command {
        None => Ok(Outcome::Gui(None)),
        Some(Command::Open { dir }) => {
            // Fail here, with a clear message, rather than in an empty window.
            store::load_settings(&dir)?;
            Ok(Outcome::Gui(Some(dir)))
        }
        Some(Command::List { dir }) => list(&dir, out, err),
        Some(Command::NewDesk {
            dir,
            name,
            source,
            target,
            service,
        }) => {
            for (what, tag) in [("--source", &source), ("--target", &target)] {
                if !is_language_tag(tag) {
                    bail!("{what} \"{tag}\" is not a language tag (for example \"my\" or \"en\")");
                }
            }
            if name.trim().is_empty() {
                bail!("--name must not be empty");
            }
            let settings = DeskSettings::new(name.trim(), &source, &target, service.trim());
            store::create_desk(&dir, &settings)?;
            writeln!(
                out,
                "created desk \"{}\" in {}",
                settings.name,
                dir.display()
            )?;
            Ok(Outcome::Exit(0))
        }
    }
}

fn list(dir: &Path, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Outcome> {
    let desk = store::load_desk(dir)?;
    for loaded in &desk.stories {
        let story = &loaded.story;
        let progress = story.progress();
        writeln!(
            out,
            "{}\t{}\t{}/{}",
            story.slug,
            story.stage.label(),
            progress.confirmed,
            progress.total
        )
        .context("writing to standard output")?;
    }
    for problem in &desk.problems {
        writeln!(err, "error: {problem}")?;
    }
    Ok(Outcome::Exit(u8::from(!desk.problems.is_empty())))
}

/// The desk the window opens when none is given and none was used before: the sample desk
/// beside the working directory, else the one in the source tree this binary was built from.
#[must_use]
pub fn sample_desk() -> PathBuf {
    let local = PathBuf::from("projects").join("sample-desk");
    if local.join(store::DESK_FILE).is_file() {
        return local;
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("projects")
        .join("sample-desk")
}
