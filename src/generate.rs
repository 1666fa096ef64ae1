//! Generated desks for measuring and testing at the size of a year's archive: stories of
//! Burmese-like source built from real syllables (not Latin letters) with English beside
//! it, at every stage, each with a history of revisions. Deterministic: the same numbers
//! give the same desk. Used by `copydesk dev generate`, the benchmarks and the tests.

use std::path::Path;

use chrono::{DateTime, TimeDelta};

use crate::model::{
    Block, BlockId, BlockKind, Contributor, CreditDisplay, DeskSettings, Revision, Role, RowStatus,
    StaffMember, Stage, Story, TextRow,
};
use crate::store::{self, StoreError};
use crate::workflow;

/// Syllables of everyday Burmese news copy, to build words from.
const SYLLABLES: [&str; 40] = [
    "မြို့",
    "နယ်",
    "ရေ",
    "ကြီး",
    "မှု",
    "ကြောင့်",
    "ကျေး",
    "ရွာ",
    "သား",
    "များ",
    "ထွက်",
    "ပြေး",
    "ရ",
    "သည်",
    "ဈေး",
    "နှုန်း",
    "မြင့်",
    "တက်",
    "လာ",
    "ကြောင်း",
    "ပြော",
    "ဆို",
    "အစိုး",
    "ရ",
    "တာ",
    "ဝန်",
    "ရှိ",
    "သူ",
    "လမ်း",
    "ပိတ်",
    "မီး",
    "ပြတ်",
    "ဆေး",
    "ရုံ",
    "ကျောင်း",
    "ဖွင့်",
    "လယ်",
    "သမား",
    "ဆန်",
    "စပါး",
];

/// English words of news copy.
const WORDS: [&str; 24] = [
    "residents",
    "said",
    "the",
    "township",
    "flood",
    "water",
    "prices",
    "rose",
    "officials",
    "villages",
    "road",
    "closed",
    "power",
    "cuts",
    "hospital",
    "school",
    "reopened",
    "farmers",
    "rice",
    "market",
    "in",
    "after",
    "and",
    "week",
];

/// A small deterministic generator (xorshift), so no dependency decides the bytes.
struct Dice(u64);

impl Dice {
    fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A Burmese-like sentence of `words` words of one to three syllables, ending with ။.
fn burmese(dice: &mut Dice, words: usize) -> String {
    let mut text = String::new();
    for w in 0..words {
        if w > 0 && dice.below(3) == 0 {
            text.push(' ');
        }
        for _ in 0..=dice.below(3) {
            text.push_str(SYLLABLES[dice.below(SYLLABLES.len())]);
        }
    }
    text.push('။');
    text
}

/// An English sentence of `words` words.
fn english(dice: &mut Dice, words: usize) -> String {
    let mut parts: Vec<&str> = (0..words).map(|_| WORDS[dice.below(WORDS.len())]).collect();
    let first = parts.first().map(|w| {
        let mut c = w.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect::<String>())
            .unwrap_or_default()
    });
    let mut text = first.unwrap_or_default();
    parts.remove(0);
    for part in parts {
        text.push(' ');
        text.push_str(part);
    }
    text.push('.');
    text
}

/// The desk settings of a generated desk: a roster with every role.
#[must_use]
pub fn settings() -> DeskSettings {
    let mut settings = DeskSettings::new(
        "Generated Desk",
        "my",
        "en",
        "Generated Radio's Myanmar Service",
    );
    for (name, roles) in [
        ("Reporter One", vec![Role::Reporter]),
        ("Translator One", vec![Role::Translator]),
        ("Writer One", vec![Role::Writer]),
        ("Editor One", vec![Role::Editor]),
        ("Editor Two", vec![Role::Editor, Role::Writer]),
    ] {
        settings.staff.push(StaffMember {
            name: name.to_owned(),
            roles,
            ssh_key: None,
            email: None,
        });
    }
    settings
}

/// Story number `n` of a generated desk, with `rows` body rows, and its revisions. Its
/// stage cycles through the workflow; the further along, the more rows are translated.
#[must_use]
pub fn story(n: usize, rows: usize, settings: &DeskSettings) -> (Story, Vec<Revision>) {
    let mut dice = Dice::new(n as u64 + 1);
    let start = DateTime::from_timestamp(1_767_225_600, 0).unwrap_or_default()
        + TimeDelta::minutes(97 * i64::try_from(n).unwrap_or(i64::MAX / 1000));
    let mut story = Story::new(&format!("story-{n:05}"), start);
    story.headline.source = burmese(&mut dice, 6);
    story.deck.source = burmese(&mut dice, 12);
    let stages = [
        Stage::Filed,
        Stage::Translating,
        Stage::Writing,
        Stage::Editing,
        Stage::Approved,
        Stage::Published,
    ];
    let stage = stages[n % stages.len()];
    let translated = match stage {
        Stage::Filed => 0,
        Stage::Translating => rows / 2,
        _ => rows,
    };
    for i in 0..rows {
        let id = BlockId(u32::try_from(i + 1).unwrap_or(u32::MAX));
        let source = format!("{} {}", burmese(&mut dice, 14), burmese(&mut dice, 10));
        let done = i < translated;
        story.blocks.push(Block {
            id,
            kind: if i > 0 && i % 9 == 0 {
                BlockKind::Subhead
            } else {
                BlockKind::Paragraph
            },
            row: TextRow {
                source,
                english: if done {
                    format!("{} {}", english(&mut dice, 16), english(&mut dice, 12))
                } else {
                    String::new()
                },
                status: if done {
                    RowStatus::Translated
                } else {
                    RowStatus::Untranslated
                },
                pretranslated: None,
                changed: None,
            },
            omitted: false,
            previous_source: None,
        });
    }
    story.next_block_id = u32::try_from(rows + 1).unwrap_or(u32::MAX);
    if translated == rows && rows > 0 {
        story.headline.english = english(&mut dice, 8);
        story.headline.status = RowStatus::Translated;
        story.deck.english = english(&mut dice, 14);
        story.deck.status = RowStatus::Translated;
    }
    story.contributors = vec![
        Contributor {
            role: Role::Reporter,
            name: "Reporter One".to_owned(),
            display: if n.is_multiple_of(3) {
                CreditDisplay::Withheld
            } else {
                CreditDisplay::Person
            },
        },
        Contributor {
            role: Role::Translator,
            name: "Translator One".to_owned(),
            display: CreditDisplay::Person,
        },
    ];
    // The history: filed, then each move to where it stands now.
    let mut revisions = Vec::new();
    let mut at = start;
    let actor = |name: &str| workflow::Actor::on_desk(settings, name);
    let mut filed = story.clone();
    filed.stage = Stage::Filed;
    if let Ok(revision) = workflow::file_story(&mut filed, settings, &actor("Reporter One"), at) {
        revisions.push(revision);
    }
    story.stage = Stage::Filed;
    let path = [
        (Stage::Translating, "Translator One"),
        (Stage::Writing, "Translator One"),
        (Stage::Editing, "Writer One"),
        (Stage::Approved, "Editor One"),
        (Stage::Published, "Editor One"),
    ];
    for (to, who) in path {
        if story.stage == stage {
            break;
        }
        at += TimeDelta::hours(3);
        let request = workflow::Move {
            go_ahead: true,
            ..workflow::Move::to(to)
        };
        match workflow::move_stage(&mut story, settings, &actor(who), &request, at) {
            Ok(revision) => revisions.push(revision),
            Err(_) => break,
        }
    }
    story.modified = at;
    (story, revisions)
}

/// Writes a generated desk of `stories` stories of `rows` rows each into `root` (which
/// must not hold a desk yet).
pub fn desk(root: &Path, stories: usize, rows: usize) -> Result<(), StoreError> {
    let settings = settings();
    store::create_desk(root, &settings)?;
    for n in 0..stories {
        let (story, revisions) = story(n, rows, &settings);
        store::create_story(root, &story, &revisions)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_stories_are_burmese_at_every_stage_and_the_same_each_time() {
        let settings = settings();
        let (a, revisions) = story(4, 12, &settings);
        let (b, _) = story(4, 12, &settings);
        assert_eq!(a, b, "deterministic");
        assert_eq!(a.stage, Stage::Approved);
        assert_eq!(revisions.first().map(|r| r.event.as_str()), Some("filed"));
        assert_eq!(revisions.len(), 5, "filed and four moves");
        assert_eq!(
            workflow::sign_off_state(&a, &settings),
            workflow::SignOffState::Current
        );
        assert!(
            a.blocks[0]
                .row
                .source
                .chars()
                .all(|c| crate::script::is_myanmar(c) || c == ' ')
        );
        let stages: Vec<Stage> = (0..6).map(|n| story(n, 3, &settings).0.stage).collect();
        assert_eq!(stages.len(), 6);
        assert!(stages.contains(&Stage::Published) && stages.contains(&Stage::Filed));
    }
}
