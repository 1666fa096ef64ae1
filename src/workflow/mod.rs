//! The editorial workflow: who may do what to a story at each stage, stage moves and
//! sign-off, revisions and their differences, re-filed sources, comments and the desk's
//! settings. Pure: no I/O, no UI. The window and the command line both call these
//! functions, so a rule holds the same in both.
//!
//! A person acts as an [`Actor`], made only by [`Actor::on_desk`] from the desk's roster:
//! nobody has a role the roster does not give them. Functions that change a story return
//! the [`Revision`] they record; the caller stores it beside the story (see `store`).

mod comments;
mod diff;
mod fingerprint;
mod refile;
mod rights;
mod settings;
pub mod signing;

pub use comments::{
    CommentAction, check_comment_change, delete_comment, edit_comment, new_thread, reply, resolve,
};
pub use diff::{DiffPart, DiffSpan, diff_content, diff_text};
pub use fingerprint::{legacy_fingerprint, public_fingerprint};
pub use refile::{RefileSummary, refile_source};
pub use rights::{Rights, check_edit, fix_source, may, rights, stage_owners};
pub use settings::{DeskKey, SettingsChange, change_settings, check_email};

use chrono::{DateTime, Utc};
use thiserror::Error;

pub use crate::model::StageRule;
use crate::model::{
    Assignment, Correction, DeskSettings, Revision, Role, SentBackTo, SignOff, Stage, StageNote,
    Story,
};

/// The rules a desk works by: its own, or the defaults.
#[must_use]
pub fn rules_for(settings: &DeskSettings) -> Vec<StageRule> {
    settings.stage_rules.clone().unwrap_or_else(default_rules)
}

/// The default rules: each stage hands on to the next by the person whose work it was (or an
/// editor); only an editor sends back, approves, publishes, kills or reopens.
#[must_use]
pub fn default_rules() -> Vec<StageRule> {
    use Role::{Editor, Reporter, Translator, Writer};
    use Stage::{Approved, Editing, Filed, Killed, Published, Translating, Writing};
    let back_to_writing = Stage::SentBack {
        to: SentBackTo::Writing,
    };
    let back_to_translating = Stage::SentBack {
        to: SentBackTo::Translating,
    };
    let rule = |from, to, roles: &[Role]| StageRule {
        from,
        to,
        roles: roles.to_vec(),
    };
    let mut rules = vec![
        rule(Filed, Translating, &[Reporter, Translator, Editor]),
        rule(Translating, Writing, &[Translator, Editor]),
        rule(Writing, Editing, &[Writer, Editor]),
        rule(Editing, back_to_writing, &[Editor]),
        rule(Editing, back_to_translating, &[Editor]),
        rule(back_to_writing, Editing, &[Writer, Editor]),
        rule(back_to_translating, Writing, &[Translator, Editor]),
        rule(Editing, Approved, &[Editor]),
        rule(Approved, Published, &[Editor]),
        rule(Approved, Editing, &[Editor]),
        rule(Published, Editing, &[Editor]),
        rule(Killed, Filed, &[Editor]),
    ];
    for from in [
        Filed,
        Translating,
        Writing,
        Editing,
        back_to_writing,
        back_to_translating,
        Approved,
    ] {
        rules.push(rule(from, Killed, &[Editor]));
    }
    rules
}

/// Why something was refused, in words for the person who tried.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum WorkflowError {
    /// No rule leads from here to there.
    #[error("a story in {from} cannot go to {to}; from here it can go to {allowed}")]
    NoSuchMove {
        /// Where the story is.
        from: &'static str,
        /// Where it was asked to go.
        to: &'static str,
        /// Where it can go.
        allowed: String,
    },
    /// The person lacks a role the move needs.
    #[error("moving a story from {from} to {to} needs the role of {needed}; {who} is {has}")]
    NotAllowed {
        /// Where the story is.
        from: &'static str,
        /// Where it was asked to go.
        to: &'static str,
        /// Who tried.
        who: String,
        /// The roles that may.
        needed: String,
        /// The roles the person has.
        has: String,
    },
    /// Sending back or reopening without saying why.
    #[error("{0}")]
    NoteRequired(&'static str),
    /// Publishing what nobody signed off, or what changed since.
    #[error("{0}")]
    SignOffNeeded(String),
    /// A person with no name cannot be recorded.
    #[error("say who you are first: the history records a name with every change")]
    NoIdentity,
    /// Someone the desk's roster does not know.
    #[error(
        "{who} is not on the roster of this desk, so can read and comment but not change stories; an editor adds people in Desk > Settings"
    )]
    NotOnRoster {
        /// Who tried.
        who: String,
    },
    /// Signed-off, published or killed copy is locked.
    #[error("{stage} copy is locked; an editor reopens it first")]
    Locked {
        /// The stage.
        stage: &'static str,
    },
    /// Typing in the source after filing.
    #[error(
        "the source is the reporter's and cannot be typed over after filing; a reporter or editor can fix a row with Row… > Edit source…, or re-file it"
    )]
    SourceProtected,
    /// A change the person's roles do not allow at this stage.
    #[error("{who} may not {what} while the story is {stage}; that is for {allowed}")]
    NotPermitted {
        /// Who tried.
        who: String,
        /// The change, in words.
        what: &'static str,
        /// The stage.
        stage: &'static str,
        /// Who may, in words.
        allowed: String,
    },
    /// An editor signing off their own translation or writing on a four-eyes desk.
    #[error(
        "four eyes: {who} is credited as this story's {role}, so another editor must sign it off"
    )]
    FourEyes {
        /// The editor.
        who: String,
        /// The role they are credited in.
        role: &'static str,
    },
    /// Handing on or signing off with work still open, without saying to go ahead.
    #[error("still open: {}; go ahead anyway, or go back and finish", .0.join("; "))]
    OpenItems(Vec<String>),
    /// Changing or removing someone else's comment.
    #[error("{0}")]
    Comment(String),
    /// A row that is no longer in the story.
    #[error("that row is no longer in the story")]
    NoSuchRow,
    /// A person named for something (an assignment) whom the roster does not know.
    #[error("{who} is not on the roster of this desk")]
    UnknownPerson {
        /// The name given.
        who: String,
    },
    /// Someone not an editor changing the desk's settings.
    #[error("only an editor of this desk changes its settings; {who} is {has}")]
    NotEditor {
        /// Who tried.
        who: String,
        /// The roles they have.
        has: String,
    },
    /// A change to the desk's settings that is not allowed or makes no sense.
    #[error("{0}")]
    Settings(String),
    /// A change to the glossary the person may not make.
    #[error("{0}")]
    Glossary(String),
}

/// Whether a person may import, remove or re-weigh the desk's translation memories: like
/// the desk's settings, editors only.
pub fn check_memory_change(actor: &Actor) -> Result<(), WorkflowError> {
    if actor.name.is_empty() {
        return Err(WorkflowError::NoIdentity);
    }
    if !actor.has(Role::Editor) {
        return Err(WorkflowError::NotEditor {
            who: actor.name.clone(),
            has: actor.roles_text(),
        });
    }
    Ok(())
}

/// A change to the desk's glossary or word list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GlossaryChange {
    /// Adding one term or one word (from a selection, or "Add to desk word list").
    Add,
    /// Importing a file of terms, which may change many at once.
    Import,
}

/// Whether a person may change the desk's glossary: translators, writers and editors on the
/// roster add terms and words as they meet them (a name is settled where it is first
/// translated); importing a file, which can change many terms at once, is for editors, like
/// the desk's memories and settings. Reporters read the glossary.
pub fn check_glossary_change(actor: &Actor, change: GlossaryChange) -> Result<(), WorkflowError> {
    if actor.name.is_empty() {
        return Err(WorkflowError::NoIdentity);
    }
    if !actor.on_roster() {
        return Err(WorkflowError::NotOnRoster {
            who: actor.name.clone(),
        });
    }
    let allowed = match change {
        GlossaryChange::Add => {
            actor.has(Role::Translator) || actor.has(Role::Writer) || actor.has(Role::Editor)
        }
        GlossaryChange::Import => actor.has(Role::Editor),
    };
    if allowed {
        Ok(())
    } else {
        Err(WorkflowError::Glossary(format!(
            "{} may not {} the desk's glossary; that is for {}; {} is {}",
            actor.name,
            if change == GlossaryChange::Add {
                "add to"
            } else {
                "import into"
            },
            if change == GlossaryChange::Add {
                "translators, writers and editors"
            } else {
                "editors"
            },
            actor.name,
            actor.roles_text()
        )))
    }
}

/// Someone acting on a desk: their name, and the roles the desk's roster gives them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    /// The name recorded in history.
    pub name: String,
    roles: Vec<Role>,
    on_roster: bool,
}

impl Actor {
    /// The person of that name on this desk: with the roster's roles when the roster knows
    /// them (ignoring case), else with none (they can read and comment). The only way to
    /// make an actor, so nobody holds a role the roster does not give them.
    #[must_use]
    pub fn on_desk(settings: &DeskSettings, name: &str) -> Self {
        match settings.staff_member(name) {
            Some(member) => Self {
                name: member.name.clone(),
                roles: member.roles.clone(),
                on_roster: true,
            },
            None => Self {
                name: name.trim().to_owned(),
                roles: Vec::new(),
                on_roster: false,
            },
        }
    }

    /// The roles the roster gives this person.
    #[must_use]
    pub fn roles(&self) -> &[Role] {
        &self.roles
    }

    /// Whether the person holds a role.
    #[must_use]
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Whether the desk's roster knows this person.
    #[must_use]
    pub fn on_roster(&self) -> bool {
        self.on_roster
    }

    /// An actor with the given roles, for the workflow's own tests.
    #[cfg(test)]
    pub(crate) fn with_roles(name: &str, roles: &[Role]) -> Self {
        Self {
            name: name.to_owned(),
            roles: roles.to_vec(),
            on_roster: true,
        }
    }

    pub(crate) fn roles_text(&self) -> String {
        if !self.on_roster {
            "not on the roster".to_owned()
        } else if self.roles.is_empty() {
            "on no role".to_owned()
        } else {
            let names: Vec<&str> = self.roles.iter().map(|r| r.label()).collect();
            format!("a {}", names.join(" and a "))
        }
    }
}

/// The stages a story in `from` may move to under `rules`, whoever moves it.
#[must_use]
pub fn next_stages(rules: &[StageRule], from: Stage) -> Vec<Stage> {
    rules
        .iter()
        .filter(|r| r.from == from)
        .map(|r| r.to)
        .collect()
}

/// Checks a move against the rule table alone; `Ok` when `actor`'s roles may move a story
/// from `from` to `to`.
pub fn check_move(
    rules: &[StageRule],
    actor: &Actor,
    from: Stage,
    to: Stage,
) -> Result<(), WorkflowError> {
    if actor.name.is_empty() {
        return Err(WorkflowError::NoIdentity);
    }
    let Some(rule) = rules.iter().find(|r| r.from == from && r.to == to) else {
        let allowed: Vec<&str> = next_stages(rules, from).iter().map(|s| s.label()).collect();
        return Err(WorkflowError::NoSuchMove {
            from: from.label(),
            to: to.label(),
            allowed: if allowed.is_empty() {
                "nowhere".to_owned()
            } else {
                allowed.join(", ")
            },
        });
    };
    if !actor.on_roster {
        return Err(WorkflowError::NotOnRoster {
            who: actor.name.clone(),
        });
    }
    if !rule.roles.iter().any(|r| actor.has(*r)) {
        let needed: Vec<&str> = rule.roles.iter().map(|r| r.label()).collect();
        return Err(WorkflowError::NotAllowed {
            from: from.label(),
            to: to.label(),
            who: actor.name.clone(),
            needed: needed.join(" or "),
            has: actor.roles_text(),
        });
    }
    Ok(())
}

/// What a move asks of the person besides the click.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoveAsks {
    /// Nothing.
    Nothing,
    /// A note saying why, shown with this prompt.
    Note(&'static str),
    /// The correction readers will see (a published story coming back).
    Correction,
}

/// What moving from `from` to `to` asks for.
#[must_use]
pub fn move_asks(from: Stage, to: Stage) -> MoveAsks {
    match (from, to) {
        (_, Stage::SentBack { .. }) => MoveAsks::Note("what should change?"),
        (Stage::Approved, Stage::Editing) => {
            MoveAsks::Note("why reopen? The sign-off is withdrawn.")
        }
        (Stage::Published, Stage::Editing) => MoveAsks::Correction,
        _ => MoveAsks::Nothing,
    }
}

/// A move a person asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Move {
    /// Where to.
    pub to: Option<Stage>,
    /// Why (required when sending back or reopening).
    pub note: Option<String>,
    /// The correction readers will see (required when correcting a published story).
    pub correction: Option<String>,
    /// Go ahead although work is still open; what was open is recorded.
    pub go_ahead: bool,
}

impl Move {
    /// A move to `to` with nothing else said.
    #[must_use]
    pub fn to(to: Stage) -> Self {
        Self {
            to: Some(to),
            ..Self::default()
        }
    }
}

/// Whether a move hands work on or signs it off, so what is still open is shown first.
fn is_hand_on(from: Stage, to: Stage) -> bool {
    matches!(
        (from, to),
        (
            Stage::Translating
                | Stage::SentBack {
                    to: SentBackTo::Translating
                },
            Stage::Writing
        ) | (
            Stage::Writing
                | Stage::SentBack {
                    to: SentBackTo::Writing
                },
            Stage::Editing
        ) | (Stage::Editing, Stage::Approved)
    )
}

/// What is still open in a story, in words: rows not confirmed, open comments, re-filed
/// rows not yet checked. Shown before handing on or signing off.
#[must_use]
pub fn open_items(story: &Story) -> Vec<String> {
    let mut items = Vec::new();
    let rows: Vec<&crate::model::TextRow> = [&story.headline, &story.deck]
        .into_iter()
        .chain(story.blocks.iter().filter(|b| !b.omitted).map(|b| &b.row))
        .filter(|r| !r.source.trim().is_empty() && !r.status.is_confirmed())
        .collect();
    if !rows.is_empty() {
        let empty = rows.iter().filter(|r| r.english.trim().is_empty()).count();
        items.push(format!(
            "{} row(s) not confirmed, {empty} of them with no English",
            rows.len()
        ));
    }
    let comments = story.open_comments();
    if comments > 0 {
        let mut rows: Vec<String> = story
            .comments
            .iter()
            .filter(|c| c.is_open())
            .map(|c| crate::model::row_name(story, c.anchor))
            .collect();
        rows.dedup();
        items.push(format!(
            "{comments} unresolved comment(s), on {}",
            rows.join(", ")
        ));
    }
    items
}

/// Why `actor` may not move `story` to `to` now, before any note or confirmation: the
/// desk's rules, four eyes, unchecked re-filed rows, and a current sign-off to publish.
/// The window greys a move's button with this reason.
pub fn precheck(
    story: &Story,
    settings: &DeskSettings,
    actor: &Actor,
    to: Stage,
) -> Result<(), WorkflowError> {
    let from = story.stage;
    check_move(&rules_for(settings), actor, from, to)?;
    if to == Stage::Published && sign_off_state(story, settings) != SignOffState::Current {
        return Err(WorkflowError::SignOffNeeded(
            "only a story whose sign-off is current can be published; sign it off again".to_owned(),
        ));
    }
    if matches!(to, Stage::Approved | Stage::Published) {
        let unchecked = story
            .blocks
            .iter()
            .filter(|b| !b.omitted && b.previous_source.is_some())
            .count();
        if unchecked > 0 {
            return Err(WorkflowError::SignOffNeeded(format!(
                "{unchecked} row(s) have a re-filed source the translator has not checked yet"
            )));
        }
    }
    if to == Stage::Approved {
        signing::check_can_sign(settings, &actor.name)?;
    }
    if to == Stage::Approved && settings.four_eyes_for(&actor.name) {
        let credited = story
            .contributors
            .iter()
            .filter(|c| c.name.trim().eq_ignore_ascii_case(&actor.name))
            .find(|c| matches!(c.role, Role::Translator | Role::Writer));
        if let Some(credit) = credited {
            return Err(WorkflowError::FourEyes {
                who: actor.name.clone(),
                role: credit.role.label(),
            });
        }
    }
    Ok(())
}

/// Moves a story to another stage, after checking the rules, and returns the revision that
/// records it. Approving is signing off: it records the editor, the time and the content's
/// fingerprint. Reopening an approved story withdraws its sign-off; correcting a published
/// one adds the dated correction every later export carries. Handing on or signing off
/// with work still open needs `go_ahead`, and what was open is recorded.
pub fn move_stage(
    story: &mut Story,
    settings: &DeskSettings,
    actor: &Actor,
    request: &Move,
    now: DateTime<Utc>,
) -> Result<Revision, WorkflowError> {
    move_stage_with_qa(story, settings, actor, request, &[], now)
}

/// [`move_stage`], with the story's quality-check errors in words
/// (`qa::errors_for_summary`): shown with what is still open before handing on or signing
/// off, and recorded when the person goes ahead.
pub fn move_stage_with_qa(
    story: &mut Story,
    settings: &DeskSettings,
    actor: &Actor,
    request: &Move,
    qa_errors: &[String],
    now: DateTime<Utc>,
) -> Result<Revision, WorkflowError> {
    let from = story.stage;
    let to = request.to.unwrap_or(from);
    precheck(story, settings, actor, to)?;
    let note = request
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    let correction = request
        .correction
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    match move_asks(from, to) {
        MoveAsks::Note(_) if note.is_none() => {
            return Err(WorkflowError::NoteRequired(match to {
                Stage::SentBack { .. } => "sending a story back needs a note saying what to change",
                _ => "reopening signed-off copy needs a note saying why",
            }));
        }
        MoveAsks::Correction if correction.is_none() => {
            return Err(WorkflowError::NoteRequired(
                "correcting a published story needs the correction readers will see",
            ));
        }
        _ => {}
    }
    let open = if is_hand_on(from, to) {
        let mut open = open_items(story);
        open.extend(qa_errors.iter().cloned());
        open
    } else {
        Vec::new()
    };
    if !open.is_empty() && !request.go_ahead {
        return Err(WorkflowError::OpenItems(open));
    }
    // Words, not an arrow: the event is shown in the window, whose fonts have no arrows.
    let mut event = format!("{} to {}", from.label(), to.label());
    match (from, to) {
        (_, Stage::Approved) => {
            story.sign_off = Some(SignOff {
                editor: actor.name.clone(),
                at: now,
                fingerprint: public_fingerprint(story, settings),
                signature: None,
            });
            event = format!("signed off ({event})");
        }
        (Stage::Approved, Stage::Editing) => {
            story.sign_off = None;
            event = format!("reopened for changes, sign-off withdrawn ({event})");
        }
        (Stage::Published, Stage::Editing) => {
            story.sign_off = None;
            story.corrections.push(Correction {
                at: now,
                by: actor.name.clone(),
                text: correction.unwrap_or_default().to_owned(),
            });
            event = format!("correction begun ({event})");
        }
        _ => {}
    }
    // The note an editor sends back or reopens with stays with the story, for the people
    // whose work it is, until the story moves on.
    story.sent_back = match (from, to, note) {
        (_, Stage::SentBack { .. }, Some(note)) | (Stage::Approved, Stage::Editing, Some(note)) => {
            Some(StageNote {
                by: actor.name.clone(),
                at: now,
                note: note.to_owned(),
            })
        }
        // Moving on is acting on the note.
        _ => None,
    };
    // An assignment is for one stage.
    story.assignee = None;
    story.stage = to;
    story.mark_changed(None, &actor.name, now);
    let mut revision = revision(story, settings, &actor.name, Some(from), &event, note, now);
    revision.open_items = open;
    Ok(revision)
}

/// Records who filed a story and when: the first revision of every story's history.
/// Anyone on the desk's roster may file.
pub fn file_story(
    story: &mut Story,
    settings: &DeskSettings,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Revision, WorkflowError> {
    if actor.name.is_empty() {
        return Err(WorkflowError::NoIdentity);
    }
    if !actor.on_roster {
        return Err(WorkflowError::NotOnRoster {
            who: actor.name.clone(),
        });
    }
    story.created = now;
    story.mark_changed(None, &actor.name, now);
    Ok(revision(
        story,
        settings,
        &actor.name,
        None,
        "filed",
        None,
        now,
    ))
}

/// Assigns a story to a person for its current stage (`None` clears it). An editor assigns
/// anyone on the roster; anyone whose role works the current stage may take it themselves,
/// and anyone may give back their own assignment.
pub fn assign(
    story: &mut Story,
    settings: &DeskSettings,
    actor: &Actor,
    to: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), WorkflowError> {
    if actor.name.is_empty() {
        return Err(WorkflowError::NoIdentity);
    }
    let giving_back = to.is_none()
        && story
            .assignee
            .as_ref()
            .is_some_and(|a| a.name.eq_ignore_ascii_case(&actor.name));
    let taking = to.is_some_and(|name| name.trim().eq_ignore_ascii_case(&actor.name))
        && stage_owners(story.stage).iter().any(|r| actor.has(*r));
    if !(actor.has(Role::Editor) || giving_back || taking) {
        return Err(WorkflowError::NotPermitted {
            who: actor.name.clone(),
            what: "assign this story",
            stage: story.stage.label(),
            allowed: "an editor, or someone taking it for the stage's own work".to_owned(),
        });
    }
    story.assignee = match to {
        None => None,
        Some(name) => {
            let Some(member) = settings.staff_member(name) else {
                return Err(WorkflowError::UnknownPerson {
                    who: name.trim().to_owned(),
                });
            };
            // The stage's work is for someone who holds a role in it; signed-off, published
            // and killed stories only for an editor.
            let owners = stage_owners(story.stage);
            let fits = member.roles.contains(&Role::Editor)
                || member.roles.iter().any(|r| owners.contains(r));
            if !fits {
                let wanted: Vec<&str> = owners.iter().map(|r| r.label()).collect();
                return Err(WorkflowError::Settings(format!(
                    "{} cannot be assigned a story at {}: that is work for {}",
                    member.name,
                    story.stage.label(),
                    if wanted.is_empty() {
                        "an editor".to_owned()
                    } else {
                        format!("the {}", wanted.join(" or the "))
                    }
                )));
            }
            Some(Assignment {
                name: member.name.clone(),
                stage: story.stage,
                by: actor.name.clone(),
                at: now,
            })
        }
    };
    Ok(())
}

/// Whether the story's sign-off still matches its public content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignOffState {
    /// Nobody signed it off.
    None,
    /// Signed off, and nothing public has changed since.
    Current,
    /// Signed off, but the public content has changed since.
    Stale,
}

/// The state of a story's sign-off, against its public content as the desk prints it (the
/// credit line included, so a desk setting that changes printed credits makes it stale).
#[must_use]
pub fn sign_off_state(story: &Story, settings: &DeskSettings) -> SignOffState {
    match &story.sign_off {
        None => SignOffState::None,
        Some(sign_off) if sign_off.fingerprint == public_fingerprint(story, settings) => {
            SignOffState::Current
        }
        Some(_) => SignOffState::Stale,
    }
}

/// After a change: if the public content no longer matches an Approved (or Published)
/// story's sign-off, the story goes back to Editing; returns the revision saying so.
pub fn settle_after_edit(
    story: &mut Story,
    settings: &DeskSettings,
    who: &str,
    now: DateTime<Utc>,
) -> Option<Revision> {
    if sign_off_state(story, settings) == SignOffState::Stale {
        reopen(
            story,
            settings,
            who,
            "sign-off went stale: the public content changed",
            now,
        )
    } else {
        None
    }
}

/// After a re-filed source: a story that was signed off goes back to Editing, because the
/// text it signed may no longer say what the reporter filed.
pub fn settle_after_refile(
    story: &mut Story,
    settings: &DeskSettings,
    who: &str,
    now: DateTime<Utc>,
) -> Option<Revision> {
    reopen(story, settings, who, "source re-filed after sign-off", now)
}

/// Moves a signed-off (Approved or Published) story back to Editing with a revision saying
/// why; any other story is left alone.
fn reopen(
    story: &mut Story,
    settings: &DeskSettings,
    who: &str,
    why: &str,
    now: DateTime<Utc>,
) -> Option<Revision> {
    let from = story.stage;
    if !matches!(from, Stage::Approved | Stage::Published) {
        return None;
    }
    story.stage = Stage::Editing;
    let event = format!("{why} ({} to Editing)", from.label());
    Some(revision(
        story,
        settings,
        who,
        Some(from),
        &event,
        None,
        now,
    ))
}

/// A revision recording the story as it stands now.
#[must_use]
pub fn revision(
    story: &Story,
    settings: &DeskSettings,
    who: &str,
    from: Option<Stage>,
    event: &str,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Revision {
    Revision {
        at: now,
        by: who.to_owned(),
        from,
        stage: story.stage,
        event: event.to_owned(),
        note: note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()),
        fingerprint: public_fingerprint(story, settings),
        open_items: Vec::new(),
        old_text: None,
        content: story.content(),
    }
}

/// The revision at which the translator handed the story over (the last move out of
/// Translating), for "what changed since translation".
#[must_use]
pub fn translation_handover<R: std::borrow::Borrow<Revision>>(revisions: &[R]) -> Option<usize> {
    let translating = |stage: Stage| {
        matches!(
            stage,
            Stage::Translating
                | Stage::SentBack {
                    to: SentBackTo::Translating
                }
        )
    };
    revisions.iter().map(R::borrow).rposition(|r| match r.from {
        Some(from) => translating(from) && !translating(r.stage),
        // Revisions written before `from` was kept say it in words.
        None => r.stage == Stage::Writing && r.event.starts_with("Translating"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Contributor, CreditDisplay, StaffMember};

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_785_000_000, 0).unwrap()
    }

    /// A named change to a story, for table-driven tests.
    type Change = fn(&mut Story);

    fn person(role: Role) -> Actor {
        Actor::with_roles(role.label(), &[role])
    }

    /// A desk whose roster has one person per role, named after the role.
    fn desk() -> DeskSettings {
        let mut settings = DeskSettings::new("D", "my", "en", "The Service");
        for role in Role::ALL {
            settings.staff.push(StaffMember {
                name: role.label().to_owned(),
                roles: vec![role],
                ssh_key: None,
                email: None,
            });
        }
        settings
    }

    const ALL_STAGES: [Stage; 9] = Stage::ALL;

    #[test]
    fn every_move_for_every_role_under_the_default_rules() {
        use Role::{Editor, Photographer, Reporter, Translator, Writer};
        let rules = default_rules();
        let back_w = Stage::SentBack {
            to: SentBackTo::Writing,
        };
        let back_t = Stage::SentBack {
            to: SentBackTo::Translating,
        };
        // (from, to, roles that may), written out by hand from the product brief.
        let expected: Vec<(Stage, Stage, Vec<Role>)> = vec![
            (
                Stage::Filed,
                Stage::Translating,
                vec![Reporter, Translator, Editor],
            ),
            (Stage::Translating, Stage::Writing, vec![Translator, Editor]),
            (Stage::Writing, Stage::Editing, vec![Writer, Editor]),
            (Stage::Editing, back_w, vec![Editor]),
            (Stage::Editing, back_t, vec![Editor]),
            (back_w, Stage::Editing, vec![Writer, Editor]),
            (back_t, Stage::Writing, vec![Translator, Editor]),
            (Stage::Editing, Stage::Approved, vec![Editor]),
            (Stage::Approved, Stage::Published, vec![Editor]),
            (Stage::Approved, Stage::Editing, vec![Editor]),
            (Stage::Published, Stage::Editing, vec![Editor]),
            (Stage::Killed, Stage::Filed, vec![Editor]),
        ];
        for from in &ALL_STAGES {
            for to in &ALL_STAGES {
                for role in [Reporter, Translator, Writer, Editor, Photographer] {
                    let may = expected
                        .iter()
                        .any(|(f, t, roles)| f == from && t == to && roles.contains(&role))
                        || (*to == Stage::Killed
                            && role == Editor
                            && !matches!(from, Stage::Published | Stage::Killed));
                    let result = check_move(&rules, &person(role), *from, *to);
                    assert_eq!(
                        result.is_ok(),
                        may,
                        "{role:?} moving {from:?} → {to:?}: {result:?}"
                    );
                    if let Err(err) = result {
                        assert!(!err.to_string().is_empty());
                    }
                }
            }
        }
    }

    #[test]
    fn refusals_say_why() {
        let rules = default_rules();
        let err = check_move(
            &rules,
            &person(Role::Translator),
            Stage::Editing,
            Stage::Approved,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "moving a story from Editing to Approved needs the role of editor; translator is a translator"
        );
        let err =
            check_move(&rules, &person(Role::Editor), Stage::Filed, Stage::Approved).unwrap_err();
        assert!(
            err.to_string()
                .contains("from here it can go to Translating, Killed"),
            "{err}"
        );
        let back = Stage::SentBack {
            to: SentBackTo::Writing,
        };
        let settings = desk();
        for note in [None, Some("  ")] {
            let mut story = Story::new("s", now());
            story.stage = Stage::Editing;
            let request = Move {
                note: note.map(str::to_owned),
                ..Move::to(back)
            };
            let err = move_stage(
                &mut story,
                &settings,
                &person(Role::Editor),
                &request,
                now(),
            )
            .unwrap_err();
            assert!(matches!(err, WorkflowError::NoteRequired(_)), "{err}");
        }
        let nobody = Actor::on_desk(&settings, " ");
        assert_eq!(
            check_move(&rules, &nobody, Stage::Editing, back),
            Err(WorkflowError::NoIdentity)
        );
    }

    #[test]
    fn an_unrostered_person_has_no_roles_and_cannot_move_or_sign_off() {
        let settings = desk();
        let stranger = Actor::on_desk(&settings, "Somebody Else");
        assert!(!stranger.on_roster());
        assert!(stranger.roles().is_empty());
        let err =
            check_move(&default_rules(), &stranger, Stage::Editing, Stage::Approved).unwrap_err();
        assert!(matches!(err, WorkflowError::NotOnRoster { .. }), "{err}");
        // The roster's spelling and roles win over what was typed.
        let editor = Actor::on_desk(&settings, "  EDITOR ");
        assert_eq!(editor.name, "editor");
        assert_eq!(editor.roles(), &[Role::Editor]);
    }

    fn approved_story() -> Story {
        let mut story = Story::new("s", now());
        story.headline.english = "Headline".into();
        story.append_source_paragraphs("က\n\nခ");
        story.blocks[0].row.english = "First.".into();
        story.blocks[1].row.english = "Second.".into();
        story.stage = Stage::Editing;
        let request = Move {
            go_ahead: true,
            ..Move::to(Stage::Approved)
        };
        move_stage(&mut story, &desk(), &person(Role::Editor), &request, now()).unwrap();
        story
    }

    #[test]
    fn sign_off_records_editor_time_and_fingerprint() {
        let story = approved_story();
        let sign_off = story.sign_off.clone().unwrap();
        assert_eq!(sign_off.editor, "editor");
        assert_eq!(sign_off.at, now());
        assert_eq!(sign_off.fingerprint, public_fingerprint(&story, &desk()));
        assert_eq!(story.stage, Stage::Approved);
        assert_eq!(sign_off_state(&story, &desk()), SignOffState::Current);
    }

    #[test]
    fn sign_off_shows_what_is_open_and_records_going_ahead() {
        let settings = desk();
        let mut story = Story::new("s", now());
        story.append_source_paragraphs("က\n\nခ");
        story.blocks[0].row.english = "First.".into();
        story.blocks[0].row.status = crate::model::RowStatus::Translated;
        story.comments.push(crate::model::Comment {
            id: 1,
            anchor: crate::model::RowRef::Headline,
            author: "writer".into(),
            created: now(),
            edited: None,
            text: "Check the name.".into(),
            replies: vec![],
            resolved: None,
        });
        story.stage = Stage::Editing;
        let editor = person(Role::Editor);
        let err = move_stage(
            &mut story,
            &settings,
            &editor,
            &Move::to(Stage::Approved),
            now(),
        )
        .unwrap_err();
        assert_eq!(
            err,
            WorkflowError::OpenItems(vec![
                "1 row(s) not confirmed, 1 of them with no English".to_owned(),
                "1 unresolved comment(s), on Headline".to_owned(),
            ])
        );
        assert_eq!(story.stage, Stage::Editing, "nothing happened");
        let request = Move {
            go_ahead: true,
            ..Move::to(Stage::Approved)
        };
        let revision = move_stage(&mut story, &settings, &editor, &request, now()).unwrap();
        assert_eq!(story.stage, Stage::Approved);
        assert_eq!(revision.open_items.len(), 2, "what was open is recorded");
    }

    #[test]
    fn four_eyes_keeps_an_editor_from_signing_off_their_own_writing() {
        let mut settings = desk();
        settings.staff.push(StaffMember {
            name: "Daniel Ross".into(),
            roles: vec![Role::Writer, Role::Editor],
            ssh_key: None,
            email: None,
        });
        let daniel = Actor::on_desk(&settings, "Daniel Ross");
        let mut story = Story::new("s", now());
        story.stage = Stage::Editing;
        story.contributors.push(Contributor {
            role: Role::Writer,
            name: "Daniel Ross".into(),
            display: CreditDisplay::Person,
        });
        let err = precheck(&story, &settings, &daniel, Stage::Approved).unwrap_err();
        assert_eq!(
            err.to_string(),
            "four eyes: Daniel Ross is credited as this story's writer, so another editor must sign it off"
        );
        // Another editor may.
        assert!(precheck(&story, &settings, &person(Role::Editor), Stage::Approved).is_ok());
        // The desk can turn the rule off, and a one-person desk never has it.
        settings.options.four_eyes = false;
        assert!(precheck(&story, &settings, &daniel, Stage::Approved).is_ok());
        settings.options.four_eyes = true;
        settings.staff.retain(|m| m.name == "Daniel Ross");
        assert!(precheck(&story, &settings, &daniel, Stage::Approved).is_ok());
    }

    #[test]
    fn reopening_withdraws_the_sign_off_and_correcting_records_a_dated_correction() {
        let settings = desk();
        let editor = person(Role::Editor);
        let mut story = approved_story();
        let err = move_stage(
            &mut story,
            &settings,
            &editor,
            &Move::to(Stage::Editing),
            now(),
        )
        .unwrap_err();
        assert!(matches!(err, WorkflowError::NoteRequired(_)));
        let request = Move {
            note: Some("The toll changed.".into()),
            ..Move::to(Stage::Editing)
        };
        let revision = move_stage(&mut story, &settings, &editor, &request, now()).unwrap();
        assert_eq!(story.stage, Stage::Editing);
        assert_eq!(story.sign_off, None, "withdrawn, not just stale");
        assert!(
            revision.event.contains("sign-off withdrawn"),
            "{}",
            revision.event
        );

        let mut story = approved_story();
        move_stage(
            &mut story,
            &settings,
            &editor,
            &Move::to(Stage::Published),
            now(),
        )
        .unwrap();
        let request = Move {
            note: Some("the reader's letter".into()),
            ..Move::to(Stage::Editing)
        };
        let err = move_stage(&mut story, &settings, &editor, &request, now()).unwrap_err();
        assert!(matches!(err, WorkflowError::NoteRequired(_)), "{err}");
        let request = Move {
            correction: Some(
                "An earlier version of this story misstated the number of villages.".into(),
            ),
            ..Move::to(Stage::Editing)
        };
        move_stage(&mut story, &settings, &editor, &request, now()).unwrap();
        assert_eq!(story.stage, Stage::Editing);
        assert_eq!(story.corrections.len(), 1);
        assert_eq!(story.corrections[0].at, now());
        assert_eq!(story.corrections[0].by, "editor");
    }

    #[test]
    fn a_send_back_note_waits_for_the_person_until_the_story_moves_on() {
        let settings = desk();
        let mut story = Story::new("s", now());
        story.stage = Stage::Editing;
        let back = Stage::SentBack {
            to: SentBackTo::Writing,
        };
        let request = Move {
            note: Some("Tighten the lede.".into()),
            ..Move::to(back)
        };
        move_stage(
            &mut story,
            &settings,
            &person(Role::Editor),
            &request,
            now(),
        )
        .unwrap();
        let note = story.sent_back.clone().unwrap();
        assert_eq!(
            (note.by.as_str(), note.note.as_str()),
            ("editor", "Tighten the lede.")
        );
        move_stage(
            &mut story,
            &settings,
            &person(Role::Writer),
            &Move::to(Stage::Editing),
            now(),
        )
        .unwrap();
        assert_eq!(story.sent_back, None);
    }

    #[test]
    fn assignments_follow_roles_and_lapse_with_the_stage() {
        let settings = desk();
        let mut story = Story::new("s", now());
        story.stage = Stage::Translating;
        // A writer cannot take a story that is with the translator, nor assign others.
        let writer = person(Role::Writer);
        assert!(assign(&mut story, &settings, &writer, Some("writer"), now()).is_err());
        assert!(assign(&mut story, &settings, &writer, Some("translator"), now()).is_err());
        // The translator takes it; an editor can give it to anyone on the roster.
        let translator = person(Role::Translator);
        assign(
            &mut story,
            &settings,
            &translator,
            Some("translator"),
            now(),
        )
        .unwrap();
        assert_eq!(story.assignee.as_ref().unwrap().name, "translator");
        let editor = person(Role::Editor);
        let err = assign(&mut story, &settings, &editor, Some("Nobody Known"), now()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Nobody Known is not on the roster of this desk"
        );
        // The stage's work goes to someone whose role it is.
        let err = assign(&mut story, &settings, &editor, Some("reporter"), now()).unwrap_err();
        assert!(
            err.to_string()
                .contains("work for the translator or the editor"),
            "{err}"
        );
        assign(&mut story, &settings, &editor, Some("editor"), now()).unwrap();
        assert_eq!(story.assignee.as_ref().unwrap().by, "editor");
        story.stage = Stage::Filed;
        move_stage(
            &mut story,
            &settings,
            &translator,
            &Move::to(Stage::Translating),
            now(),
        )
        .unwrap();
        assert_eq!(story.assignee, None, "an assignment is for one stage");
    }

    #[test]
    fn sign_off_goes_stale_on_every_kind_of_public_change() {
        let settings = desk();
        let changes: Vec<(&str, Change)> = vec![
            ("headline", |s| s.headline.english.push('!')),
            ("deck", |s| s.deck.english = "A deck.".into()),
            ("body text", |s| s.blocks[0].row.english.push_str(" More.")),
            ("block kind", |s| {
                s.blocks[0].kind = crate::model::BlockKind::Quote;
            }),
            ("order", |s| s.blocks.swap(0, 1)),
            ("omitting a row", |s| s.blocks[1].omitted = true),
            ("a new row", |s| {
                let mut block = s.blocks[0].clone();
                block.id = crate::model::BlockId(99);
                s.blocks.push(block);
            }),
            ("a photo caption", |s| {
                s.blocks[0].kind = crate::model::BlockKind::Photo(crate::model::Photo {
                    file: "a.png".into(),
                    credit: "A".into(),
                    alt: "B".into(),
                });
            }),
            ("credits", |s| {
                s.contributors.push(Contributor {
                    role: Role::Writer,
                    name: "W".into(),
                    display: CreditDisplay::Person,
                });
            }),
            ("credit-line override", |s| {
                s.credit_line_override = Some("Reported by staff.".into());
            }),
            ("a correction", |s| {
                s.corrections.push(Correction {
                    at: now(),
                    by: "editor".into(),
                    text: "An earlier version misspelled a name.".into(),
                });
            }),
        ];
        for (what, change) in &changes {
            // Published stories too: a correction after publication needs a new sign-off.
            let mut story = approved_story();
            move_stage(
                &mut story,
                &settings,
                &person(Role::Editor),
                &Move::to(Stage::Published),
                now(),
            )
            .unwrap();
            change(&mut story);
            assert!(
                settle_after_edit(&mut story, &settings, "writer", now()).is_some(),
                "published: {what}"
            );
            assert_eq!(story.stage, Stage::Editing, "published: {what}");
        }
        for (what, change) in changes {
            let mut story = approved_story();
            change(&mut story);
            assert_eq!(
                sign_off_state(&story, &settings),
                SignOffState::Stale,
                "{what}"
            );
            let revision = settle_after_edit(&mut story, &settings, "writer", now());
            assert!(revision.unwrap().event.contains("stale"), "{what}");
            assert_eq!(story.stage, Stage::Editing, "{what}");
        }
    }

    #[test]
    fn a_desk_setting_that_changes_the_printed_credit_line_makes_sign_offs_stale() {
        let mut settings = desk();
        let mut story = Story::new("s", now());
        story.contributors.push(Contributor {
            role: Role::Reporter,
            name: "Hidden".into(),
            display: CreditDisplay::Withheld,
        });
        story.stage = Stage::Editing;
        move_stage(
            &mut story,
            &settings,
            &person(Role::Editor),
            &Move::to(Stage::Approved),
            now(),
        )
        .unwrap();
        assert_eq!(sign_off_state(&story, &settings), SignOffState::Current);
        // The reporter is credited as the service, so renaming the service changes the line.
        settings.service_name = "A Renamed Service".into();
        assert_eq!(sign_off_state(&story, &settings), SignOffState::Stale);
        // A setting that prints nothing differently leaves it current.
        let mut other = desk();
        other.web_footer = "Comments are moderated.".into();
        other.name = "Another name".into();
        assert_eq!(sign_off_state(&story, &other), SignOffState::Current);
    }

    #[test]
    fn sign_off_stays_current_on_internal_changes() {
        let settings = desk();
        let changes: Vec<(&str, Change)> = vec![
            ("source text", |s| s.blocks[0].row.source.push('ဂ')),
            ("row status", |s| {
                s.blocks[0].row.status = crate::model::RowStatus::Reviewed;
            }),
            ("a comment", |s| {
                s.comments.push(crate::model::Comment {
                    id: 1,
                    anchor: crate::model::RowRef::Headline,
                    author: "editor".into(),
                    created: now(),
                    edited: None,
                    text: "Check the spelling.".into(),
                    replies: vec![],
                    resolved: None,
                });
            }),
            ("the dateline", |s| s.dateline.place = "Kani".into()),
            ("the source-change flag", |s| {
                s.blocks[0].previous_source = Some("x".into());
            }),
        ];
        for (what, change) in changes {
            let mut story = approved_story();
            change(&mut story);
            assert_eq!(
                sign_off_state(&story, &settings),
                SignOffState::Current,
                "{what}"
            );
            assert!(settle_after_edit(&mut story, &settings, "writer", now()).is_none());
            assert_eq!(story.stage, Stage::Approved);
        }
    }

    #[test]
    fn publishing_needs_a_current_sign_off() {
        let settings = desk();
        let mut story = approved_story();
        story.headline.english.push('!');
        let err = move_stage(
            &mut story,
            &settings,
            &person(Role::Editor),
            &Move::to(Stage::Published),
            now(),
        )
        .unwrap_err();
        assert!(matches!(err, WorkflowError::SignOffNeeded(_)));
        let mut story = approved_story();
        move_stage(
            &mut story,
            &settings,
            &person(Role::Editor),
            &Move::to(Stage::Published),
            now(),
        )
        .unwrap();
        assert_eq!(story.stage, Stage::Published);
    }

    #[test]
    fn unchecked_refiled_rows_block_sign_off_and_a_refile_reopens() {
        let settings = desk();
        let mut story = approved_story();
        story.stage = Stage::Editing;
        story.blocks[0].previous_source = Some("old".into());
        let request = Move {
            go_ahead: true,
            ..Move::to(Stage::Approved)
        };
        let err = move_stage(
            &mut story,
            &settings,
            &person(Role::Editor),
            &request,
            now(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("re-filed"), "{err}");
        story.blocks[0].previous_source = None;
        move_stage(
            &mut story,
            &settings,
            &person(Role::Editor),
            &request,
            now(),
        )
        .unwrap();
        assert!(settle_after_refile(&mut story, &settings, "reporter", now()).is_some());
        assert_eq!(story.stage, Stage::Editing);
    }

    #[test]
    fn the_translation_handover_is_found() {
        let settings = desk();
        let mut story = Story::new("s", now());
        story.stage = Stage::Translating;
        assert_eq!(translation_handover::<Revision>(&[]), None);
        let mut revisions = vec![
            move_stage(
                &mut story,
                &settings,
                &person(Role::Translator),
                &Move::to(Stage::Writing),
                now(),
            )
            .unwrap(),
        ];
        revisions.push(
            move_stage(
                &mut story,
                &settings,
                &person(Role::Writer),
                &Move::to(Stage::Editing),
                now(),
            )
            .unwrap(),
        );
        assert_eq!(translation_handover(&revisions), Some(0));
    }

    #[test]
    fn filing_is_recorded_and_needs_the_roster() {
        let settings = desk();
        let mut story = Story::new("s", now());
        let revision = file_story(
            &mut story,
            &settings,
            &Actor::on_desk(&settings, "reporter"),
            now(),
        )
        .unwrap();
        assert_eq!(
            (revision.by.as_str(), revision.event.as_str()),
            ("reporter", "filed")
        );
        assert_eq!(revision.from, None);
        assert!(
            file_story(
                &mut story,
                &settings,
                &Actor::on_desk(&settings, "X"),
                now()
            )
            .is_err()
        );
    }
}
