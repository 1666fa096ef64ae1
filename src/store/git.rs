//! Team desks over git: a desk folder that is a git clone is exchanged with its remote by
//! git itself, never by a protocol of Copydesk's own. Everything runs the `git` command
//! (present on every machine a desk runs on; when it is missing the error says how to get
//! it), so credentials are git's own — the SSH agent, credential helpers — and Copydesk
//! never sees or stores a password.
//!
//! - [`clone`] joins a desk: clones it and registers the story merge driver in the clone's
//!   own configuration.
//! - [`commit`] records what is on disk as one commit by the acting person.
//! - [`sync`] commits what is left, fetches, merges and pushes, and when the push is
//!   refused because the remote moved meanwhile, fetches and merges again (a few times).
//!   A fetch or push that fails leaves every local file and commit as it was; a merge git
//!   cannot finish is aborted, so the desk is never left half-merged.
//! - [`status`] says what a sync would do, from what the last fetch saw.
//! - [`record_last_seen`] keeps "last seen editing" in `seen/<person>@<computer>.ron`: each
//!   file is written by one computer only, so it never conflicts.

use std::ffi::OsStr;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::{DESK_FILE, StoreError, to_ron, write_atomically};

/// The folder of "last seen editing" files, one per person and computer.
pub const SEEN_DIR: &str = "seen";
/// How many times a sync fetches and merges again after its push was refused because the
/// remote moved meanwhile.
pub const PUSH_ATTEMPTS: usize = 4;
/// The name the merge driver is registered under (`.gitattributes`: `merge=copydesk`).
pub const MERGE_DRIVER: &str = "copydesk";

/// Why a team operation did not happen. Every message says what to do.
#[derive(Debug, Error)]
pub enum GitError {
    /// No `git` command on this computer.
    #[error(
        "git is not installed on this computer, and team desks are exchanged with git: install it (Debian and Ubuntu: `sudo apt-get install git`; macOS: `xcode-select --install`; Windows: git-scm.com) and try again"
    )]
    Missing,
    /// The desk folder is not a git clone.
    #[error(
        "{} is not a team desk (it is not a git clone): join a desk with `copydesk clone URL DIR` or File > Join team desk…",
        path.display()
    )]
    NotATeamDesk {
        /// The desk folder.
        path: PathBuf,
    },
    /// The cloned repository holds no desk.
    #[error("{url} holds no Copydesk desk (no {DESK_FILE} at its top); {} was removed", path.display())]
    NoDeskInRepository {
        /// Where it was cloned from.
        url: String,
        /// Where it was cloned to.
        path: PathBuf,
    },
    /// The program to register as the story merge driver is not Copydesk: git would run it
    /// and, if it exits 0 without merging, silently keep this machine's version.
    #[error(
        "{} is not Copydesk (it does not answer `--version` as Copydesk does), so git cannot merge stories with it; the merge driver was left as it was",
        program.display()
    )]
    NotCopydesk {
        /// The program.
        program: PathBuf,
    },
    /// The folder to clone into is not empty.
    #[error("{} already exists and is not empty: choose a new folder to join the desk into", path.display())]
    TargetNotEmpty {
        /// The folder.
        path: PathBuf,
    },
    /// git ran and refused.
    #[error("git {action} failed in {}: {message}", path.display())]
    Failed {
        /// What was asked of git, in words.
        action: String,
        /// The folder it ran in.
        path: PathBuf,
        /// What git said (its last lines).
        message: String,
    },
    /// The remote could not be reached: nothing changed here.
    #[error(
        "the desk's remote could not be reached ({message}); nothing was changed here: your work is committed locally and will be sent at the next sync"
    )]
    Unreachable {
        /// What git said.
        message: String,
    },
    /// Someone else's changes touch the same files in a way no merge settles.
    #[error(
        "your changes and the remote's could not be merged ({}); the merge was undone and nothing was changed here: ask the desk administrator to merge by hand",
        paths.join(", ")
    )]
    MergeConflict {
        /// The files git could not merge.
        paths: Vec<String>,
    },
    /// The remote kept moving.
    #[error(
        "the remote kept changing while sending ({PUSH_ATTEMPTS} tries); your work is merged and committed here: sync again in a moment"
    )]
    KeptMoving,
    /// Writing a file of the desk failed.
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// Who a commit is by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Author {
    /// The name, from the desk's roster.
    pub name: String,
    /// The address: the desk roster's for the person, else the machine's git `user.email`,
    /// else one made from the name and computer.
    pub email: String,
}

impl Author {
    /// The person named `name` working on the desk in `root`: their email is the one the
    /// desk's roster gives them, else git's `user.email` for that folder (the machine's
    /// owner, who is usually the person working), else a made-up local address (git needs
    /// one; it is never mailed).
    #[must_use]
    pub fn for_person(root: &Path, name: &str) -> Self {
        let rostered = super::load_settings(root).ok().and_then(|settings| {
            settings
                .staff_member(name)
                .and_then(|m| m.email.clone())
                // A hand-edited roster cannot put a broken address into a commit.
                .filter(|e| crate::workflow::check_email(e).is_ok())
        });
        let email = rostered.or_else(|| machine_email(root)).unwrap_or_else(|| {
            let user: String = name
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_lowercase()
                    } else {
                        '.'
                    }
                })
                .collect();
            let user = user.trim_matches('.');
            let user = if user.is_empty() { "copydesk" } else { user };
            format!("{user}@{}.invalid", super::this_host())
        });
        Self {
            name: name.to_owned(),
            email,
        }
    }

    fn env(&self) -> [(&'static str, &str); 4] {
        [
            ("GIT_AUTHOR_NAME", &self.name),
            ("GIT_AUTHOR_EMAIL", &self.email),
            ("GIT_COMMITTER_NAME", &self.name),
            ("GIT_COMMITTER_EMAIL", &self.email),
        ]
    }
}

/// Git's `user.email` for the folder `root`, when set.
fn machine_email(root: &Path) -> Option<String> {
    git(root, ["config", "user.email"])
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .filter(|e| !e.is_empty())
}

fn command(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .stdin(Stdio::null())
        // Never wait for a password on a terminal the window does not have: git's own
        // credential helpers and the SSH agent answer, or the operation fails and says so.
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("LC_ALL", "C")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE");
    cmd
}

fn spawn(mut cmd: Command) -> Result<Output, GitError> {
    cmd.output().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            GitError::Missing
        } else {
            GitError::Failed {
                action: "start".to_owned(),
                path: PathBuf::new(),
                message: e.to_string(),
            }
        }
    })
}

fn git<I, S>(dir: &Path, args: I) -> Result<Output, GitError>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut cmd = command(dir);
    cmd.args(args);
    spawn(cmd)
}

/// The last few lines git wrote, for a message.
fn said(output: &Output) -> String {
    let text = String::from_utf8_lossy(&output.stderr);
    let text = if text.trim().is_empty() {
        String::from_utf8_lossy(&output.stdout)
    } else {
        text
    };
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let start = lines.len().saturating_sub(3);
    lines[start..].join(" / ")
}

/// Runs git in `dir` and fails, saying `action`, unless it succeeds.
fn checked<I, S>(dir: &Path, action: &str, args: I) -> Result<Output, GitError>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let output = git(dir, args)?;
    if output.status.success() {
        Ok(output)
    } else {
        Err(GitError::Failed {
            action: action.to_owned(),
            path: dir.to_owned(),
            message: said(&output),
        })
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// git's version line, or [`GitError::Missing`].
pub fn version() -> Result<String, GitError> {
    let output = checked(Path::new("."), "--version", ["--version"])?;
    Ok(stdout(&output))
}

/// Whether `root` is the top of a git clone (a team desk).
#[must_use]
pub fn is_team_desk(root: &Path) -> bool {
    git(root, ["rev-parse", "--show-toplevel"])
        .ok()
        .filter(|o| o.status.success())
        .is_some_and(|o| {
            let top = PathBuf::from(stdout(&o));
            match (top.canonicalize(), root.canonicalize()) {
                (Ok(a), Ok(b)) => a == b,
                _ => false,
            }
        })
}

fn require_team_desk(root: &Path) -> Result<(), GitError> {
    if is_team_desk(root) {
        Ok(())
    } else {
        // Tell a missing git apart from a folder that is no clone.
        version()?;
        Err(GitError::NotATeamDesk {
            path: root.to_owned(),
        })
    }
}

/// Quotes a path for the shell git runs a merge driver with.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// Registers the story merge driver in the clone's own configuration (`.git/config`, never
/// the person's global one): `merge.copydesk.driver = "<copydesk> merge-driver %O %A %B"`,
/// with `copydesk` the program given (the running one). Written by clone and by every sync,
/// so a desk keeps merging with whichever Copydesk last synced it.
pub fn register_merge_driver(root: &Path, copydesk: &Path) -> Result<(), GitError> {
    check_copydesk(copydesk)?;
    let driver = format!(
        "{} merge-driver %O %A %B",
        shell_quote(&copydesk.to_string_lossy())
    );
    checked(
        root,
        "config",
        ["config", "merge.copydesk.name", "Copydesk story merge"],
    )?;
    checked(
        root,
        "config",
        ["config", "merge.copydesk.driver", driver.as_str()],
    )?;
    Ok(())
}

/// That `program` is Copydesk (it answers `--version` as Copydesk does): a driver that is
/// not would be trusted blindly by git.
fn check_copydesk(program: &Path) -> Result<(), GitError> {
    let answers = Command::new(program)
        .arg("--version")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .is_ok_and(|o| o.status.success() && o.stdout.starts_with(b"copydesk "));
    if answers {
        Ok(())
    } else {
        Err(GitError::NotCopydesk {
            program: program.to_owned(),
        })
    }
}

/// Joins a desk: clones `url` (a bare repository on a server, a folder, any remote git
/// can reach) into `dir`, checks that it holds a desk, and registers the merge driver.
/// A clone that holds no desk is removed again.
pub fn clone(url: &str, dir: &Path, copydesk: &Path) -> Result<(), GitError> {
    version()?;
    // Before cloning, so a clone is never left behind without its driver.
    check_copydesk(copydesk)?;
    if dir.exists()
        && std::fs::read_dir(dir)
            .map_err(|source| StoreError::Io {
                path: dir.to_owned(),
                source,
            })?
            .next()
            .is_some()
    {
        return Err(GitError::TargetNotEmpty {
            path: dir.to_owned(),
        });
    }
    // Run where Copydesk runs, so a relative URL or folder means what the person typed.
    let mut cmd = command(Path::new("."));
    cmd.args(["clone", "--quiet", "--", url]).arg(dir);
    let output = spawn(cmd)?;
    if !output.status.success() {
        return Err(GitError::Failed {
            action: format!("clone of {url}"),
            path: dir.to_owned(),
            message: said(&output),
        });
    }
    if !dir.join(DESK_FILE).is_file() {
        remove_fresh_clone(dir);
        return Err(GitError::NoDeskInRepository {
            url: url.to_owned(),
            path: dir.to_owned(),
        });
    }
    register_merge_driver(dir, copydesk)?;
    Ok(())
}

/// Removes a clone made a moment ago into a folder that was new or empty, which turned
/// out to hold no desk: nothing in it is anyone's work.
#[expect(
    clippy::disallowed_methods,
    reason = "only the clone just made in a new or empty folder, never a desk"
)]
fn remove_fresh_clone(dir: &Path) {
    if let Err(err) = std::fs::remove_dir_all(dir) {
        log::warn!(
            "{}: the clone holding no desk was not removed: {err}",
            dir.display()
        );
    }
}

/// Records everything changed in the desk (outside what `.gitignore` keeps out) as one
/// commit by `author`. Returns whether there was anything to commit. A desk that is not a
/// git clone is left alone (`Ok(false)`), so a desk on a shared folder works as before.
pub fn commit(root: &Path, author: &Author, message: &str) -> Result<bool, GitError> {
    if !is_team_desk(root) {
        return Ok(false);
    }
    commit_in_clone(root, author, message)
}

fn commit_in_clone(root: &Path, author: &Author, message: &str) -> Result<bool, GitError> {
    commit_paths(root, author, message, &["."])
}

/// [`commit_in_clone`] of what changed under `paths` only (each must exist).
fn commit_paths(
    root: &Path,
    author: &Author,
    message: &str,
    paths: &[&str],
) -> Result<bool, GitError> {
    let mut add = vec!["add", "--all", "--"];
    add.extend_from_slice(paths);
    checked(root, "add", add)?;
    let staged = git(root, ["diff", "--cached", "--quiet"])?;
    if staged.status.success() {
        return Ok(false);
    }
    let mut cmd = command(root);
    cmd.args([
        "commit",
        "--quiet",
        "--no-verify",
        "--no-gpg-sign",
        "-m",
        message,
    ])
    .envs(author.env());
    let output = spawn(cmd)?;
    if !output.status.success() {
        return Err(GitError::Failed {
            action: "commit".to_owned(),
            path: root.to_owned(),
            message: said(&output),
        });
    }
    Ok(true)
}

/// What a sync would do, from what the last fetch saw.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncState {
    /// Commits here the remote does not have yet.
    pub to_send: usize,
    /// Commits on the remote (as last fetched) not merged here yet.
    pub to_receive: usize,
    /// Files changed here and not yet committed (an editing session still open).
    pub uncommitted: usize,
    /// Files git left unmerged (only after a merge by hand on the command line).
    pub conflicts: usize,
    /// Whether the clone has a remote branch to exchange with.
    pub has_upstream: bool,
}

impl SyncState {
    /// In words, for the status bar and `copydesk sync --status`.
    #[must_use]
    pub fn describe(&self) -> String {
        if self.conflicts > 0 {
            return format!("{} files in conflict", self.conflicts);
        }
        let mut parts = Vec::new();
        let send = self.to_send + usize::from(self.uncommitted > 0);
        if send > 0 {
            parts.push(format!("{send} {} to send", plural(send, "change")));
        }
        if self.to_receive > 0 {
            parts.push(format!(
                "{} {} to receive",
                self.to_receive,
                plural(self.to_receive, "change")
            ));
        }
        if !self.has_upstream {
            parts.push("no remote branch yet".to_owned());
        }
        if parts.is_empty() {
            "up to date".to_owned()
        } else {
            parts.join(", ")
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_owned()
    } else {
        format!("{word}s")
    }
}

/// The clone's state against its remote branch as last fetched (no network).
pub fn status(root: &Path) -> Result<SyncState, GitError> {
    require_team_desk(root)?;
    let mut state = SyncState::default();
    let porcelain = checked(
        root,
        "status",
        ["status", "--porcelain", "--untracked-files=all"],
    )?;
    for line in String::from_utf8_lossy(&porcelain.stdout).lines() {
        let code = line.get(..2).unwrap_or("");
        if matches!(code, "UU" | "AA" | "DD" | "AU" | "UA" | "DU" | "UD") {
            state.conflicts += 1;
        } else if !line.trim().is_empty() {
            state.uncommitted += 1;
        }
    }
    let counts = git(
        root,
        ["rev-list", "--left-right", "--count", "HEAD...@{upstream}"],
    )?;
    if counts.status.success() {
        state.has_upstream = true;
        let text = stdout(&counts);
        let mut numbers = text.split_whitespace().map(str::parse::<usize>);
        state.to_send = numbers.next().and_then(Result::ok).unwrap_or(0);
        state.to_receive = numbers.next().and_then(Result::ok).unwrap_or(0);
    } else {
        // No upstream yet (a desk pushed for the first time): every commit is to send.
        state.to_send = git(root, ["rev-list", "--count", "HEAD"])
            .ok()
            .filter(|o| o.status.success())
            .and_then(|o| stdout(&o).parse().ok())
            .unwrap_or(0);
    }
    Ok(state)
}

/// A step of a sync, for a progress display.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncStep {
    /// Committing work not yet committed.
    Committing,
    /// Fetching from the remote (the attempt, from 1).
    Fetching(usize),
    /// Merging what was fetched.
    Merging,
    /// Sending to the remote.
    Pushing,
}

impl SyncStep {
    /// In words.
    #[must_use]
    pub fn label(self) -> String {
        match self {
            Self::Committing => "committing your work…".to_owned(),
            Self::Fetching(1) => "receiving…".to_owned(),
            Self::Fetching(n) => format!("receiving again (the remote moved; try {n})…"),
            Self::Merging => "merging…".to_owned(),
            Self::Pushing => "sending…".to_owned(),
        }
    }
}

/// What a sync did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Whether work left uncommitted was committed first.
    pub committed: bool,
    /// Commits received from the remote and merged.
    pub received: usize,
    /// Commits sent to the remote.
    pub sent: usize,
    /// How many times the push was refused because the remote had moved.
    pub retries: usize,
    /// Files the merge changed here (relative to the desk), so a window reloads them.
    pub changed: Vec<String>,
}

impl SyncReport {
    /// The story slugs among the changed files.
    #[must_use]
    pub fn changed_stories(&self) -> Vec<String> {
        let mut slugs: Vec<String> = self
            .changed
            .iter()
            .filter_map(|p| {
                p.strip_prefix("stories/")
                    .or_else(|| p.strip_prefix("history/"))
                    .map(|rest| {
                        rest.split('/')
                            .next()
                            .unwrap_or(rest)
                            .trim_end_matches(".ron")
                            .to_owned()
                    })
            })
            .collect();
        slugs.sort();
        slugs.dedup();
        slugs
    }

    /// In words.
    #[must_use]
    pub fn describe(&self) -> String {
        let mut text = format!(
            "synced: {} {} received, {} sent",
            self.received,
            plural(self.received, "commit"),
            self.sent
        );
        if self.retries > 0 {
            let _ = write!(
                text,
                " (the remote moved {} {}; merged again)",
                self.retries,
                plural(self.retries, "time")
            );
        }
        text
    }
}

fn head(root: &Path) -> Result<String, GitError> {
    Ok(stdout(&checked(root, "rev-parse", ["rev-parse", "HEAD"])?))
}

fn upstream(root: &Path) -> Option<String> {
    git(
        root,
        [
            "rev-parse",
            "--abbrev-ref",
            "--symbolic-full-name",
            "@{upstream}",
        ],
    )
    .ok()
    .filter(|o| o.status.success())
    .map(|o| stdout(&o))
}

fn count(root: &Path, range: &str) -> usize {
    git(root, ["rev-list", "--count", range])
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| stdout(&o).parse().ok())
        .unwrap_or(0)
}

/// Fetches from the clone's remote; a failure means nothing changed here.
fn fetch(root: &Path) -> Result<(), GitError> {
    let output = git(root, ["fetch", "--quiet", "--no-tags", "origin"])?;
    if output.status.success() {
        Ok(())
    } else {
        Err(GitError::Unreachable {
            message: said(&output),
        })
    }
}

/// Merges the fetched remote branch; a merge git cannot finish is undone.
fn merge(root: &Path, author: &Author, upstream: &str) -> Result<(), GitError> {
    let mut cmd = command(root);
    cmd.args([
        "merge",
        "--quiet",
        "--no-edit",
        "--no-verify",
        "--no-gpg-sign",
        upstream,
    ])
    .envs(author.env());
    let output = spawn(cmd)?;
    if output.status.success() {
        return Ok(());
    }
    let unmerged = git(root, ["diff", "--name-only", "--diff-filter=U"])?;
    let paths: Vec<String> = stdout(&unmerged).lines().map(str::to_owned).collect();
    // Leave the desk exactly as it was before the merge.
    let _ = git(root, ["merge", "--abort"]);
    if paths.is_empty() {
        Err(GitError::Failed {
            action: format!("merge of {upstream}"),
            path: root.to_owned(),
            message: said(&output),
        })
    } else {
        Err(GitError::MergeConflict { paths })
    }
}

/// Pushes HEAD to the remote branch (setting it up the first time); git's words when it
/// did not.
fn push(root: &Path, upstream: Option<&str>) -> Result<Option<String>, GitError> {
    let output = match upstream.and_then(|u| u.split_once('/')) {
        Some((remote, branch)) => git(
            root,
            [
                "push",
                "--quiet",
                remote,
                &format!("HEAD:refs/heads/{branch}"),
            ],
        )?,
        None => git(
            root,
            ["push", "--quiet", "--set-upstream", "origin", "HEAD"],
        )?,
    };
    Ok((!output.status.success()).then(|| said(&output)))
}

/// Syncs a team desk with its remote as `author`: commits work not yet committed, fetches,
/// merges what arrived (stories through the registered merge driver), and pushes; when the
/// push is refused because the remote moved meanwhile, fetches and merges again, up to
/// [`PUSH_ATTEMPTS`] times. `progress` hears each step. A network failure leaves every file
/// and commit here as it was.
pub fn sync(
    root: &Path,
    author: &Author,
    copydesk: &Path,
    progress: &mut dyn FnMut(SyncStep),
) -> Result<SyncReport, GitError> {
    require_team_desk(root)?;
    register_merge_driver(root, copydesk)?;
    let mut report = SyncReport::default();
    progress(SyncStep::Committing);
    report.committed = commit_in_clone(root, author, &format!("Work by {} (synced)", author.name))?;
    let start = head(root)?;
    for attempt in 1..=PUSH_ATTEMPTS {
        progress(SyncStep::Fetching(attempt));
        fetch(root)?;
        let tracking = upstream(root);
        if let Some(upstream) = &tracking {
            let incoming = count(root, &format!("HEAD..{upstream}"));
            if incoming > 0 {
                progress(SyncStep::Merging);
                let before = head(root)?;
                merge(root, author, upstream)?;
                report.received += incoming;
                // The other version of a story the merge left to choose, kept in its
                // history by the merge driver, goes with this sync. Only the merged stories'
                // history folders are looked at: a look at the whole desk costs a fifth of
                // a second on 5,000 stories.
                let merged = changed_files(root, &before, &head(root)?)?;
                let folders: Vec<String> = merged
                    .iter()
                    .filter_map(|path| path.strip_prefix("stories/")?.strip_suffix(".ron"))
                    .map(|slug| format!("history/{slug}"))
                    .filter(|folder| root.join(folder).is_dir())
                    .collect();
                if !folders.is_empty() {
                    let folders: Vec<&str> = folders.iter().map(String::as_str).collect();
                    report.committed |= commit_paths(
                        root,
                        author,
                        "Their versions kept in the history by the merge",
                        &folders,
                    )?;
                }
            }
        }
        let outgoing = match &tracking {
            Some(upstream) => count(root, &format!("{upstream}..HEAD")),
            None => count(root, "HEAD"),
        };
        if outgoing == 0 {
            break;
        }
        progress(SyncStep::Pushing);
        let Some(refused) = push(root, tracking.as_deref())? else {
            report.sent = outgoing;
            break;
        };
        // Refused: either the remote moved since the fetch (then fetch, merge and send
        // again) or it cannot be reached or written at all (then say so; nothing changed).
        fetch(root)?;
        let moved = upstream(root).is_some_and(|u| count(root, &format!("HEAD..{u}")) > 0);
        if !moved {
            return Err(GitError::Unreachable { message: refused });
        }
        if attempt == PUSH_ATTEMPTS {
            return Err(GitError::KeptMoving);
        }
        report.retries += 1;
    }
    let end = head(root)?;
    if end != start {
        report.changed = changed_files(root, &start, &end)?;
    }
    Ok(report)
}

/// The files that differ between two commits.
fn changed_files(root: &Path, from: &str, to: &str) -> Result<Vec<String>, GitError> {
    if from == to {
        return Ok(Vec::new());
    }
    let diff = checked(
        root,
        "diff",
        ["diff", "--name-only", &format!("{from}..{to}")],
    )?;
    Ok(stdout(&diff).lines().map(str::to_owned).collect())
}

/// "Last seen editing": who worked on which story, when, on which computer. Kept in
/// `seen/`, one file per person and computer, written only by that computer, so two
/// machines never change the same file and it never conflicts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastSeen {
    /// The file's format.
    pub format_version: u32,
    /// Who, as named on the desk.
    pub name: String,
    /// The computer.
    pub host: String,
    /// The story last opened for editing.
    pub slug: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// The file name of a person's "last seen" on this computer: readable, and safe in any
/// file system (anything but ASCII letters, digits and `-` becomes `-`, with a short hash of
/// the exact name and computer so two names never share a file).
#[must_use]
pub fn last_seen_path(root: &Path, name: &str, host: &str) -> PathBuf {
    let readable: String = format!("{name}@{host}")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '@' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .take(60)
        .collect();
    // FNV-1a: the same on every computer and Rust version, unlike the standard hasher.
    let hash = format!("{name}\u{0}{host}")
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    let hash = format!("{:08x}", hash & 0xffff_ffff);
    root.join(SEEN_DIR).join(format!("{readable}-{hash}.ron"))
}

/// Records that `name` is editing `slug` on this computer now (in the desk folder; the next
/// commit carries it to colleagues).
pub fn record_last_seen(root: &Path, name: &str, slug: &str) -> Result<(), StoreError> {
    let host = super::this_host();
    let seen = LastSeen {
        format_version: 1,
        name: name.to_owned(),
        host: host.clone(),
        slug: slug.to_owned(),
        at: Utc::now(),
    };
    let path = last_seen_path(root, name, &host);
    let dir = root.join(SEEN_DIR);
    std::fs::create_dir_all(&dir).map_err(|source| StoreError::Io { path: dir, source })?;
    write_atomically(&path, to_ron(&path, &seen)?.as_bytes())
}

/// Everyone's "last seen editing" for a story, newest first (unreadable files are skipped;
/// at most 1,000 files of 64 KB are read).
#[must_use]
pub fn last_seen_on(root: &Path, slug: &str) -> Vec<LastSeen> {
    let Ok(entries) = std::fs::read_dir(root.join(SEEN_DIR)) else {
        return Vec::new();
    };
    let mut seen: Vec<LastSeen> = entries
        .flatten()
        .take(1000)
        .filter_map(|entry| {
            let bytes = super::read_regular(&entry.path()).ok()?;
            if bytes.len() > 64 * 1024 {
                return None;
            }
            ron::from_str::<LastSeen>(std::str::from_utf8(&bytes).ok()?).ok()
        })
        .filter(|s| s.slug == slug)
        .collect();
    seen.sort_by_key(|s| std::cmp::Reverse(s.at));
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_with_a_quote_is_quoted_for_the_shell() {
        assert_eq!(
            shell_quote("/opt/it's/copydesk"),
            r"'/opt/it'\''s/copydesk'"
        );
    }

    #[test]
    fn the_state_reads_as_a_person_would_say_it() {
        let state = SyncState {
            to_send: 2,
            to_receive: 1,
            has_upstream: true,
            ..SyncState::default()
        };
        assert_eq!(state.describe(), "2 changes to send, 1 change to receive");
        let clean = SyncState {
            has_upstream: true,
            ..SyncState::default()
        };
        assert_eq!(clean.describe(), "up to date");
        let editing = SyncState {
            uncommitted: 7,
            has_upstream: true,
            ..SyncState::default()
        };
        assert_eq!(editing.describe(), "1 change to send");
    }

    #[test]
    fn changed_files_name_their_stories_once() {
        let report = SyncReport {
            changed: vec![
                "stories/kani-flood.ron".to_owned(),
                "history/kani-flood/20261202T0800-ab.ron".to_owned(),
                "desk.ron".to_owned(),
                "stories/yangon.ron".to_owned(),
            ],
            ..SyncReport::default()
        };
        assert_eq!(report.changed_stories(), ["kani-flood", "yangon"]);
    }

    #[test]
    fn two_people_on_one_computer_never_share_a_last_seen_file() {
        let root = Path::new("/desk");
        let a = last_seen_path(root, "Aye Aye", "box");
        let b = last_seen_path(root, "Aye-Aye", "box");
        assert_ne!(a, b);
        assert!(a.starts_with("/desk/seen"));
        let name = a.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        assert!(name.starts_with("aye-aye@box-"), "{name}");
    }
}
