//! The credit line: who reported, translated and wrote a story, in one printed line.
//!
//! "Reported by RFA's Myanmar Service. Translated by Aye Aye Mon. Written in English by
//! Daniel Ross." One sentence per role in a fixed order; a role with nobody in it is left
//! out; names join as "A", "A and B", "A, B and C". A withheld contributor is credited as the
//! desk's service and their name never appears. The words come from the desk's settings, so
//! another language pair can say its own "Written in English by".

use std::collections::{HashMap, HashSet};

use crate::model::{Contributor, CreditDisplay, DeskSettings, Role, Story};

/// How each person is credited on a story, by name: the most private display they have
/// in any role (withheld over service over by name). A reporter withheld as the reporter
/// stays withheld when they are also credited as a translator, or their name would print
/// beside the role that was meant to hide it. Names are matched as a person would read
/// them: spaces and letter case aside. Entries without a name are not people to match,
/// and keep their own display.
pub struct Displays(HashMap<String, CreditDisplay>);

/// A name as it is matched: runs of whitespace as one space, ends trimmed, lower case.
fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Displays {
    /// The displays of a story's contributors.
    #[must_use]
    pub fn of(contributors: &[Contributor]) -> Self {
        let mut displays = HashMap::with_capacity(contributors.len());
        for person in contributors {
            let key = name_key(&person.name);
            if key.is_empty() {
                continue;
            }
            let display = displays.entry(key).or_insert(CreditDisplay::Person);
            *display = most_private(*display, person.display);
        }
        Self(displays)
    }

    /// How one contributor entry is credited.
    #[must_use]
    pub fn entry(&self, person: &Contributor) -> CreditDisplay {
        self.0
            .get(&name_key(&person.name))
            .copied()
            .unwrap_or(person.display)
    }

    /// How a person named on the desk is credited on this story (by name when they are
    /// not credited at all).
    #[must_use]
    pub fn name(&self, name: &str) -> CreditDisplay {
        self.0
            .get(&name_key(name))
            .copied()
            .unwrap_or(CreditDisplay::Person)
    }
}

fn most_private(a: CreditDisplay, b: CreditDisplay) -> CreditDisplay {
    use CreditDisplay::{Person, Service, Withheld};
    match (a, b) {
        (Withheld, _) | (_, Withheld) => Withheld,
        (Service, _) | (_, Service) => Service,
        (Person, Person) => Person,
    }
}

/// How a credit is printed: the name, or the service for a service or withheld display.
/// This is the only place that choice is made (credit lines, front matter, review tables),
/// so a withheld name cannot reach an export.
#[must_use]
pub fn public_name<'a>(display: CreditDisplay, name: &'a str, service: &'a str) -> &'a str {
    match display {
        CreditDisplay::Person => name.trim(),
        CreditDisplay::Service | CreditDisplay::Withheld => service.trim(),
    }
}

/// The names for one role, as printed, in the order given, each once.
#[must_use]
pub fn credited_names(contributors: &[Contributor], role: Role, service: &str) -> Vec<String> {
    let displays = Displays::of(contributors);
    let mut names: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    for person in contributors.iter().filter(|c| c.role == role) {
        let name = public_name(displays.entry(person), &person.name, service);
        if !name.is_empty() && seen.insert(name) {
            names.push(name.to_owned());
        }
    }
    names
}

/// Joins names as "A", "A and B", "A, B and C" (no serial comma).
#[must_use]
pub fn join_names(names: &[String], and: &str) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {and} {last}", rest.join(", ")),
    }
}

/// The generated credit line of a story's contributors under the desk's settings.
#[must_use]
pub fn generated_credit_line(contributors: &[Contributor], settings: &DeskSettings) -> String {
    let credit = &settings.credits;
    let mut roles = vec![Role::Reporter, Role::Translator, Role::Writer];
    if credit.include_editors {
        roles.push(Role::Editor);
    }
    let groups: Vec<(Role, Vec<String>)> = roles
        .into_iter()
        .map(|role| {
            (
                role,
                credited_names(contributors, role, &settings.service_name),
            )
        })
        .filter(|(_, names)| !names.is_empty())
        .collect();

    let mut sentences = Vec::new();
    let mut i = 0;
    while i < groups.len() {
        let (role, names) = &groups[i];
        let mut verbs = vec![credit.verb(*role).to_owned()];
        // The same people in the next role(s): one sentence, "Reported and translated by A."
        let mut j = i + 1;
        while credit.merge_consecutive && j < groups.len() && groups[j].1 == *names {
            verbs.push(lowercase_first(credit.verb(groups[j].0)));
            j += 1;
        }
        let verbs = join_names(&verbs, &credit.and);
        sentences.push(format!(
            "{verbs} {} {}.",
            credit.by,
            join_names(names, &credit.and)
        ));
        i = j;
    }
    sentences.join(" ")
}

/// The credit line that prints: the editor's override for this story, or the generated one.
#[must_use]
pub fn credit_line(story: &Story, settings: &DeskSettings) -> String {
    match story.credit_line_override.as_deref().map(str::trim) {
        Some(line) if !line.is_empty() => line.to_owned(),
        _ => generated_credit_line(&story.contributors, settings),
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CreditSettings;

    fn person(role: Role, name: &str, display: CreditDisplay) -> Contributor {
        Contributor {
            role,
            name: name.into(),
            display,
        }
    }

    fn desk(configure: impl FnOnce(&mut CreditSettings)) -> DeskSettings {
        let mut settings = DeskSettings::new("D", "my", "en", "RFA's Myanmar Service");
        configure(&mut settings.credits);
        settings
    }

    use CreditDisplay::{Person, Service, Withheld};
    use Role::{Editor, Photographer, Reporter, Translator, Writer};

    /// What is tested, the contributors, the desk's options, and the line expected.
    type Case = (
        &'static str,
        Vec<Contributor>,
        fn(&mut CreditSettings),
        &'static str,
    );

    #[test]
    fn the_credit_line_table() {
        let cases: Vec<Case> = vec![
            (
                "the example from the product brief",
                vec![
                    person(Reporter, "Ko Aung", Service),
                    person(Translator, "Aye Aye Mon", Person),
                    person(Writer, "Daniel Ross", Person),
                ],
                |_| {},
                "Reported by RFA's Myanmar Service. Translated by Aye Aye Mon. Written in English by Daniel Ross.",
            ),
            ("nobody", vec![], |_| {}, ""),
            (
                "empty roles are left out",
                vec![person(Writer, "Daniel Ross", Person)],
                |_| {},
                "Written in English by Daniel Ross.",
            ),
            (
                "two names",
                vec![
                    person(Translator, "A", Person),
                    person(Translator, "B", Person),
                ],
                |_| {},
                "Translated by A and B.",
            ),
            (
                "three names, no serial comma",
                vec![
                    person(Reporter, "A", Person),
                    person(Reporter, "B", Person),
                    person(Reporter, "C", Person),
                ],
                |_| {},
                "Reported by A, B and C.",
            ),
            (
                "a withheld reporter is credited as the service",
                vec![person(Reporter, "Saw Htoo Lay", Withheld)],
                |_| {},
                "Reported by RFA's Myanmar Service.",
            ),
            (
                "the service is named once",
                vec![
                    person(Reporter, "Hidden", Withheld),
                    person(Reporter, "Also hidden", Service),
                    person(Reporter, "Nan Seng", Person),
                ],
                |_| {},
                "Reported by RFA's Myanmar Service and Nan Seng.",
            ),
            (
                "order is reporters, translators, writers whatever the list order",
                vec![
                    person(Writer, "W", Person),
                    person(Translator, "T", Person),
                    person(Reporter, "R", Person),
                ],
                |_| {},
                "Reported by R. Translated by T. Written in English by W.",
            ),
            (
                "editors are left out by default",
                vec![person(Editor, "E", Person), person(Writer, "W", Person)],
                |_| {},
                "Written in English by W.",
            ),
            (
                "an Edited by sentence when the desk asks",
                vec![person(Editor, "E", Person), person(Writer, "W", Person)],
                |c| c.include_editors = true,
                "Written in English by W. Edited by E.",
            ),
            (
                "photographers are credited with their photos, not here",
                vec![person(Photographer, "P", Person)],
                |_| {},
                "",
            ),
            (
                "consecutive roles merge when the desk asks",
                vec![
                    person(Reporter, "A", Person),
                    person(Translator, "A", Person),
                    person(Writer, "W", Person),
                ],
                |c| c.merge_consecutive = true,
                "Reported and translated by A. Written in English by W.",
            ),
            (
                "three consecutive roles merge",
                vec![
                    person(Reporter, "A", Person),
                    person(Translator, "A", Person),
                    person(Writer, "A", Person),
                ],
                |c| c.merge_consecutive = true,
                "Reported, translated and written in English by A.",
            ),
            (
                "no merge by default",
                vec![
                    person(Reporter, "A", Person),
                    person(Translator, "A", Person),
                ],
                |_| {},
                "Reported by A. Translated by A.",
            ),
            (
                "different people do not merge",
                vec![
                    person(Reporter, "A", Person),
                    person(Translator, "B", Person),
                ],
                |c| c.merge_consecutive = true,
                "Reported by A. Translated by B.",
            ),
            (
                "labels come from the desk",
                vec![person(Reporter, "A", Person), person(Writer, "B", Person)],
                |c| {
                    c.reported = "Reportage".into();
                    c.written = "Rédigé en anglais".into();
                    c.by = "par".into();
                    c.and = "et".into();
                },
                "Reportage par A. Rédigé en anglais par B.",
            ),
            (
                "blank names are skipped",
                vec![
                    person(Translator, "  ", Person),
                    person(Writer, "W", Person),
                ],
                |_| {},
                "Written in English by W.",
            ),
        ];
        for (what, contributors, configure, expected) in cases {
            let settings = desk(configure);
            assert_eq!(
                generated_credit_line(&contributors, &settings),
                expected,
                "{what}"
            );
        }
    }

    #[test]
    fn a_person_withheld_in_one_role_is_withheld_in_every_role() {
        let settings = desk(|_| {});
        let contributors = [
            person(Reporter, "Saw Htoo", Withheld),
            person(Translator, " saw  Htoo ", Person),
            person(Writer, "Daniel Ross", Person),
        ];
        assert_eq!(
            generated_credit_line(&contributors, &settings),
            "Reported by RFA's Myanmar Service. Translated by RFA's Myanmar Service. Written in English by Daniel Ross."
        );
        // Service in one role and by name in another: the service.
        let contributors = [
            person(Reporter, "Ko Min", Service),
            person(Writer, "Ko Min", Person),
        ];
        assert_eq!(
            generated_credit_line(&contributors, &settings),
            "Reported by RFA's Myanmar Service. Written in English by RFA's Myanmar Service."
        );
    }

    #[test]
    fn the_override_wins_for_its_story() {
        let settings = desk(|_| {});
        let mut story = Story::new("s", chrono::DateTime::from_timestamp(0, 0).unwrap());
        story.contributors = vec![person(Writer, "W", Person)];
        assert_eq!(credit_line(&story, &settings), "Written in English by W.");
        story.credit_line_override = Some("Staff report.".into());
        assert_eq!(credit_line(&story, &settings), "Staff report.");
        story.credit_line_override = Some("   ".into());
        assert_eq!(credit_line(&story, &settings), "Written in English by W.");
    }
}
