//! Finding text in stories, and replacing it in the English: the rules the editor's find bar,
//! the desk search and `copydesk search` share. Pure: stories in, hits and edits out.
//!
//! A hit is a byte range of one text (a side of a row, or a comment). Matching ignores case
//! unless asked not to (each character lower-cased on its own, so "İ" finds "i̇" and a hit
//! never starts or ends inside what one character became). In a script written without
//! spaces a hit starts and ends only between syllables ([`crate::script::cluster_boundaries`]):
//! a query that is the start of a longer syllable does not match inside it. "Whole words"
//! asks for word boundaries at both ends ([`crate::script::word_boundaries`]: Unicode's
//! rules, with the dictionary for Burmese).
//!
//! Replacing touches the English side only, the source being the reporter's; a replacement
//! is one [`Edit`] however many rows it changes, so one undo restores them all, and the
//! session checks it like typing (`workflow::check_edit`).

use std::borrow::Cow;
use std::ops::Range;

use crate::edit::Edit;
use crate::model::{RowRef, Side, Story, TextRow, row_name};
use crate::script::{cluster_boundaries, needs_script_rules, word_boundaries};

/// What to look for, and how.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Query {
    /// The text, as typed.
    pub text: String,
    /// Upper and lower case must be as typed.
    pub match_case: bool,
    /// Hits must be whole words.
    pub whole_words: bool,
}

impl Query {
    /// A query for `text` that ignores case and finds parts of words.
    #[must_use]
    pub fn new(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            ..Self::default()
        }
    }
}

/// A query made ready to run over many texts.
#[derive(Clone, Debug)]
pub struct Matcher {
    /// The text looked for: lower-cased unless case matters.
    needle: String,
    match_case: bool,
    whole_words: bool,
}

/// A text lower-cased one character at a time, and where each of its bytes came from when
/// that differs from the identity (a character that became several, or one of another length).
struct Folded<'t> {
    text: Cow<'t, str>,
    /// For each byte of `text` and one past its end: the offset of the original character it
    /// came from. `None` when every offset is the same in both.
    origin: Option<Vec<usize>>,
}

impl Folded<'_> {
    /// The offset in the original text of `at`, an offset in the folded one, if `at` is
    /// where what one original character became begins (or the end).
    fn original(&self, at: usize) -> Option<usize> {
        match &self.origin {
            None => Some(at),
            Some(origin) => {
                let here = *origin.get(at)?;
                let starts = at == 0 || at == self.text.len() || origin[at - 1] != here;
                starts.then_some(here)
            }
        }
    }
}

/// Lower-cases `text` character by character (never by context, so the same character always
/// becomes the same text, and a text's parts fold to parts of its fold).
fn fold(text: &str) -> Folded<'_> {
    if text.is_ascii() {
        let text = if text.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(text.to_ascii_lowercase())
        } else {
            Cow::Borrowed(text)
        };
        return Folded { text, origin: None };
    }
    let mut out = String::with_capacity(text.len());
    let mut origin: Option<Vec<usize>> = None;
    for (at, c) in text.char_indices() {
        let before = out.len();
        let lower = c.to_lowercase();
        let one_for_one = lower.len() == 1;
        out.extend(lower);
        let grown = out.len() - before;
        if origin.is_none() && !(one_for_one && grown == c.len_utf8()) {
            // Every offset so far was the same in both texts.
            origin = Some((0..before).collect());
        }
        if let Some(origin) = &mut origin {
            origin.extend(std::iter::repeat_n(at, grown));
        }
    }
    if let Some(origin) = &mut origin {
        origin.push(text.len());
    }
    Folded {
        text: Cow::Owned(out),
        origin,
    }
}

impl Matcher {
    /// The matcher for a query; `None` when there is nothing to look for.
    #[must_use]
    pub fn new(query: &Query) -> Option<Self> {
        if query.text.is_empty() {
            return None;
        }
        let needle = if query.match_case {
            query.text.clone()
        } else {
            fold(&query.text).text.into_owned()
        };
        Some(Self {
            needle,
            match_case: query.match_case,
            whole_words: query.whole_words,
        })
    }

    /// Every hit in `text`, in order, none overlapping another, as byte ranges.
    #[must_use]
    pub fn find_all(&self, text: &str) -> Vec<Range<usize>> {
        let mut hits = Vec::new();
        self.each(text, |hit| {
            hits.push(hit);
            true
        });
        hits
    }

    /// Whether `text` has a hit.
    #[must_use]
    pub fn is_match(&self, text: &str) -> bool {
        let mut found = false;
        self.each(text, |_| {
            found = true;
            false
        });
        found
    }

    /// Calls `found` with each hit until it returns `false`.
    fn each(&self, text: &str, mut found: impl FnMut(Range<usize>) -> bool) {
        let folded = if self.match_case {
            Folded {
                text: Cow::Borrowed(text),
                origin: None,
            }
        } else {
            fold(text)
        };
        let hay = folded.text.as_ref();
        // Worked out at the first candidate only: most texts have none.
        let mut clusters: Option<Vec<usize>> = None;
        let mut words: Option<Vec<usize>> = None;
        let mut from = 0;
        while let Some(at) = hay[from..].find(&self.needle) {
            let start = from + at;
            let end = start + self.needle.len();
            let range = folded.original(start).zip(folded.original(end));
            let keep = range.is_some_and(|(a, b)| {
                let clusters =
                    clusters.get_or_insert_with(|| script_stops(text, cluster_boundaries));
                let between_clusters = clusters.is_empty()
                    || (clusters.binary_search(&a).is_ok() && clusters.binary_search(&b).is_ok());
                between_clusters && {
                    !self.whole_words || {
                        let words = words.get_or_insert_with(|| word_boundaries(text));
                        words.binary_search(&a).is_ok() && words.binary_search(&b).is_ok()
                    }
                }
            });
            match range {
                Some((a, b)) if keep => {
                    if !found(a..b) {
                        return;
                    }
                    from = end;
                }
                _ => {
                    // Look again from the next character: a hit may overlap a refused one.
                    let step = hay[start..].chars().next().map_or(1, char::len_utf8);
                    from = start + step;
                }
            }
            if from > hay.len() {
                return;
            }
        }
    }

    /// Whether a text that holds other texts whole (a story file, where Copydesk writes
    /// strings as they are) could hold a hit in one of them: never `false` when one of them
    /// has a hit. Quicker than finding, so a desk search reads only files that may matter.
    #[must_use]
    pub fn might_contain(&self, haystack: &str) -> bool {
        if self.match_case {
            return haystack.contains(&self.needle);
        }
        if self.needle.is_ascii() {
            // Only two characters outside ASCII lower-case to text with ASCII letters in it:
            // "İ" (to "i" and a combining dot) and the Kelvin sign (to "k").
            return haystack.to_ascii_lowercase().contains(&self.needle)
                || haystack.contains(['\u{130}', '\u{212A}']);
        }
        let caseless = self
            .needle
            .chars()
            .all(|c| !c.is_lowercase() && !c.is_uppercase() && c != '\u{307}');
        if caseless {
            // Lower-casing changes only letters with case, into letters with case (and the
            // dot of "İ"): a needle with none of them is found exactly where it is.
            return haystack.contains(&self.needle);
        }
        fold(haystack).text.contains(&self.needle)
    }
}

/// Cluster stops of a text that needs script rules; empty (every character a stop) for one
/// that does not.
fn script_stops(text: &str, stops: fn(&str) -> Vec<usize>) -> Vec<usize> {
    if needs_script_rules(text) {
        stops(text)
    } else {
        Vec::new()
    }
}

/// Where a hit is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Place {
    /// One side of a row (a photo's caption is its row's text).
    Text {
        /// The row.
        row: RowRef,
        /// The side.
        side: Side,
    },
    /// A comment thread: its opening comment, or a reply (numbered from 0).
    Comment {
        /// The thread's id.
        id: u32,
        /// The row the thread is on.
        anchor: RowRef,
        /// The reply, or `None` for the opening comment.
        reply: Option<usize>,
    },
}

impl Place {
    /// The row the hit is on (a comment's, the row it is about).
    #[must_use]
    pub fn row(self) -> RowRef {
        match self {
            Self::Text { row, .. } | Self::Comment { anchor: row, .. } => row,
        }
    }

    /// What the hit is in, for a person: "source", "English", "comment".
    #[must_use]
    pub fn field_name(self) -> &'static str {
        match self {
            Self::Text {
                side: Side::Source, ..
            } => "source",
            Self::Text {
                side: Side::English,
                ..
            } => "English",
            Self::Comment { .. } => "comment",
        }
    }
}

/// One hit in a story.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Hit {
    /// Where.
    pub place: Place,
    /// The bytes of that text that match.
    pub range: Range<usize>,
}

/// The rows' texts find looks in, in editor order: each row's source, then its English. A
/// row that does not run has no English in the editor or the copy, so its English is left out.
fn row_texts(story: &Story) -> impl Iterator<Item = (Place, &str)> + '_ {
    let rows = [
        (RowRef::Headline, &story.headline, false),
        (RowRef::Deck, &story.deck, false),
    ]
    .into_iter()
    .chain(
        story
            .blocks
            .iter()
            .map(|b| (RowRef::Block(b.id), &b.row, b.omitted)),
    );
    rows.flat_map(|(row, text, omitted): (RowRef, &TextRow, bool)| {
        let source = (
            Place::Text {
                row,
                side: Side::Source,
            },
            text.source.as_str(),
        );
        let english = (!omitted).then_some((
            Place::Text {
                row,
                side: Side::English,
            },
            text.english.as_str(),
        ));
        std::iter::once(source).chain(english)
    })
}

/// Every hit in a story's rows, in editor order: row by row, the source before the English.
#[must_use]
pub fn find_in_story(story: &Story, matcher: &Matcher) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (place, text) in row_texts(story) {
        hits.extend(
            matcher
                .find_all(text)
                .into_iter()
                .map(|range| Hit { place, range }),
        );
    }
    hits
}

/// Which hits to replace.
#[derive(Clone, Copy, Debug)]
pub enum Target<'h> {
    /// Every hit on the English side.
    All,
    /// This one, if it is still a hit on the English side.
    One(&'h Hit),
}

/// A replacement ready to apply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replacement {
    /// One edit for every row changed (with each row's status, as typing changes it).
    pub edit: Edit,
    /// How many hits it replaces.
    pub count: usize,
    /// How many rows it changes.
    pub rows: usize,
}

/// The edit that replaces `target`'s hits of `matcher` in the English side by `with`, or
/// `None` when there is nothing to replace (no hit in the English; the one hit asked for is
/// on the source side or no longer there). Each changed row's status moves as typing moves
/// it: English typed into an untranslated row makes a draft, reviewed English changed needs
/// a new review, emptied English is untranslated.
#[must_use]
pub fn replace(
    story: &Story,
    matcher: &Matcher,
    with: &str,
    target: Target<'_>,
) -> Option<Replacement> {
    let mut edits = Vec::new();
    let mut count = 0;
    let mut rows = 0;
    for (place, text) in row_texts(story) {
        let Place::Text {
            row,
            side: Side::English,
        } = place
        else {
            continue;
        };
        let ranges: Vec<Range<usize>> = match target {
            Target::All => matcher.find_all(text),
            Target::One(hit) if hit.place == place => matcher
                .find_all(text)
                .into_iter()
                .filter(|r| *r == hit.range)
                .collect(),
            Target::One(_) => continue,
        };
        if ranges.is_empty() {
            continue;
        }
        let mut changed = String::with_capacity(text.len());
        let mut at = 0;
        for range in &ranges {
            changed.push_str(&text[at..range.start]);
            changed.push_str(with);
            at = range.end;
        }
        changed.push_str(&text[at..]);
        count += ranges.len();
        if changed == text {
            continue;
        }
        rows += 1;
        let status = story.row(row).map(|r| r.status);
        let after = status.map(|s| s.after_change(Side::English, changed.trim().is_empty()));
        edits.push(Edit::SetText {
            row,
            side: Side::English,
            text: changed,
        });
        if let (Some(before), Some(after)) = (status, after)
            && before != after
        {
            edits.push(Edit::SetStatus { row, status: after });
        }
    }
    (count > 0).then_some(Replacement {
        edit: Edit::Batch(edits),
        count,
        rows,
    })
}

/// A hit with a little of the text around it, on one line, for a list of hits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Context {
    /// What comes before the hit ("…" first when cut).
    pub before: String,
    /// The hit.
    pub matched: String,
    /// What comes after it ("…" last when cut).
    pub after: String,
}

impl Context {
    /// How many characters of text are kept on each side of a hit.
    pub const AROUND: usize = 40;

    /// The context of `range` in `text`: up to [`Self::AROUND`] characters each side, cut
    /// at a space when one leaves at least half of that, else between clusters (never
    /// inside a Burmese syllable); line breaks shown as spaces.
    #[must_use]
    pub fn of(text: &str, range: Range<usize>) -> Self {
        let stops = script_stops(text, cluster_boundaries);
        let is_stop = |at: usize| stops.is_empty() || stops.binary_search(&at).is_ok();
        // Before the hit: positions walking back, one character at a time.
        let back = text[..range.start]
            .char_indices()
            .rev()
            .map(|(at, _)| at)
            .take(Self::AROUND);
        let start = cut(back, 0, is_stop, |at| {
            text[..at].ends_with(char::is_whitespace)
        })
        .unwrap_or(range.start);
        // After it: the ends of the characters walking on.
        let on = text[range.end..]
            .char_indices()
            .map(|(at, c)| range.end + at + c.len_utf8())
            .take(Self::AROUND);
        let end = cut(on, text.len(), is_stop, |at| {
            text[at..].starts_with(char::is_whitespace)
        })
        .unwrap_or(range.end);
        let line = |s: &str| s.replace(['\n', '\r', '\t'], " ");
        let before = if start == 0 {
            line(&text[..range.start])
        } else {
            format!("…{}", line(text[start..range.start].trim_start()))
        };
        let after = if end == text.len() {
            line(&text[range.end..])
        } else {
            format!("{}…", line(text[range.end..end].trim_end()))
        };
        Self {
            before,
            matched: line(&text[range]),
            after,
        }
    }
}

/// Where to cut a context, given the positions within reach from the hit outwards: `whole`
/// (the text's start or end) if it is in reach; else the farthest position after or before a
/// space, if at least half the reach away; else the farthest cluster stop; `None` for the hit
/// itself.
fn cut(
    positions: impl Iterator<Item = usize>,
    whole: usize,
    is_stop: impl Fn(usize) -> bool,
    at_space: impl Fn(usize) -> bool,
) -> Option<usize> {
    let mut stop = None;
    let mut space = None;
    for (n, at) in positions.enumerate() {
        if at == whole {
            return Some(whole);
        }
        if is_stop(at) {
            stop = Some(at);
            if n + 1 >= Context::AROUND / 2 && at_space(at) {
                space = Some(at);
            }
        }
    }
    space.or(stop)
}

/// A hit found by searching the desk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeskHit {
    /// The story's slug.
    pub slug: String,
    /// Where in the story.
    pub place: Place,
    /// The row as a person names it: "Headline", "Deck", "Row 4".
    pub row_name: String,
    /// The hit and the text around it.
    pub context: Context,
}

impl DeskHit {
    /// What the hit is in, for a person: "Row 4, English", "Headline, comment".
    #[must_use]
    pub fn location(&self) -> String {
        format!("{}, {}", self.row_name, self.place.field_name())
    }
}

/// The hits in one story for a desk search: its rows (both sides; captions are rows) and its
/// comment threads, opening comments and replies, at most `limit` of them.
#[must_use]
pub fn story_hits(story: &Story, matcher: &Matcher, limit: usize) -> Vec<DeskHit> {
    let comments = story.comments.iter().flat_map(|c| {
        let opening = (
            Place::Comment {
                id: c.id,
                anchor: c.anchor,
                reply: None,
            },
            c.text.as_str(),
        );
        let replies = c.replies.iter().enumerate().map(|(n, r)| {
            (
                Place::Comment {
                    id: c.id,
                    anchor: c.anchor,
                    reply: Some(n),
                },
                r.text.as_str(),
            )
        });
        std::iter::once(opening).chain(replies)
    });
    let mut hits = Vec::new();
    for (place, text) in row_texts(story).chain(comments) {
        if hits.len() >= limit {
            break;
        }
        let mut name = None;
        matcher.each(text, |range| {
            let row_name = name
                .get_or_insert_with(|| row_name(story, place.row()))
                .clone();
            hits.push(DeskHit {
                slug: story.slug.clone(),
                place,
                row_name,
                context: Context::of(text, range),
            });
            hits.len() < limit
        });
    }
    hits
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;
    use proptest::prelude::*;

    use super::*;
    use crate::model::{Comment, Reply, RowStatus};

    /// One hit, as `find_all` gives it.
    fn one(range: Range<usize>) -> Vec<Range<usize>> {
        vec![range]
    }

    fn matcher(text: &str) -> Matcher {
        Matcher::new(&Query::new(text)).unwrap_or_else(|| panic!("a query: {text:?}"))
    }

    fn with(text: &str, match_case: bool, whole_words: bool) -> Matcher {
        let query = Query {
            text: text.to_owned(),
            match_case,
            whole_words,
        };
        Matcher::new(&query).unwrap_or_else(|| panic!("a query: {text:?}"))
    }

    /// Three rows: Burmese source, English beside each; the last row does not run.
    fn story() -> Story {
        let mut story = Story::new("s", DateTime::from_timestamp(0, 0).unwrap_or_default());
        story.headline.english = "Diesel prices rise".to_owned();
        story.headline.status = RowStatus::Reviewed;
        story.append_source_paragraphs("မီးစက်သုံး ဒီဇယ်ဆီဈေး\n\nဒီဇယ် diesel\n\nခ");
        story.blocks[0].row.english = "Diesel for generators; diesel again.".to_owned();
        story.blocks[0].row.status = RowStatus::Translated;
        story.blocks[1].row.english = "No fuel here.".to_owned();
        story.blocks[1].row.status = RowStatus::Draft;
        story.blocks[2].row.english = "diesel, not running".to_owned();
        story.blocks[2].omitted = true;
        story
    }

    #[test]
    fn case_is_ignored_unless_asked_for() {
        assert_eq!(
            matcher("DIESEL").find_all("a diesel, Diesel"),
            [2..8, 10..16]
        );
        assert_eq!(
            with("Diesel", true, false).find_all("a diesel, Diesel"),
            one(10..16)
        );
        assert!(
            Matcher::new(&Query::new("")).is_none(),
            "nothing to look for"
        );
    }

    #[test]
    fn whole_words_need_a_word_boundary_at_both_ends() {
        let text = "power-cuts cut the cutter";
        assert_eq!(matcher("cut").find_all(text), [6..9, 11..14, 19..22]);
        assert_eq!(with("cut", false, true).find_all(text), one(11..14));
        // Punctuation is a boundary: "power" is a whole word of "power-cuts".
        assert_eq!(with("power", false, true).find_all(text), one(0..5));
    }

    #[test]
    fn burmese_matches_only_between_syllables() {
        // မြန် (4 characters, 12 bytes) then မာ (2 characters, 6 bytes).
        let myanmar = "မြန်မာ";
        assert_eq!(matcher("မြန်").find_all(myanmar), one(0..12));
        assert_eq!(matcher("မာ").find_all(myanmar), one(12..18));
        // မ starts both syllables, but is not one: it matches inside neither.
        assert!(matcher("မ").find_all(myanmar).is_empty());
        // မြ is the start of the syllable မြန်, not a syllable.
        assert!(matcher("မြ").find_all(myanmar).is_empty());
        // A consonant followed by its medial: က is not a syllable of ကျောင်း.
        assert!(matcher("က").find_all("ကျောင်း").is_empty());
        assert!(matcher("ကျ").find_all("ကျောင်း").is_empty());
        assert_eq!(matcher("ကျောင်း").find_all("ကျောင်း"), one(0..21));
    }

    #[test]
    fn burmese_whole_words_follow_the_dictionary() {
        // မီးစက် (generator) is one word, then သုံး (use): စက် is a syllable of it, not a word.
        let text = "မီးစက်သုံး";
        assert_eq!(matcher("စက်").find_all(text), one(9..18));
        assert!(with("စက်", false, true).find_all(text).is_empty());
        assert_eq!(with("မီးစက်", false, true).find_all(text), one(0..18));
    }

    #[test]
    fn a_hit_never_starts_or_ends_inside_what_one_character_lower_cased_to() {
        // İ (2 bytes) lower-cases to i and a combining dot: an "i" is not inside it.
        assert!(matcher("i").find_all("İz").is_empty());
        assert_eq!(matcher("İz").find_all("İz"), one(0..3));
        assert_eq!(matcher("iz").find_all("xİz"), Vec::<Range<usize>>::new());
        // The Kelvin sign (3 bytes) lower-cases to k (1 byte): offsets still name the sign.
        assert_eq!(matcher("k").find_all("5 \u{212A}, 5 k"), [2..5, 9..10]);
    }

    #[test]
    fn a_refused_candidate_does_not_hide_an_overlapping_hit() {
        // "aa" at 0 is not a whole word ("aaa" is); no other place is either.
        assert!(with("aa", false, true).find_all("aaa").is_empty());
        // The first candidate "ab" is inside a word; the one after the space is a word.
        assert_eq!(with("ab", false, true).find_all("xab ab"), one(4..6));
    }

    #[test]
    fn the_story_is_searched_in_editor_order_source_before_english() {
        let story = story();
        let hits = find_in_story(&story, &matcher("diesel"));
        let row = |n: usize| RowRef::Block(story.blocks[n].id);
        let places: Vec<(RowRef, Side, Range<usize>)> = hits
            .iter()
            .map(|h| match h.place {
                Place::Text { row, side } => (row, side, h.range.clone()),
                Place::Comment { .. } => panic!("no comments in the editor's find"),
            })
            .collect();
        assert_eq!(
            places,
            [
                (RowRef::Headline, Side::English, 0..6),
                (row(0), Side::English, 0..6),
                (row(0), Side::English, 23..29),
                // The second row's source quotes the word in Latin letters.
                (row(1), Side::Source, 16..22),
                // The third row does not run: its English is not searched.
            ]
        );
        // Burmese on the source side: ဒီဇယ် (diesel) in rows 1 and 2.
        let burmese: Vec<RowRef> = find_in_story(&story, &matcher("ဒီဇယ်"))
            .iter()
            .map(|h| h.place.row())
            .collect();
        assert_eq!(burmese, [row(0), row(1)]);
    }

    #[test]
    fn replace_all_changes_the_english_only_as_one_edit_that_undoes_exactly() {
        let original = story();
        let mut story = original.clone();
        let done = replace(&story, &matcher("diesel"), "fuel", Target::All).expect("hits");
        assert_eq!((done.count, done.rows), (3, 2));
        let inverse = done.edit.apply(&mut story).expect("applies");
        assert_eq!(story.headline.english, "fuel prices rise");
        assert_eq!(
            story.blocks[0].row.english,
            "fuel for generators; fuel again."
        );
        // The source is the reporter's; the omitted row's English is not in the copy.
        assert_eq!(story.blocks[1].row.source, original.blocks[1].row.source);
        assert_eq!(story.blocks[2].row.english, "diesel, not running");
        // Reviewed English that changed needs a new review; translated stays translated.
        assert_eq!(story.headline.status, RowStatus::Translated);
        assert_eq!(story.blocks[0].row.status, RowStatus::Translated);
        inverse.apply(&mut story).expect("undoes");
        assert_eq!(story, original);
    }

    #[test]
    fn replacing_with_nothing_can_leave_a_row_untranslated() {
        let mut story = story();
        story.blocks[1].row.english = "Diesel".to_owned();
        let done = replace(&story, &matcher("diesel"), "", Target::All).expect("hits");
        done.edit.apply(&mut story).expect("applies");
        assert_eq!(story.blocks[1].row.english, "");
        assert_eq!(story.blocks[1].row.status, RowStatus::Untranslated);
    }

    #[test]
    fn replace_one_changes_that_hit_only_and_never_a_source_hit() {
        let mut story = story();
        let m = matcher("diesel");
        let hits = find_in_story(&story, &m);
        let second = &hits[2];
        let done = replace(&story, &m, "oil", Target::One(second)).expect("a hit");
        assert_eq!(done.count, 1);
        done.edit.apply(&mut story).expect("applies");
        assert_eq!(
            story.blocks[0].row.english,
            "Diesel for generators; oil again."
        );
        assert_eq!(story.headline.english, "Diesel prices rise");
        let source_hit = find_in_story(&story, &m)
            .into_iter()
            .find(|h| {
                matches!(
                    h.place,
                    Place::Text {
                        side: Side::Source,
                        ..
                    }
                )
            })
            .expect("a source hit");
        assert_eq!(replace(&story, &m, "oil", Target::One(&source_hit)), None);
        // A hit that is no longer there (the text changed since) is not replaced.
        assert_eq!(replace(&story, &m, "oil", Target::One(second)), None);
    }

    #[test]
    fn desk_hits_name_the_row_and_look_in_comments_too() {
        let mut story = story();
        let anchor = RowRef::Block(story.blocks[1].id);
        story.comments.push(Comment {
            id: 1,
            anchor,
            author: "Clare".to_owned(),
            created: story.created,
            edited: None,
            text: "Is it diesel or petrol?".to_owned(),
            replies: vec![Reply {
                author: "Thiri".to_owned(),
                at: story.created,
                text: "Diesel.".to_owned(),
            }],
            resolved: None,
        });
        let hits = story_hits(&story, &matcher("diesel"), 100);
        let names: Vec<String> = hits.iter().map(DeskHit::location).collect();
        assert_eq!(
            names,
            [
                "Headline, English",
                "Row 1, English",
                "Row 1, English",
                "Row 2, source",
                "Row 2, comment",
                "Row 2, comment",
            ]
        );
        assert_eq!(hits[4].context.before, "Is it ");
        assert_eq!(hits[4].context.matched, "diesel");
        assert_eq!(hits[4].context.after, " or petrol?");
        assert_eq!(
            story_hits(&story, &matcher("diesel"), 2).len(),
            2,
            "the limit holds"
        );
    }

    #[test]
    fn context_is_cut_between_syllables_and_marked() {
        let text = format!("{}X{}", "a".repeat(50), "b\nb".repeat(20));
        let context = Context::of(&text, 50..51);
        assert_eq!(context.before, format!("…{}", "a".repeat(40)));
        assert_eq!(context.matched, "X");
        // 40 characters after it, the line breaks shown as spaces; a line break follows
        // the fortieth, so the cut is there.
        assert_eq!(context.after, format!("{}b…", "b b".repeat(13)));
        // 45 characters before the hit: 11 syllables of 4 and a space. Forty back lands
        // inside the second syllable; the cut moves on to the third. The only space is too
        // close to the hit to cut at.
        let burmese = format!("{} X", "မြန်".repeat(11));
        let at = burmese.len() - 1;
        let context = Context::of(&burmese, at..burmese.len());
        assert_eq!(context.before, format!("…{} ", "မြန်".repeat(9)));
        assert_eq!(context.after, "");
        // A short text is shown whole.
        let context = Context::of("a diesel b", 2..8);
        assert_eq!(
            (context.before.as_str(), context.after.as_str()),
            ("a ", " b")
        );
    }

    #[test]
    fn context_is_cut_between_words_when_it_can_be() {
        let text = "Shopkeepers and small business owners worry about extra costs at a time when \
                    diesel for generators is getting more expensive.";
        let at = text.find("diesel").expect("in the text");
        let context = Context::of(text, at..at + 6);
        // Forty characters back reach into "owners"; the cut is at the space after it.
        assert_eq!(context.before, "…worry about extra costs at a time when ");
        assert_eq!(context.after, " for generators is getting more…");
    }

    /// An oracle written apart from the matcher: every place, leftmost first, where the text
    /// lower-cased character by character equals the query so lower-cased, starting and
    /// ending between clusters, not overlapping the one before.
    fn naive(text: &str, query: &str, match_case: bool) -> Vec<Range<usize>> {
        let lower = |s: &str| -> String {
            if match_case {
                s.to_owned()
            } else {
                s.chars().flat_map(char::to_lowercase).collect()
            }
        };
        let wanted = lower(query);
        let stops = if text.chars().any(crate::script::is_myanmar) {
            cluster_boundaries(text)
        } else {
            text.char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect()
        };
        let mut hits = Vec::new();
        let mut from = 0;
        for &start in &stops {
            if start < from {
                continue;
            }
            if let Some(&end) = stops
                .iter()
                .find(|&&end| end > start && lower(&text[start..end]) == wanted)
            {
                hits.push(start..end);
                from = end;
            }
        }
        hits
    }

    fn alphabet() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            proptest::sample::select(vec![
                "a", "A", "b", "B", " ", "-", "İ", "i", "\u{307}", "\u{212A}", "k", "K", "ß", "Σ",
                "σ", "မ", "ြ", "န", "်", "ာ", "က", "ျ", "း", "ဒ", "ီ",
            ]),
            0..14,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #[test]
        fn hits_are_what_the_oracle_finds(text in alphabet(), query in alphabet(), case in any::<bool>()) {
            prop_assume!(!query.is_empty());
            let found = with(&query, case, false).find_all(&text);
            prop_assert_eq!(found, naive(&text, &query, case));
        }

        #[test]
        fn the_quick_check_never_misses_a_hit(
            text in alphabet(),
            query in alphabet(),
            around in alphabet(),
            case in any::<bool>(),
            words in any::<bool>(),
        ) {
            prop_assume!(!query.is_empty());
            let m = with(&query, case, words);
            if m.is_match(&text) {
                let file = format!("{around}\"{text}\"{around}");
                prop_assert!(m.might_contain(&file));
            }
        }
    }
}
