//! The editorial workflow: who may move a story between stages, sign-off fingerprints,
//! revisions and their differences, and re-filed sources. Pure: no I/O, no UI.

mod diff;
mod fingerprint;
mod refile;

pub use diff::{DiffPart, DiffSpan, diff_content, diff_text};
pub use fingerprint::public_fingerprint;
pub use refile::{RefileSummary, refile_source};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

pub use crate::model::StageRule;
use crate::model::{DeskSettings, Revision, Role, SentBackTo, SignOff, Stage, Story};

/// The rules a desk works by: its own, or the defaults.
#[must_use]
pub fn rules_for(settings: &DeskSettings) -> Vec<StageRule> {
    settings.stage_rules.clone().unwrap_or_else(default_rules)
}

/// The person of that name on the desk's roster, with their roles, for acting from the
/// command line; `None` when the roster does not know them.
#[must_use]
pub fn actor_from_roster(settings: &DeskSettings, name: &str) -> Option<Actor> {
    settings
        .staff_member(name)
        .map(|m| Actor::new(&m.name, &m.roles))
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

/// Why a stage move was refused, in words for the person who tried.
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
    /// Sending back without saying why.
    #[error("sending a story back needs a note saying what to change")]
    NoteRequired,
    /// Publishing what nobody signed off, or what changed since.
    #[error("{0}")]
    SignOffNeeded(String),
    /// A person with no name cannot be recorded.
    #[error("say who you are first: the history records a name with every change")]
    NoIdentity,
}

/// Someone acting on a story: their name and the roles they hold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// The name recorded in history.
    pub name: String,
    /// The roles they hold.
    pub roles: Vec<Role>,
}

impl Actor {
    /// An actor from a name and roles.
    #[must_use]
    pub fn new(name: &str, roles: &[Role]) -> Self {
        Self {
            name: name.trim().to_owned(),
            roles: roles.to_vec(),
        }
    }

    fn roles_text(&self) -> String {
        if self.roles.is_empty() {
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

/// Checks a move; `Ok` when `actor` may move the story from `from` to `to`.
pub fn check_move(
    rules: &[StageRule],
    actor: &Actor,
    from: Stage,
    to: Stage,
    note: Option<&str>,
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
    if !rule.roles.iter().any(|r| actor.roles.contains(r)) {
        let needed: Vec<&str> = rule.roles.iter().map(|r| r.label()).collect();
        return Err(WorkflowError::NotAllowed {
            from: from.label(),
            to: to.label(),
            who: actor.name.clone(),
            needed: needed.join(" or "),
            has: actor.roles_text(),
        });
    }
    if matches!(to, Stage::SentBack { .. }) && note.is_none_or(|n| n.trim().is_empty()) {
        return Err(WorkflowError::NoteRequired);
    }
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

/// The state of a story's sign-off.
#[must_use]
pub fn sign_off_state(story: &Story) -> SignOffState {
    match &story.sign_off {
        None => SignOffState::None,
        Some(sign_off) if sign_off.fingerprint == public_fingerprint(story) => {
            SignOffState::Current
        }
        Some(_) => SignOffState::Stale,
    }
}

/// Moves a story to another stage, after checking the rules, and records a revision.
/// Approving is signing off: it records the editor, the time and the content's fingerprint.
/// Publishing needs a current sign-off.
pub fn move_stage(
    story: &mut Story,
    rules: &[StageRule],
    actor: &Actor,
    to: Stage,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), WorkflowError> {
    let from = story.stage;
    check_move(rules, actor, from, to, note)?;
    if to == Stage::Published && sign_off_state(story) != SignOffState::Current {
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
    let fingerprint = public_fingerprint(story);
    // Words, not an arrow: the event is shown in the window, whose fonts have no arrows.
    let mut event = format!("{} to {}", from.label(), to.label());
    if to == Stage::Approved {
        story.sign_off = Some(SignOff {
            editor: actor.name.clone(),
            at: now,
            fingerprint: fingerprint.clone(),
        });
        event = format!("signed off ({event})");
    }
    story.stage = to;
    record(story, &actor.name, Some(from), &event, note, now);
    Ok(())
}

/// Signs a story off: the move from Editing to Approved.
pub fn sign_off(
    story: &mut Story,
    rules: &[StageRule],
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), WorkflowError> {
    move_stage(story, rules, actor, Stage::Approved, None, now)
}

/// After an edit: if the public content no longer matches an Approved (or Published)
/// story's sign-off, the story goes back to Editing and a revision says so. Returns whether
/// that happened.
pub fn settle_after_edit(story: &mut Story, who: &str, now: DateTime<Utc>) -> bool {
    sign_off_state(story) == SignOffState::Stale
        && reopen(
            story,
            who,
            "sign-off went stale: the public content changed",
            now,
        )
}

/// After a re-filed source: a story that was signed off goes back to Editing, because the
/// text it signed may no longer say what the reporter filed. Returns whether that happened.
pub fn settle_after_refile(story: &mut Story, who: &str, now: DateTime<Utc>) -> bool {
    reopen(story, who, "source re-filed after sign-off", now)
}

/// Moves a signed-off (Approved or Published) story back to Editing with a revision saying
/// why; any other story is left alone. Returns whether it moved.
fn reopen(story: &mut Story, who: &str, why: &str, now: DateTime<Utc>) -> bool {
    let from = story.stage;
    if !matches!(from, Stage::Approved | Stage::Published) {
        return false;
    }
    story.stage = Stage::Editing;
    let event = format!("{why} ({} to Editing)", from.label());
    record(story, who, Some(from), &event, None, now);
    true
}

fn record(
    story: &mut Story,
    who: &str,
    from: Option<Stage>,
    event: &str,
    note: Option<&str>,
    now: DateTime<Utc>,
) {
    let revision = Revision {
        at: now,
        by: who.to_owned(),
        from,
        stage: story.stage,
        event: event.to_owned(),
        note: note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()),
        fingerprint: public_fingerprint(story),
        content: story.content(),
    };
    story.revisions.push(revision);
}

/// The revision at which the translator handed the story over (the last move out of
/// Translating), for "what changed since translation".
#[must_use]
pub fn translation_handover(story: &Story) -> Option<usize> {
    let translating = |stage: Stage| {
        matches!(
            stage,
            Stage::Translating
                | Stage::SentBack {
                    to: SentBackTo::Translating
                }
        )
    };
    story.revisions.iter().rposition(|r| match r.from {
        Some(from) => translating(from) && !translating(r.stage),
        // Revisions written before `from` was kept say it in words.
        None => r.stage == Stage::Writing && r.event.starts_with("Translating"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Contributor, CreditDisplay, Role};

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_785_000_000, 0).unwrap()
    }

    /// A named change to a story, for table-driven tests.
    type Change = fn(&mut Story);

    fn person(role: Role) -> Actor {
        Actor::new(role.label(), &[role])
    }

    const ALL_STAGES: [Stage; 8] = [
        Stage::Filed,
        Stage::Translating,
        Stage::Writing,
        Stage::Editing,
        Stage::SentBack {
            to: SentBackTo::Writing,
        },
        Stage::SentBack {
            to: SentBackTo::Translating,
        },
        Stage::Approved,
        Stage::Published,
    ];

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
        let mut all = ALL_STAGES.to_vec();
        all.push(Stage::Killed);
        for from in &all {
            for to in &all {
                for role in [Reporter, Translator, Writer, Editor, Photographer] {
                    let may = expected
                        .iter()
                        .any(|(f, t, roles)| f == from && t == to && roles.contains(&role))
                        || (*to == Stage::Killed
                            && role == Editor
                            && !matches!(from, Stage::Published | Stage::Killed));
                    let result = check_move(&rules, &person(role), *from, *to, Some("note"));
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
            None,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "moving a story from Editing to Approved needs the role of editor; translator is a translator"
        );
        let err = check_move(
            &rules,
            &person(Role::Editor),
            Stage::Filed,
            Stage::Approved,
            None,
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("from here it can go to Translating, Killed"),
            "{err}"
        );
        let back = Stage::SentBack {
            to: SentBackTo::Writing,
        };
        for note in [None, Some("  ")] {
            assert_eq!(
                check_move(&rules, &person(Role::Editor), Stage::Editing, back, note),
                Err(WorkflowError::NoteRequired)
            );
        }
        assert_eq!(
            check_move(
                &rules,
                &Actor::new(" ", &[Role::Editor]),
                Stage::Editing,
                back,
                Some("x")
            ),
            Err(WorkflowError::NoIdentity)
        );
    }

    fn approved_story() -> Story {
        let mut story = Story::new("s", now());
        story.headline.english = "Headline".into();
        story.append_source_paragraphs("က\n\nခ");
        story.blocks[0].row.english = "First.".into();
        story.blocks[1].row.english = "Second.".into();
        story.stage = Stage::Editing;
        sign_off(&mut story, &default_rules(), &person(Role::Editor), now()).unwrap();
        story
    }

    #[test]
    fn sign_off_records_editor_time_and_fingerprint() {
        let story = approved_story();
        let sign_off = story.sign_off.clone().unwrap();
        assert_eq!(sign_off.editor, "editor");
        assert_eq!(sign_off.at, now());
        assert_eq!(sign_off.fingerprint, public_fingerprint(&story));
        assert_eq!(story.stage, Stage::Approved);
        assert_eq!(sign_off_state(&story), SignOffState::Current);
        let last = story.revisions.last().unwrap();
        assert!(last.event.starts_with("signed off"), "{}", last.event);
    }

    #[test]
    fn sign_off_goes_stale_on_every_kind_of_public_change() {
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
        ];
        for (what, change) in &changes {
            // Published stories too: a correction after publication needs a new sign-off.
            let mut story = approved_story();
            move_stage(
                &mut story,
                &default_rules(),
                &person(Role::Editor),
                Stage::Published,
                None,
                now(),
            )
            .unwrap();
            change(&mut story);
            assert!(
                settle_after_edit(&mut story, "writer", now()),
                "published: {what}"
            );
            assert_eq!(story.stage, Stage::Editing, "published: {what}");
        }
        for (what, change) in changes {
            let mut story = approved_story();
            change(&mut story);
            assert_eq!(sign_off_state(&story), SignOffState::Stale, "{what}");
            assert!(settle_after_edit(&mut story, "writer", now()), "{what}");
            assert_eq!(story.stage, Stage::Editing, "{what}");
            assert!(story.revisions.last().unwrap().event.contains("stale"));
        }
    }

    #[test]
    fn sign_off_stays_current_on_internal_changes() {
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
            assert_eq!(sign_off_state(&story), SignOffState::Current, "{what}");
            assert!(!settle_after_edit(&mut story, "writer", now()));
            assert_eq!(story.stage, Stage::Approved);
        }
    }

    #[test]
    fn publishing_needs_a_current_sign_off() {
        let rules = default_rules();
        let mut story = approved_story();
        story.headline.english.push('!');
        let err = move_stage(
            &mut story,
            &rules,
            &person(Role::Editor),
            Stage::Published,
            None,
            now(),
        )
        .unwrap_err();
        assert!(matches!(err, WorkflowError::SignOffNeeded(_)));
        let mut story = approved_story();
        move_stage(
            &mut story,
            &rules,
            &person(Role::Editor),
            Stage::Published,
            None,
            now(),
        )
        .unwrap();
        assert_eq!(story.stage, Stage::Published);
    }

    #[test]
    fn unchecked_refiled_rows_block_sign_off_and_a_refile_reopens() {
        let rules = default_rules();
        let mut story = approved_story();
        story.stage = Stage::Editing;
        story.blocks[0].previous_source = Some("old".into());
        let err = sign_off(&mut story, &rules, &person(Role::Editor), now()).unwrap_err();
        assert!(err.to_string().contains("re-filed"), "{err}");
        story.blocks[0].previous_source = None;
        sign_off(&mut story, &rules, &person(Role::Editor), now()).unwrap();
        assert!(settle_after_refile(&mut story, "reporter", now()));
        assert_eq!(story.stage, Stage::Editing);
    }

    #[test]
    fn the_translation_handover_is_found() {
        let rules = default_rules();
        let mut story = Story::new("s", now());
        story.stage = Stage::Translating;
        assert_eq!(translation_handover(&story), None);
        move_stage(
            &mut story,
            &rules,
            &person(Role::Translator),
            Stage::Writing,
            None,
            now(),
        )
        .unwrap();
        move_stage(
            &mut story,
            &rules,
            &person(Role::Writer),
            Stage::Editing,
            None,
            now(),
        )
        .unwrap();
        assert_eq!(translation_handover(&story), Some(0));
    }
}
