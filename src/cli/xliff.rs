//! `copydesk xliff`: a story handed to a freelance translator as XLIFF (2.1, or 1.2 for
//! older tools) and their file taken back, the changed English landing in its rows as
//! drafts for review.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use clap::Subcommand;

use super::{Outcome, Said, change_story, read_story};
use crate::session::ActionError;
use crate::store;
use crate::xliff::{self, XliffVersion};

/// `copydesk xliff`.
#[derive(Debug, Subcommand)]
pub enum XliffAction {
    /// Write a story as XLIFF for a translator's tool (OmegaT, memoQ, Trados, MateCat): one
    /// unit per row with source text (headline, deck, body rows, photo captions), the
    /// English as it stands, each row's status and its open comments.
    Export {
        /// The desk folder.
        dir: PathBuf,
        /// The story's slug.
        slug: String,
        /// The file to write (written whole or not at all).
        #[arg(short, long)]
        output: PathBuf,
        /// The XLIFF version: 2.1, or 1.2 for tools that need it.
        #[arg(long, default_value = "2.1", value_parser = ["2.1", "1.2"])]
        version: String,
    },
    /// Take a translator's XLIFF file back: the English that changed lands in its rows as
    /// drafts for review, and a summary says what changed. A file made from another story,
    /// or whose source no longer matches the story, is refused with nothing applied.
    Import {
        /// The desk folder.
        dir: PathBuf,
        /// The XLIFF file.
        file: PathBuf,
        /// Who is importing; their roles come from the desk's staff roster, and they must
        /// be allowed to change the story's English now.
        #[arg(long = "as", value_name = "NAME")]
        actor: String,
        /// Show the summary only; change nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

/// Runs `copydesk xliff`.
pub fn run(
    action: XliffAction,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    match action {
        XliffAction::Export {
            dir,
            slug,
            output,
            version,
        } => {
            let version = XliffVersion::from_label(&version).unwrap_or_default();
            let (session, index) = read_story(&dir, &slug)?;
            let Some(doc) = session.doc(index) else {
                bail!("the desk {} has no story \"{slug}\"", dir.display());
            };
            let bytes = xliff::write_xliff(doc.story(), session.settings(), version)?;
            store::write_export(session.root(), &output, &bytes)?;
            writeln!(
                out,
                "{}: XLIFF {} of {slug}, {} unit(s)",
                output.display(),
                version.label(),
                xliff::exported_rows(doc.story()).len()
            )?;
            Ok(Outcome::Exit(0))
        }
        XliffAction::Import {
            dir,
            file,
            actor,
            dry_run,
        } => import(&dir, &file, &actor, dry_run, out, err),
    }
}

fn import(
    dir: &Path,
    file: &Path,
    actor: &str,
    dry_run: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let bytes = store::read_file(file)?;
    let read = xliff::read_xliff(&bytes, &xliff::Limits::default())
        .with_context(|| format!("{}", file.display()))?;
    let slug = read.original.clone();
    if !crate::model::is_valid_slug(&slug) {
        bail!(
            "{}: the file names no story of a Copydesk desk (its <file original> is \"{}\"); only files exported by Copydesk can be taken back",
            file.display(),
            slug.chars().take(80).collect::<String>()
        );
    }
    let named = |e: ActionError| match e {
        ActionError::Xliff(problem) => anyhow::anyhow!("{}: {problem}", file.display()),
        other => other.into(),
    };
    if dry_run {
        let (mut session, index) = read_story(dir, &slug)?;
        session.set_me(Some(actor));
        return match session.import_xliff(index, &read, true, 0.0) {
            Ok(plan) => {
                writeln!(
                    out,
                    "{}\n(dry run: nothing was changed)",
                    plan.summary(false)
                )?;
                Ok(Outcome::Exit(0))
            }
            Err(e @ (ActionError::Refused(_) | ActionError::ReadOnly(_))) => {
                writeln!(err, "refused: {e}")?;
                Ok(Outcome::Exit(1))
            }
            Err(e) => Err(named(e)),
        };
    }
    change_story(dir, &slug, actor, out, err, |session, index| {
        let plan = session.import_xliff(index, &read, false, 0.0)?;
        Ok(Said::from(plan.summary(true)))
    })
    .map_err(|e| match e.downcast::<ActionError>() {
        // Nothing was applied; said with the file's name.
        Ok(ActionError::Xliff(problem)) => anyhow::anyhow!("{}: {problem}", file.display()),
        Ok(other) => other.into(),
        Err(e) => e,
    })
}
