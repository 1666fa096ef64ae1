//! The command line: the same binary without a window, for scripts and the publishing pipeline.
//!
//! Every command that changes a desk acts as the person named by `--as`, whose roles come
//! from the desk's roster, and goes through the same checked calls of [`Session`] as the
//! window. A refusal prints its reason and exits 1, leaving every file as it was; a
//! command that could not run exits 2.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use clap::{Parser, Subcommand};

use chrono::Utc;

use crate::model::{DeskSettings, Role, RowRef, Stage, is_language_tag};
use crate::session::{ActionError, Session};
use crate::workflow::{DeskKey, Move, SettingsChange};
use crate::{credits, export, import, store};

mod check;
mod merge;
mod search;
mod team;
mod tm;
mod xliff;

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
        /// Open this story in the editor straight away.
        #[arg(long, value_name = "SLUG")]
        story: Option<String>,
    },
    /// Print one line per story, separated by tabs: slug, stage, rows confirmed/total, source
    /// syllables (words for a language written with spaces), English words, and who it is
    /// assigned to ("-" for nobody).
    ///
    /// Reads the desk index (`.copydesk/index.ron`), bringing it up to date for the story
    /// files that changed. Exits 1 if any story file is broken (each named on standard
    /// error, with the others still listed), and 2 if the desk itself cannot be read.
    List {
        /// The desk folder.
        dir: PathBuf,
    },
    /// Search the text of every story: both sides of every row (headline, deck, body rows,
    /// photo captions) and the comment threads. Prints one hit a line, separated by tabs:
    /// slug, row ("Headline", "Deck", "Row 4"), where ("source", "English" or "comment"),
    /// and the text around the hit on one line.
    ///
    /// Case is ignored unless --match-case is given; --whole-words finds whole words only
    /// (for Burmese, by the dictionary's words). Burmese is matched between syllables only.
    /// Exits 0 when something was found, 1 when nothing was, and 2 when a story could not
    /// be read (each named on standard error, the others searched) or the desk cannot.
    Search {
        /// The desk folder.
        dir: PathBuf,
        /// The text to find.
        text: String,
        /// Upper and lower case must be as typed.
        #[arg(long)]
        match_case: bool,
        /// Whole words only.
        #[arg(long)]
        whole_words: bool,
        /// Stop after this many hits (a note on standard error says so).
        #[arg(long, default_value_t = 1000)]
        limit: usize,
        /// JSON instead of tab-separated lines: an array of objects with slug, row, field,
        /// before, match and after.
        #[arg(long)]
        json: bool,
    },
    /// Print a story's history, oldest first: time (UTC), who, stage, fingerprint, event.
    /// It starts with the filing (or "filed: unknown" for a story filed before Copydesk
    /// recorded it).
    History {
        /// The desk folder.
        dir: PathBuf,
        /// The story's slug.
        slug: String,
    },
    /// Move a story to another stage, under the same rules as the window.
    ///
    /// STAGE is one of: filed, translating, writing, editing, sent-back-to-writing,
    /// sent-back-to-translating, approved, published, killed. Sending back and reopening an
    /// approved story need --note; correcting a published story (moving it to editing)
    /// needs --correction, the text readers will see. Handing on or signing off with rows
    /// unconfirmed or comments open is refused (exit 1, with what is open) unless --confirm
    /// is given; the confirmation is recorded.
    Stage {
        /// The desk folder.
        dir: PathBuf,
        /// The story's slug.
        slug: String,
        /// The stage to move to.
        #[arg(long, value_name = "STAGE")]
        to: String,
        /// Who is making the move; their roles come from the desk's staff roster.
        #[arg(long = "as", value_name = "NAME")]
        actor: String,
        /// Why (required when sending back or reopening).
        #[arg(long)]
        note: Option<String>,
        /// The correction readers will see, when a published story comes back.
        #[arg(long)]
        correction: Option<String>,
        /// Go ahead although rows are unconfirmed or comments open (recorded).
        #[arg(long)]
        confirm: bool,
        /// The SSH key to sign with when moving to approved on a desk that signs
        /// sign-offs (as for sign-off).
        #[arg(long, value_name = "FILE")]
        key: Option<PathBuf>,
    },
    /// Sign a story off as an editor: records the editor, the time and a fingerprint of the
    /// content signed, and moves it to Approved. A refused sign-off exits 1.
    SignOff {
        /// The desk folder.
        dir: PathBuf,
        /// The story's slug.
        slug: String,
        /// The editor; their roles come from the desk's staff roster.
        #[arg(long = "as", value_name = "NAME")]
        actor: String,
        /// Sign off although rows are unconfirmed or comments open (recorded).
        #[arg(long)]
        confirm: bool,
        /// On a desk that signs sign-offs, the SSH key to sign with: a private key file, or
        /// a .pub file whose private half is in the SSH agent. Without it, the key the
        /// roster lists for the editor is looked for in the SSH agent, then as the usual
        /// key files in ~/.ssh (Ed25519, ECDSA, RSA).
        #[arg(long, value_name = "FILE")]
        key: Option<PathBuf>,
    },
    /// Check a story's signed sign-off: that the exact public text as it is now was signed
    /// with the SSH key the roster lists for the editor the sign-off names, who is an
    /// editor. Prints who signed and with which key (exit 0), or which check failed (exit
    /// 1); exit 2 when ssh-keygen could not run.
    Verify {
        /// The desk folder.
        dir: PathBuf,
        /// The story's slug.
        slug: String,
    },
    /// Assign a story to a person on the roster for its current stage; without NAME, clear
    /// the assignment. Editors assign anyone; others may take a story whose stage is their
    /// work, and give back their own.
    Assign {
        /// The desk folder.
        dir: PathBuf,
        /// The story's slug.
        slug: String,
        /// Who is to do the stage's work.
        name: Option<String>,
        /// Who is assigning.
        #[arg(long = "as", value_name = "NAME")]
        actor: String,
    },
    /// Fix one row's source after filing (reporters and editors), recorded in the history
    /// with the old text; the translator sees the row flagged.
    FixSource {
        /// The desk folder.
        dir: PathBuf,
        /// The story's slug.
        slug: String,
        /// The row: "headline", "deck", or a body row's number as the window shows it.
        #[arg(long)]
        row: String,
        /// The corrected source.
        #[arg(long)]
        text: String,
        /// Why.
        #[arg(long)]
        note: Option<String>,
        /// Who is fixing it.
        #[arg(long = "as", value_name = "NAME")]
        actor: String,
    },
    /// Print a story's credit line, as it will print.
    CreditLine {
        /// The desk folder.
        dir: PathBuf,
        /// The story's slug.
        slug: String,
    },
    /// Export a story. Publishable formats need a current sign-off unless --draft is given
    /// (the document then says DRAFT); the bilingual review table needs none.
    ///
    /// FORMAT is one of: html, txt, md, ninjs, nitf, docx, bilingual-html, bilingual-docx.
    /// Text formats go to standard output without -o; Word formats need -o.
    Export {
        /// The desk folder.
        dir: PathBuf,
        /// The story's slug.
        slug: String,
        /// The format.
        #[arg(long)]
        format: String,
        /// The file to write (written whole or not at all).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Export even without a current sign-off, marked DRAFT in the document.
        #[arg(long)]
        draft: bool,
    },
    /// Import a .txt, .md or .docx file as a new story's source, filed in the name given
    /// with --as (a Markdown file, such as Copydesk's own export, becomes the whole English
    /// story); with --english, a source file and its English aligned paragraph by
    /// paragraph. Prints the new story's slug.
    Import {
        /// The desk folder.
        dir: PathBuf,
        /// The file to import.
        file: PathBuf,
        /// Who is filing or importing; their roles come from the desk's staff roster.
        #[arg(long = "as", value_name = "NAME")]
        actor: String,
        /// The English counterpart of a source file.
        #[arg(long)]
        english: Option<PathBuf>,
        /// The new story's slug (by default from the file name).
        #[arg(long)]
        slug: Option<String>,
        /// Import into this existing story instead: as its English (filling the source rows
        /// in order) or, with --side source, as a re-filed source (changed rows flagged).
        #[arg(long, value_name = "SLUG", conflicts_with_all = ["english", "slug"])]
        into: Option<String>,
        /// With --into: which side the file is.
        #[arg(long, default_value = "english", value_parser = ["english", "source"])]
        side: String,
        /// What to do when the source looks like Zawgyi (the legacy Burmese encoding):
        /// convert it to Unicode, or keep it as it is because it is Unicode. Without this, a
        /// Zawgyi-looking file is refused, so a story never mixes encodings silently.
        #[arg(long, value_parser = ["convert", "keep"])]
        zawgyi: Option<String>,
    },
    /// The desk's roster: who is on it, with which roles.
    Staff {
        /// What to do.
        #[command(subcommand)]
        action: StaffAction,
    },
    /// The desk's settings: show them, change one, or list the recorded changes.
    Desk {
        /// What to do.
        #[command(subcommand)]
        action: DeskAction,
    },
    /// Tools for developers: generate a large desk to measure with.
    Dev {
        /// What to do.
        #[command(subcommand)]
        action: DevAction,
    },
    /// Zawgyi, the legacy Burmese encoding: tell it apart from Unicode, and convert it.
    Zawgyi {
        /// What to do with standard input.
        #[command(subcommand)]
        action: ZawgyiAction,
    },
    /// The desk's translation memory: look up, search, import and export TMX, analyse,
    /// pre-translate.
    Tm {
        /// What to do.
        #[command(subcommand)]
        action: tm::TmAction,
    },
    /// XLIFF for a freelance translator's tool: export a story, import their file back.
    Xliff {
        /// What to do.
        #[command(subcommand)]
        action: xliff::XliffAction,
    },
    /// Run the quality checks on a story, or on every story of the desk: one finding a line
    /// (slug, row, severity, check, reason, tab-separated), or JSON with --json. Exits 1
    /// when an error-level finding remains (numbers or dates that differ, a forbidden
    /// term, a row with no English, …), 0 when none does, 2 when it could not run. Without
    /// a spelling dictionary installed (hunspell-en-us), says so and checks the rest.
    Check {
        /// The desk folder.
        dir: PathBuf,
        /// One story's slug; without it, every story.
        slug: Option<String>,
        /// JSON instead of tab-separated lines.
        #[arg(long)]
        json: bool,
    },
    /// Accept a check's findings on a row with a reason (kept with the story, listed by
    /// `history`): `check` leaves them out until the row's text changes. Whoever may comment
    /// on the story may accept.
    Accept {
        /// The desk folder.
        dir: PathBuf,
        /// The story's slug.
        slug: String,
        /// The row: "headline", "deck", or a body row's number as the window shows it.
        #[arg(long)]
        row: String,
        /// The check, as `check` names it (numbers, dates, terms, spelling, …).
        #[arg(long)]
        check: String,
        /// Why the finding stands.
        #[arg(long)]
        reason: String,
        /// Who accepts it.
        #[arg(long = "as", value_name = "NAME")]
        actor: String,
    },
    /// The desk's glossary: import CSV, TSV or TBX, export TBX, list, add a term.
    Glossary {
        /// What to do.
        #[command(subcommand)]
        action: check::GlossaryAction,
    },
    /// Git's merge driver for story files: merges one story row by row from the common
    /// version (BASE), ours (OURS, overwritten with the result) and theirs (THEIRS).
    /// Registered per clone as `merge.copydesk.driver = "copydesk merge-driver %O %A %B"`,
    /// with `stories/*.ron merge=copydesk` in the desk's `.gitattributes`. Two different
    /// changes to one text keep ours in the row and theirs in the story, for the window to
    /// resolve; exits 0 then too, and non-zero only when a file is not a story.
    MergeDriver {
        /// The common version (git's %O).
        base: PathBuf,
        /// Ours (git's %A), replaced by the merged story.
        ours: PathBuf,
        /// Theirs (git's %B).
        theirs: PathBuf,
    },
    /// Join a team desk: clone it from a git remote (a bare repository on a shared server,
    /// a folder, or any git host this computer reaches, with git's own credentials) into
    /// DIR, which must be new or empty, and register Copydesk's story merge driver there.
    Clone {
        /// Where the desk is: anything `git clone` takes.
        url: String,
        /// The folder to put it in.
        dir: PathBuf,
    },
    /// Exchange a team desk with its remote: commit work not yet committed, fetch, merge
    /// (stories row by row through Copydesk's merge driver) and push; when the push is
    /// refused because the remote moved, fetch and merge again. A network failure leaves
    /// everything here as it was. Prints what was received and sent, and each story the
    /// merge changed ("changed<TAB>SLUG").
    Sync {
        /// The desk folder (a git clone).
        dir: PathBuf,
        /// Who the commits are by (default: git's user.name, else this computer).
        #[arg(long = "as", value_name = "NAME")]
        actor: Option<String>,
        /// Only say what a sync would do, from the last fetch, without the network.
        #[arg(long)]
        status: bool,
    },
    /// Create a new, empty desk folder. Its first person puts themselves on the roster
    /// with `copydesk staff add DIR NAME --roles editor --as NAME`.
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

/// `copydesk staff`.
#[derive(Debug, Subcommand)]
pub enum StaffAction {
    /// One line per person: name, then roles separated by commas; then, for those with an
    /// SSH key or an email address, the key's fingerprint and the address ("-" for none).
    List {
        /// The desk folder.
        dir: PathBuf,
    },
    /// Put a person on the roster (editors only; a new desk's first person may add
    /// themselves).
    Add {
        /// The desk folder.
        dir: PathBuf,
        /// Their name as printed in credits.
        name: String,
        /// Their roles: reporter, translator, writer, editor, photographer, separated by
        /// commas.
        #[arg(long, value_delimiter = ',')]
        roles: Vec<String>,
        /// Who is making the change.
        #[arg(long = "as", value_name = "NAME")]
        actor: String,
    },
    /// Take a person off the roster (editors only).
    Remove {
        /// The desk folder.
        dir: PathBuf,
        /// Their name.
        name: String,
        /// Who is making the change.
        #[arg(long = "as", value_name = "NAME")]
        actor: String,
    },
    /// Change a person's roles (editors only).
    SetRoles {
        /// The desk folder.
        dir: PathBuf,
        /// Their name.
        name: String,
        /// Their roles from now on, separated by commas.
        #[arg(long, value_delimiter = ',')]
        roles: Vec<String>,
        /// Who is making the change.
        #[arg(long = "as", value_name = "NAME")]
        actor: String,
    },
    /// Put a person's SSH public key on the roster (editors only): the key their signed
    /// sign-offs are verified with. Without KEY or --file, takes their key off.
    SetKey {
        /// The desk folder.
        dir: PathBuf,
        /// Their name.
        name: String,
        /// The public key, one line of their .pub file (quoted).
        key: Option<String>,
        /// Read the key from this .pub file instead.
        #[arg(long, value_name = "FILE.pub", conflicts_with = "key")]
        file: Option<PathBuf>,
        /// Who is making the change.
        #[arg(long = "as", value_name = "NAME")]
        actor: String,
    },
    /// Put a person's email address on the roster (editors only): on a team desk, the
    /// commits of their work carry it (without one, the address git has on the machine they
    /// work at). Without EMAIL, takes it off.
    SetEmail {
        /// The desk folder.
        dir: PathBuf,
        /// Their name.
        name: String,
        /// The address.
        email: Option<String>,
        /// Who is making the change.
        #[arg(long = "as", value_name = "NAME")]
        actor: String,
    },
}

/// `copydesk dev`.
#[derive(Debug, Subcommand)]
pub enum DevAction {
    /// Write a generated desk: STORIES stories of ROWS rows of Burmese-like source (built
    /// from syllables) and English, at every stage, each with its history. The same numbers
    /// always give the same desk.
    Generate {
        /// The folder to create.
        dir: PathBuf,
        /// How many stories.
        #[arg(long, default_value_t = 5000)]
        stories: usize,
        /// How many body rows in each.
        #[arg(long, default_value_t = 30)]
        rows: usize,
    },
    /// The writing half of the kill soak (tests/it/soak.rs): edit and save the given
    /// stories forever as NAME, printing each save once it is on disk.
    #[command(hide = true)]
    Soak {
        /// The desk folder.
        dir: PathBuf,
        /// Who edits.
        #[arg(long = "as", value_name = "NAME")]
        name: String,
        /// Chooses rows, and marks the text written.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The stories to edit.
        #[arg(required = true)]
        slugs: Vec<String>,
    },
}

/// `copydesk desk`.
#[derive(Debug, Subcommand)]
pub enum DeskAction {
    /// Every setting as KEY<TAB>VALUE, then who may make each stage move as
    /// rule.FROM.TO<TAB>ROLES.
    Show {
        /// The desk folder.
        dir: PathBuf,
    },
    /// Change one setting (editors only), recorded with who and when. KEY is one of the keys
    /// `desk show` prints; rule.FROM.TO sets who may make a stage move (roles separated by
    /// commas; an empty value removes the move). A change that alters printed credit lines
    /// sends signed-off stories whose sign-off it makes stale back to Editing.
    Set {
        /// The desk folder.
        dir: PathBuf,
        /// The setting.
        key: String,
        /// Its new value ("on" or "off" for switches).
        value: String,
        /// Who is making the change.
        #[arg(long = "as", value_name = "NAME")]
        actor: String,
    },
    /// The recorded changes of the desk's settings, oldest first: time (UTC), who, what,
    /// old value, new value.
    History {
        /// The desk folder.
        dir: PathBuf,
    },
}

/// What `copydesk zawgyi` does with standard input.
#[derive(Debug, Subcommand)]
pub enum ZawgyiAction {
    /// For each line: the verdict (unicode, zawgyi, unsure or not-myanmar), the probability
    /// that it is Zawgyi, and the line, separated by tabs. Empty lines are skipped.
    Detect,
    /// Convert Zawgyi to Unicode, line by line. Lines without Myanmar text, and lines that
    /// read as Unicode already (named on standard error), pass unchanged.
    Convert {
        /// Convert the other way, Unicode to Zawgyi (for sending text to an old system).
        #[arg(long)]
        to_zawgyi: bool,
        /// Convert every line, even those that read as Unicode.
        #[arg(long)]
        force: bool,
    },
}

/// What `main` should do after parsing.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Open the window, on this desk if given, with this story open if given.
    Gui(Option<PathBuf>, Option<String>),
    /// Exit with this code; the command has done its work.
    Exit(u8),
}

/// Runs a command that needs no window, writing its output to `out` and warnings to `err`.
///
/// On a team desk (a git clone), a command that changed the desk commits what it wrote,
/// authored by the person named with `--as`.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Outcome> {
    let Some(command) = cli.command else {
        return Ok(Outcome::Gui(None, None));
    };
    let plan = team::commit_plan(&command);
    let outcome = run_command(command, out, err)?;
    if let (Some(plan), Outcome::Exit(0)) = (plan, &outcome) {
        plan.commit(err);
    }
    Ok(outcome)
}

fn run_command(
    command: Command,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    match command {
        Command::Clone { url, dir } => team::clone(&url, &dir, out),
        Command::Sync { dir, actor, status } => {
            team::sync(&dir, actor.as_deref(), status, out, err)
        }
        Command::Open { dir, story } => {
            // Fail here, with a clear message, rather than in an empty window.
            store::load_settings(&dir)?;
            Ok(Outcome::Gui(Some(dir), story))
        }
        Command::List { dir } => list(&dir, out, err),
        Command::Search {
            dir,
            text,
            match_case,
            whole_words,
            limit,
            json,
        } => {
            let options = search::Options {
                match_case,
                whole_words,
                limit,
                json,
            };
            search::run(&dir, &text, &options, out, err)
        }
        Command::Zawgyi { action } => {
            zawgyi_command(&action, &mut std::io::stdin().lock(), out, err)
        }
        Command::History { dir, slug } => history(&dir, &slug, out),
        Command::CreditLine { dir, slug } => {
            let (session, index) = read_story(&dir, &slug)?;
            let story = session.doc(index).map(crate::session::StoryDoc::story);
            if let Some(story) = story {
                writeln!(out, "{}", credits::credit_line(story, session.settings()))?;
            }
            Ok(Outcome::Exit(0))
        }
        Command::Export {
            dir,
            slug,
            format,
            output,
            draft,
        } => export_command(&dir, &slug, &format, output.as_deref(), draft, out, err),
        Command::Import {
            dir,
            file,
            actor,
            into: Some(into),
            side,
            zawgyi,
            ..
        } => import_into(
            &dir,
            &file,
            &into,
            &side,
            &actor,
            zawgyi.as_deref(),
            out,
            err,
        ),
        Command::Import {
            dir,
            file,
            actor,
            english,
            slug,
            zawgyi,
            ..
        } => import_command(
            &dir,
            &file,
            &actor,
            english.as_deref(),
            slug.as_deref(),
            zawgyi.as_deref(),
            out,
            err,
        ),
        Command::Stage {
            dir,
            slug,
            to,
            actor,
            note,
            correction,
            confirm,
            key,
        } => {
            let Some(stage) = Stage::from_key(&to) else {
                let known: Vec<String> = Stage::ALL.iter().map(|s| s.key()).collect();
                bail!("\"{to}\" is not a stage; use one of: {}", known.join(", "));
            };
            let request = Move {
                to: Some(stage),
                note,
                correction,
                go_ahead: confirm,
            };
            stage_command(&dir, &slug, &actor, &request, key, out, err)
        }
        Command::SignOff {
            dir,
            slug,
            actor,
            confirm,
            key,
        } => {
            let request = Move {
                go_ahead: confirm,
                ..Move::to(Stage::Approved)
            };
            stage_command(&dir, &slug, &actor, &request, key, out, err)
        }
        Command::Verify { dir, slug } => verify_command(&dir, &slug, out, err),
        Command::Assign {
            dir,
            slug,
            name,
            actor,
        } => change_story(&dir, &slug, &actor, out, err, |session, index| {
            session.assign(index, name.as_deref(), 0.0)?;
            let story = session.story(&slug);
            let who = story.and_then(|s| s.assignee.as_ref()).map_or_else(
                || "nobody".to_owned(),
                |a| format!("{} ({})", a.name, a.stage.label()),
            );
            Ok(format!("{slug}: assigned to {who}").into())
        }),
        Command::FixSource {
            dir,
            slug,
            row,
            text,
            note,
            actor,
        } => change_story(&dir, &slug, &actor, out, err, |session, index| {
            let story = session.doc(index).map(crate::session::StoryDoc::story);
            let rows = story.map_or(0, |s| s.blocks.len());
            let Some(row_ref) = story.and_then(|s| parse_row(s, &row)) else {
                return Err(ActionError::Refused(
                    crate::workflow::WorkflowError::Settings(format!(
                        "there is no row \"{row}\": use headline, deck, or a row number from 1 to {rows}"
                    )),
                ));
            };
            if text.trim().is_empty() {
                return Err(ActionError::Refused(
                    crate::workflow::WorkflowError::Settings(
                        "--text is empty; a source row is omitted in the window, not blanked"
                            .to_owned(),
                    ),
                ));
            }
            session.fix_source(index, row_ref, &text, note.as_deref(), 0.0)?;
            Ok(
                format!("{slug}: source of {row} fixed; the row is flagged for the translator")
                    .into(),
            )
        }),
        Command::Staff { action } => staff_command(action, out, err),
        Command::Tm { action } => tm::run(action, out, err),
        Command::Xliff { action } => xliff::run(action, out, err),
        Command::Check { dir, slug, json } => check::check(&dir, slug.as_deref(), json, out, err),
        Command::Glossary { action } => check::glossary(action, out, err),
        Command::Accept {
            dir,
            slug,
            row,
            check,
            reason,
            actor,
        } => check::accept(&dir, &slug, &row, &check, &reason, &actor, out, err),
        Command::Dev {
            action: DevAction::Generate { dir, stories, rows },
        } => {
            crate::generate::desk(&dir, stories, rows)?;
            writeln!(
                out,
                "generated {stories} stories of {rows} rows in {}",
                dir.display()
            )?;
            Ok(Outcome::Exit(0))
        }
        Command::Dev {
            action:
                DevAction::Soak {
                    dir,
                    name,
                    seed,
                    slugs,
                },
        } => {
            crate::soak::run(&dir, &name, &slugs, seed, out)?;
            Ok(Outcome::Exit(0))
        }
        Command::Desk { action } => desk_command(action, out, err),
        Command::MergeDriver { base, ours, theirs } => merge::run(&base, &ours, &theirs, err),
        Command::NewDesk {
            dir,
            name,
            source,
            target,
            service,
        } => {
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

/// A body row by its number as the window shows it ("3"), or "headline" or "deck".
fn parse_row(story: &crate::model::Story, row: &str) -> Option<RowRef> {
    match row.trim().to_lowercase().as_str() {
        "headline" => Some(RowRef::Headline),
        "deck" => Some(RowRef::Deck),
        n => {
            let n: usize = n.trim_start_matches("row").trim().parse().ok()?;
            story
                .blocks
                .get(n.checked_sub(1)?)
                .map(|b| RowRef::Block(b.id))
        }
    }
}

/// Opens a desk and reads one story, for a command that only reads.
fn read_story(dir: &Path, slug: &str) -> anyhow::Result<(Session, usize)> {
    let mut session = Session::open(dir)?;
    let index = session
        .load(slug)
        .map_err(|e| missing_story(dir, slug, e))?;
    Ok((session, index))
}

/// A story that is not there is named as missing; a broken one with its problem.
fn missing_story(dir: &Path, slug: &str, err: store::StoreError) -> anyhow::Error {
    match err {
        store::StoreError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
            anyhow::anyhow!("the desk {} has no story \"{slug}\"", dir.display())
        }
        err => err.into(),
    }
}

/// Reads a story under its save lock, lets `act` change it as the named person, and saves
/// it; a refusal is printed with its reason and exits 1, and nothing is written.
fn change_story(
    dir: &Path,
    slug: &str,
    name: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
    act: impl FnOnce(&mut Session, usize) -> Result<Said, ActionError>,
) -> anyhow::Result<Outcome> {
    let mut session = Session::open(dir)?;
    session.set_me(Some(name));
    let index = session
        .load_for_change(slug)
        .map_err(|e| missing_story(dir, slug, e))?;
    let said = match act(&mut session, index) {
        Ok(said) => said,
        Err(ActionError::Refused(refusal @ crate::workflow::WorkflowError::OpenItems(_))) => {
            writeln!(
                err,
                "refused: {refusal}\nrun it again with --confirm to go ahead (what is open is recorded)"
            )?;
            return Ok(Outcome::Exit(1));
        }
        Err(ActionError::Refused(refusal)) => {
            writeln!(err, "refused: {refusal}")?;
            return Ok(Outcome::Exit(1));
        }
        Err(ActionError::ReadOnly(why)) => {
            writeln!(err, "refused: {why}")?;
            return Ok(Outcome::Exit(1));
        }
        // A sign-off that could not be signed is refused (exit 1); a missing ssh-keygen
        // means the command could not run (exit 2).
        Err(ActionError::Sign(why)) if !matches!(why, store::signing::SignError::Missing) => {
            writeln!(err, "refused: the sign-off was not made: {why}")?;
            return Ok(Outcome::Exit(1));
        }
        Err(failure) => return Err(failure.into()),
    };
    if !session.save(index) {
        let why = session
            .doc(index)
            .and_then(|d| d.save_error().map(str::to_owned))
            .unwrap_or_else(|| "the story could not be saved".to_owned());
        bail!("{why}");
    }
    // Kept, but only in a conflict copy: not done, and said so.
    if let Some(copy) = session.doc(index).and_then(|d| d.conflict_copy()) {
        writeln!(
            err,
            "refused: {} was saved by someone else meanwhile; your change is kept in {}",
            store::story_path(dir, slug).display(),
            copy.display()
        )?;
        return Ok(Outcome::Exit(1));
    }
    writeln!(out, "{}", said.out)?;
    if let Some(warning) = said.warning {
        writeln!(err, "warning: {warning}")?;
    }
    Ok(Outcome::Exit(0))
}

/// What a command that changed a story says: a line for standard output, and perhaps a
/// warning for standard error.
struct Said {
    out: String,
    warning: Option<String>,
}

impl From<String> for Said {
    fn from(out: String) -> Self {
        Self { out, warning: None }
    }
}

fn stage_command(
    dir: &Path,
    slug: &str,
    name: &str,
    request: &Move,
    key: Option<PathBuf>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    change_story(dir, slug, name, out, err, |session, index| {
        session.set_signing_key(key);
        session.move_stage(index, request, 0.0)?;
        let revisions = session.history(index)?;
        let said = revisions.last().map_or_else(String::new, |r| {
            let mut said = format!("{slug}: {} by {}", r.event, r.by);
            if !r.open_items.is_empty() {
                said.push_str(&format!(
                    " (confirmed despite: {})",
                    r.open_items.join("; ")
                ));
            }
            said
        });
        Ok(said.into())
    })
}

/// `copydesk verify DIR SLUG`.
fn verify_command(
    dir: &Path,
    slug: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let (session, index) = read_story(dir, slug)?;
    let Some(story) = session.doc(index).map(crate::session::StoryDoc::story) else {
        bail!("{slug}: the story could not be read");
    };
    match store::signing::verify_sign_off(story, session.settings())? {
        Ok(verified) => {
            writeln!(
                out,
                "{slug}: verified: signed off by {} at {} with the roster's key {}",
                verified.editor,
                verified.at.format("%Y-%m-%dT%H:%M:%SZ"),
                verified.key
            )?;
            Ok(Outcome::Exit(0))
        }
        Err(failure) => {
            writeln!(err, "{slug}: not verified: {failure}")?;
            Ok(Outcome::Exit(1))
        }
    }
}

fn staff_command(
    action: StaffAction,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let roles = |names: &[String]| -> anyhow::Result<Vec<Role>> {
        names
            .iter()
            .filter(|n| !n.trim().is_empty())
            .map(|n| {
                Role::ALL
                    .into_iter()
                    .find(|r| r.label() == n.trim().to_lowercase())
                    .with_context(|| {
                        format!("\"{n}\" is not a role; use reporter, translator, writer, editor or photographer")
                    })
            })
            .collect()
    };
    let (dir, actor, change) = match action {
        StaffAction::List { dir } => {
            let settings = store::load_settings(&dir)?;
            for member in &settings.staff {
                let names: Vec<&str> = member.roles.iter().map(|r| r.label()).collect();
                // A third field, the SSH key's fingerprint, and a fourth, the email address,
                // for those with either ("-" for the one they lack).
                let key = member
                    .ssh_key
                    .as_deref()
                    .and_then(|k| crate::workflow::signing::PublicKey::parse(k).ok())
                    .map(|k| k.fingerprint());
                let extra = match (key, member.email.as_deref()) {
                    (None, None) => String::new(),
                    (Some(key), None) => format!("\t{key}"),
                    (key, Some(email)) => {
                        format!("\t{}\t{email}", key.as_deref().unwrap_or("-"))
                    }
                };
                writeln!(out, "{}\t{}{extra}", member.name, names.join(","))?;
            }
            return Ok(Outcome::Exit(0));
        }
        StaffAction::Add {
            dir,
            name,
            roles: names,
            actor,
        } => (
            dir,
            actor,
            SettingsChange::AddStaff {
                name,
                roles: roles(&names)?,
            },
        ),
        StaffAction::Remove { dir, name, actor } => {
            (dir, actor, SettingsChange::RemoveStaff { name })
        }
        StaffAction::SetRoles {
            dir,
            name,
            roles: names,
            actor,
        } => (
            dir,
            actor,
            SettingsChange::SetRoles {
                name,
                roles: roles(&names)?,
            },
        ),
        StaffAction::SetKey {
            dir,
            name,
            key,
            file,
            actor,
        } => {
            let key = match file {
                Some(file) => Some(store::signing::read_public_key_file(&file)?),
                None => key,
            };
            (dir, actor, SettingsChange::SetKey { name, key })
        }
        StaffAction::SetEmail {
            dir,
            name,
            email,
            actor,
        } => (dir, actor, SettingsChange::SetEmail { name, email }),
    };
    change_settings(&dir, &actor, &change, out, err)
}

fn change_settings(
    dir: &Path,
    actor: &str,
    change: &SettingsChange,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let mut session = Session::open(dir)?;
    session.set_me(Some(actor));
    match session.change_settings(change) {
        Ok((record, stale)) => {
            if record.old.is_empty() && record.new.is_empty() {
                writeln!(out, "{}", record.what)?;
            } else {
                writeln!(out, "{}: {} -> {}", record.what, record.old, record.new)?;
            }
            for slug in stale {
                writeln!(
                    err,
                    "note: {slug}'s credit line now prints differently, so its sign-off is stale"
                )?;
            }
            Ok(Outcome::Exit(0))
        }
        Err(ActionError::Refused(refusal)) => {
            writeln!(err, "refused: {refusal}")?;
            Ok(Outcome::Exit(1))
        }
        Err(failure) => Err(failure.into()),
    }
}

fn desk_command(
    action: DeskAction,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    match action {
        DeskAction::Show { dir } => {
            let settings = store::load_settings(&dir)?;
            for key in DeskKey::ALL {
                // One line a setting: line breaks in the footer are written as \n.
                let value = key.get(&settings).replace('\n', "\\n");
                writeln!(out, "{}\t{value}", key.key())?;
            }
            for rule in crate::workflow::rules_for(&settings) {
                let roles: Vec<&str> = rule.roles.iter().map(|r| r.label()).collect();
                writeln!(
                    out,
                    "rule.{}.{}\t{}",
                    rule.from.key(),
                    rule.to.key(),
                    roles.join(",")
                )?;
            }
            Ok(Outcome::Exit(0))
        }
        DeskAction::Set {
            dir,
            key,
            value,
            actor,
        } => {
            let change = if let Some(rest) = key.strip_prefix("rule.") {
                let mut parts = rest.splitn(2, '.');
                let (Some(from), Some(to)) = (
                    parts.next().and_then(Stage::from_key),
                    parts.next().and_then(Stage::from_key),
                ) else {
                    bail!(
                        "\"{key}\" is not a stage move; write rule.FROM.TO, for example rule.writing.editing"
                    );
                };
                let roles = value
                    .split(',')
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map(|n| {
                        Role::ALL
                            .into_iter()
                            .find(|r| r.label() == n.to_lowercase())
                            .with_context(|| format!("\"{n}\" is not a role"))
                    })
                    .collect::<anyhow::Result<Vec<Role>>>()?;
                SettingsChange::SetRule { from, to, roles }
            } else {
                let Some(key) = DeskKey::from_key(&key) else {
                    let known: Vec<&str> = DeskKey::ALL.iter().map(|k| k.key()).collect();
                    bail!(
                        "\"{key}\" is not a desk setting; use one of: {}, or rule.FROM.TO",
                        known.join(", ")
                    );
                };
                SettingsChange::Set {
                    key,
                    value: value.replace("\\n", "\n"),
                }
            };
            change_settings(&dir, &actor, &change, out, err)
        }
        DeskAction::History { dir } => {
            let (changes, problems) = store::load_desk_history(&dir)?;
            for change in changes {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}",
                    change.at.format("%Y-%m-%dT%H:%M:%SZ"),
                    change.by,
                    change.what,
                    change.old.replace('\n', "\\n"),
                    change.new.replace('\n', "\\n"),
                )?;
            }
            for problem in &problems {
                writeln!(err, "error: {problem}")?;
            }
            Ok(Outcome::Exit(u8::from(!problems.is_empty())))
        }
    }
}

/// `copydesk zawgyi`: reads lines from `input`.
///
/// # Errors
/// When the input is not UTF-8 (named with its line) or output fails.
pub fn zawgyi_command(
    action: &ZawgyiAction,
    input: &mut dyn std::io::BufRead,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    use crate::script::zawgyi;
    let mut bytes = Vec::new();
    let mut number = 0;
    loop {
        bytes.clear();
        if input
            .read_until(b'\n', &mut bytes)
            .context("cannot read standard input")?
            == 0
        {
            break;
        }
        number += 1;
        let line = std::str::from_utf8(&bytes).map_err(|e| {
            anyhow::anyhow!(
                "standard input, line {number}: not UTF-8 (bad byte at column {}); save the text as UTF-8 first",
                e.valid_up_to() + 1
            )
        })?;
        let line = line.strip_suffix('\n').unwrap_or(line);
        let line = line.strip_suffix('\r').unwrap_or(line);
        match action {
            ZawgyiAction::Detect => {
                if line.trim().is_empty() {
                    continue;
                }
                let found = zawgyi::detect(line);
                writeln!(
                    out,
                    "{}\t{:.2}\t{line}",
                    found.verdict.name(),
                    found.zawgyi_probability
                )?;
            }
            ZawgyiAction::Convert { to_zawgyi, force } => {
                let converted = if *to_zawgyi {
                    zawgyi::to_zawgyi(line)
                } else if !force && zawgyi::detect(line).verdict == zawgyi::Verdict::Unicode {
                    writeln!(
                        err,
                        "line {number}: reads as Unicode already; left unchanged (--force converts it)"
                    )?;
                    Ok(line.to_owned())
                } else {
                    zawgyi::to_unicode(line)
                }
                .with_context(|| format!("standard input, line {number}"))?;
                writeln!(out, "{converted}")?;
            }
        }
    }
    Ok(Outcome::Exit(0))
}

fn list(dir: &Path, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Outcome> {
    let mut session = Session::open(dir)?;
    session.refresh_index()?;
    for summary in session.summaries() {
        writeln!(
            out,
            "{}\t{}\t{}/{}\t{}\t{}\t{}",
            summary.slug,
            summary.stage.label(),
            summary.confirmed,
            summary.total,
            summary.source_units,
            summary.english_words,
            summary.assignee.as_deref().unwrap_or("-"),
        )
        .context("writing to standard output")?;
    }
    let mut broken = false;
    for problem in session.problems() {
        writeln!(err, "error: {problem}")?;
        broken = true;
    }
    Ok(Outcome::Exit(u8::from(broken)))
}

fn export_command(
    dir: &Path,
    slug: &str,
    format: &str,
    output: Option<&Path>,
    draft: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let Some(format) = export::Format::from_key(format) else {
        let known: Vec<&str> = export::Format::ALL.iter().map(|f| f.key()).collect();
        bail!(
            "\"{format}\" is not a format; use one of: {}",
            known.join(", ")
        );
    };
    let (session, index) = read_story(dir, slug)?;
    let Some(doc) = session.doc(index) else {
        bail!("the desk {} has no story \"{slug}\"", dir.display());
    };
    let media = store::DeskMedia {
        root: session.root(),
    };
    let bytes = match export::export(doc.story(), session.settings(), &media, format, draft) {
        Ok(bytes) => bytes,
        Err(refusal @ export::ExportError::NotSignedOff { .. }) => {
            writeln!(err, "refused: {refusal}")?;
            return Ok(Outcome::Exit(1));
        }
        Err(failure) => return Err(failure.into()),
    };
    match output {
        Some(path) => store::write_export(session.root(), path, &bytes)?,
        None if format.is_text() => out.write_all(&bytes)?,
        None => bail!("{} is not text; give a file with -o", format.label()),
    }
    Ok(Outcome::Exit(0))
}

/// Reports a refusal of the desk's rules (exit 1); passes anything else on.
fn refused(err: &mut dyn Write, result: ActionError) -> anyhow::Result<Outcome> {
    match result {
        ActionError::Refused(refusal) => {
            writeln!(err, "refused: {refusal}")?;
            Ok(Outcome::Exit(1))
        }
        ActionError::ReadOnly(why) => {
            writeln!(err, "refused: {why}")?;
            Ok(Outcome::Exit(1))
        }
        failure => Err(failure.into()),
    }
}

#[expect(
    clippy::too_many_arguments,
    reason = "one argument per command-line option"
)]
fn import_command(
    dir: &Path,
    file: &Path,
    actor: &str,
    english: Option<&Path>,
    slug: Option<&str>,
    zawgyi: Option<&str>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let mut session = Session::open(dir)?;
    session.set_me(Some(actor));
    let name = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let bytes = store::read_file(file)?;
    let english_file = match english {
        Some(path) => Some((name(path), store::read_file(path)?)),
        None => None,
    };
    let import::Imported {
        mut story,
        warning,
        plain,
    } = import::story_from_files(
        &name(file),
        &bytes,
        english_file
            .as_ref()
            .map(|(n, b)| (n.as_str(), b.as_slice())),
        slug,
        Utc::now(),
    )?;
    let plan = import::ZawgyiPlan::for_story(&story);
    // Any row in Zawgyi makes the file a Zawgyi file, whatever the rest reads as.
    let found = plan.overall.map(|mut d| {
        if plan.found() {
            d.verdict = crate::script::zawgyi::Verdict::Zawgyi;
        }
        d
    });
    if convert_zawgyi(file, found, zawgyi, err)? {
        plan.apply(&mut story, !plan.found());
    }
    if let Some(warning) = warning {
        writeln!(err, "warning: {warning}")?;
    }
    for note in &plain.notes {
        writeln!(err, "{}: {note}", file.display())?;
    }
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if story.slug.is_empty() {
        bail!("cannot make a slug from \"{stem}\"; give one with --slug");
    }
    let slug = story.slug.clone();
    // The photos are checked only once the person may file: a refusal copies nothing.
    if let Some(actor) = session.actor()
        && let Err(refusal) =
            crate::workflow::file_story(&mut story.clone(), session.settings(), &actor, Utc::now())
    {
        return refused(err, ActionError::Refused(refusal));
    }
    store::import_markdown_photos(dir, file, &mut story, &plain.photos)?;
    if let Err(refusal) = session.add_story(story) {
        return refused(err, refusal);
    }
    writeln!(out, "{slug}")?;
    Ok(Outcome::Exit(0))
}

#[expect(
    clippy::too_many_arguments,
    reason = "one argument per command-line option"
)]
fn import_into(
    dir: &Path,
    file: &Path,
    slug: &str,
    side: &str,
    actor: &str,
    zawgyi: Option<&str>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let bytes = store::read_file(file)?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let paragraphs = import::paragraphs(&name, &bytes)?;
    let mut notes = Vec::new();
    let text = if side == "source" {
        let text: Vec<String> = paragraphs.iter().map(|p| p.text.clone()).collect();
        let mut text = text.join("\n\n");
        let found = crate::script::zawgyi::detect(&text);
        if convert_zawgyi(file, Some(found), zawgyi, &mut notes)? {
            text = crate::script::zawgyi::to_unicode(&text)
                .with_context(|| format!("{}", file.display()))?;
        }
        Some(text)
    } else {
        None
    };
    err.write_all(&notes)?;
    change_story(dir, slug, actor, out, err, |session, index| {
        if let Some(text) = &text {
            let summary = session.refile(index, text, 0.0)?;
            return Ok(format!(
                "{slug}: {} row(s) changed, {} added, {} removed; flagged for the translator",
                summary.changed, summary.added, summary.removed
            )
            .into());
        }
        let Some(story) = session.story(slug) else {
            return Ok(String::new().into());
        };
        let (edit, warning) = import::english_into(story, paragraphs);
        session.apply(index, edit, "import English", None, 0.0)?;
        Ok(Said {
            out: slug.to_owned(),
            warning,
        })
    })
}

fn history(dir: &Path, slug: &str, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let (mut session, index) = read_story(dir, slug)?;
    let revisions = session.history(index)?;
    if revisions
        .first()
        .is_none_or(|r| r.from.is_some() || r.event != "filed")
    {
        writeln!(
            out,
            "-\t-\tfiled\t-\tfiled: unknown (the story predates Copydesk's record of filing)"
        )?;
    }
    for revision in revisions {
        let mut event = revision.event.clone();
        if let Some(note) = &revision.note {
            event.push_str(&format!(" (note: {note})"));
        }
        if !revision.open_items.is_empty() {
            event.push_str(&format!(
                " (confirmed despite: {})",
                revision.open_items.join("; ")
            ));
        }
        if let Some(old) = &revision.old_text {
            event.push_str(&format!(" (was: {old})"));
        }
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}",
            revision.at.format("%Y-%m-%dT%H:%M:%SZ"),
            revision.by,
            revision.stage.key(),
            revision
                .fingerprint
                .get(..16)
                .unwrap_or(&revision.fingerprint),
            event.replace('\n', " "),
        )?;
    }
    // Accepted quality-check findings: who, when, on which row, which check, and why.
    if let Some(story) = session.doc(index).map(crate::session::StoryDoc::story) {
        for accepted in &story.qa_accepted {
            writeln!(
                out,
                "{}\t{}\t{}\t-\taccepted QA finding on {} ({}): {}",
                accepted.at.format("%Y-%m-%dT%H:%M:%SZ"),
                accepted.by,
                story.stage.key(),
                crate::model::row_name(story, accepted.row),
                accepted.check,
                accepted.reason.replace('\n', " ")
            )?;
        }
    }
    Ok(Outcome::Exit(0))
}

/// Whether an imported source that may be Zawgyi is to be converted: refuses a
/// Zawgyi-looking file unless `--zawgyi` says what to do, and never converts text that
/// reads as Unicode, whatever the flag says (a script may pass it for every file).
fn convert_zawgyi(
    file: &Path,
    found: Option<crate::script::zawgyi::Detection>,
    choice: Option<&str>,
    err: &mut dyn Write,
) -> anyhow::Result<bool> {
    use crate::script::zawgyi::Verdict;
    let Some(found) = found else {
        return Ok(false);
    };
    match (found.verdict, choice) {
        (Verdict::Zawgyi, None) => bail!(
            "{}: the source looks like Zawgyi, not Unicode (probability {:.2}); run again with --zawgyi convert to store it as Unicode, or --zawgyi keep if it is Unicode",
            file.display(),
            found.zawgyi_probability
        ),
        (Verdict::Zawgyi, Some("convert")) => {
            writeln!(err, "{}: converted from Zawgyi to Unicode", file.display())?;
            Ok(true)
        }
        (Verdict::Unsure, Some("convert")) => {
            writeln!(
                err,
                "warning: {}: could be Zawgyi or Unicode; converted from Zawgyi as asked",
                file.display()
            )?;
            Ok(true)
        }
        (Verdict::Unicode, Some("convert")) => {
            writeln!(
                err,
                "{}: reads as Unicode already; not converted",
                file.display()
            )?;
            Ok(false)
        }
        _ => Ok(false),
    }
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
