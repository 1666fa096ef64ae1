//! Desk settings: the languages, the service name and the staff roster of one desk.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Role, Stage};

/// The settings of one desk, stored in `desk.ron` at the desk's root.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskSettings {
    /// Version of the file format this value was written with.
    pub format_version: u32,
    /// The desk's display name, for example "Myanmar Desk".
    pub name: String,
    /// BCP 47 tag of the language stories are filed in, for example `my`.
    pub source_language: String,
    /// BCP 47 tag of the language the desk publishes in, for example `en`.
    pub target_language: String,
    /// How the desk is credited when a reporter is withheld or shown as the service,
    /// for example "RFA's Myanmar Service".
    pub service_name: String,
    /// The people who work on this desk and the roles they usually hold.
    #[serde(default)]
    pub staff: Vec<StaffMember>,
    /// The wording and options of credit lines.
    #[serde(default)]
    pub credits: CreditSettings,
    /// Who may move a story between which stages; `None` keeps Copydesk's defaults
    /// (see `workflow::default_rules`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage_rules: Option<Vec<StageRule>>,
    /// The desk's editorial options.
    #[serde(default)]
    pub options: DeskOptions,
    /// Desk text added after the credit line of web (HTML) exports, for example the
    /// reader-comments policy; never part of a story, kept out of text and wire formats.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub web_footer: String,
    /// The address the desk's stories are published under, ending in `/`; a story's page is
    /// this followed by its slug (the `url` of the web export's data). Empty: not known.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub site_url: String,
}

/// A desk's editorial options.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskOptions {
    /// Four eyes: an editor may not sign off a story they are credited on as its translator
    /// or writer (on by default; never applied when no other editor is on the roster).
    #[serde(default = "yes")]
    pub four_eyes: bool,
    /// Leave the rows of killed stories out of the translation memory (off by default: a
    /// story killed for news reasons is usually still well translated).
    #[serde(default, skip_serializing_if = "is_false")]
    pub memory_excludes_killed: bool,
    /// Signed sign-offs: an editor's sign-off is signed with the SSH key the roster lists
    /// for them (`ssh-keygen -Y sign`), so anyone can verify it (off by default; a desk
    /// without keys works as before).
    #[serde(default, skip_serializing_if = "is_false")]
    pub signed_sign_offs: bool,
}

#[expect(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's skip_serializing_if passes a reference"
)]
fn is_false(value: &bool) -> bool {
    !*value
}

fn yes() -> bool {
    true
}

impl Default for DeskOptions {
    fn default() -> Self {
        Self {
            four_eyes: true,
            memory_excludes_killed: false,
            signed_sign_offs: false,
        }
    }
}

/// One recorded change to a desk's settings: who, when, what.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskChange {
    /// When.
    pub at: DateTime<Utc>,
    /// Who made it.
    pub by: String,
    /// What changed, in words: "added Aye Aye Mon (translator)", "service name".
    pub what: String,
    /// The value before, as shown in the settings screen.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub old: String,
    /// The value after.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub new: String,
}

/// One allowed move between stages and the roles that may make it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageRule {
    /// The stage the story is in.
    pub from: Stage,
    /// The stage it moves to.
    pub to: Stage,
    /// Who may make the move.
    pub roles: Vec<Role>,
}

/// One person on the desk's roster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    /// The name as it is printed in credits.
    pub name: String,
    /// The roles this person holds on the desk.
    #[serde(default)]
    pub roles: Vec<Role>,
    /// Their SSH public key as one line (`ssh-ed25519 AAAA… comment`), which verifies the
    /// sign-offs they sign (see `workflow::signing`); `None` when they have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssh_key: Option<String>,
    /// Their email address, which the commits of their work carry on a team desk; `None`:
    /// the address git has on the machine they work at (see `store::git::Author`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

impl DeskSettings {
    /// Whether the four-eyes rule applies to the editor `name`: the desk's option, and
    /// another editor on the roster to sign off instead (a desk with one editor signs off
    /// its own work).
    #[must_use]
    pub fn four_eyes_for(&self, name: &str) -> bool {
        self.options.four_eyes
            && self.staff.iter().any(|m| {
                m.roles.contains(&Role::Editor) && !m.name.trim().eq_ignore_ascii_case(name.trim())
            })
    }

    /// A person on the roster, by name (ignoring case and surrounding spaces).
    #[must_use]
    pub fn staff_member(&self, name: &str) -> Option<&StaffMember> {
        let name = name.trim();
        self.staff
            .iter()
            .find(|m| m.name.eq_ignore_ascii_case(name))
    }

    /// The format version this build writes for `desk.ron`. Version 2 adds the desk's
    /// options and web footer; its changes are recorded beside it (see `store`).
    pub const FORMAT_VERSION: u32 = 2;

    /// A new desk with the given name, languages and service name, and nobody on its roster.
    #[must_use]
    pub fn new(
        name: &str,
        source_language: &str,
        target_language: &str,
        service_name: &str,
    ) -> Self {
        Self {
            format_version: Self::FORMAT_VERSION,
            name: name.to_owned(),
            source_language: source_language.to_owned(),
            target_language: target_language.to_owned(),
            service_name: service_name.to_owned(),
            staff: Vec::new(),
            credits: CreditSettings::default(),
            stage_rules: None,
            options: DeskOptions::default(),
            web_footer: String::new(),
            site_url: String::new(),
        }
    }
}

/// The desk's wording and options for credit lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditSettings {
    /// Opens the reporters' sentence.
    pub reported: String,
    /// Opens the translators' sentence.
    pub translated: String,
    /// Opens the writers' sentence.
    pub written: String,
    /// Opens the editors' sentence.
    pub edited: String,
    /// The word before the names.
    pub by: String,
    /// The word joining the last two names, and merged roles.
    pub and: String,
    /// Whether an "Edited by" sentence is added (off by default).
    #[serde(default)]
    pub include_editors: bool,
    /// Whether one person in two consecutive roles gets one sentence:
    /// "Reported and translated by A." (off by default).
    #[serde(default)]
    pub merge_consecutive: bool,
}

impl Default for CreditSettings {
    fn default() -> Self {
        Self {
            reported: "Reported".to_owned(),
            translated: "Translated".to_owned(),
            written: "Written in English".to_owned(),
            edited: "Edited".to_owned(),
            by: "by".to_owned(),
            and: "and".to_owned(),
            include_editors: false,
            merge_consecutive: false,
        }
    }
}

impl CreditSettings {
    /// The words opening a role's sentence.
    #[must_use]
    pub fn verb(&self, role: Role) -> &str {
        match role {
            Role::Reporter => &self.reported,
            Role::Translator => &self.translated,
            Role::Writer => &self.written,
            Role::Editor | Role::Photographer => &self.edited,
        }
    }
}
