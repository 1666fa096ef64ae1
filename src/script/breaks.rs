//! Where a cursor may stand and where a line may break, for text in any mix of scripts.
//!
//! Each run of text follows the rules of its own script, found from its characters, so a
//! Burmese paragraph quoting an English name is handled piece by piece. Myanmar text
//! breaks between syllables only ([`super::myanmar_syllables`]); line-break opportunities
//! come from the Unicode line-breaking rules with ICU4X's dictionaries for scripts written
//! without spaces, kept only where they fall between clusters. A script without rules of
//! its own here gets a boundary at every character, as egui gives it.

use std::ops::Range;
use std::sync::OnceLock;

use icu_segmenter::LineSegmenter;
use icu_segmenter::options::LineBreakOptions;

use super::myanmar::{is_myanmar, myanmar_syllables, starts_syllable_letter};

/// Whether a text needs the script-aware rules here: it has characters of a script whose
/// clusters or line breaks egui does not get right by itself.
#[must_use]
pub fn needs_script_rules(text: &str) -> bool {
    text.chars().any(is_myanmar)
}

/// The byte offsets where a cursor may stand: 0, the end of the text, and every boundary
/// between clusters a reader does not split (Myanmar syllables; characters elsewhere).
#[must_use]
pub fn cluster_boundaries(text: &str) -> Vec<usize> {
    let mut boundaries = vec![0];
    let mut at = 0;
    for segment in myanmar_syllables(text) {
        let syllable = segment.chars().next().is_some_and(starts_syllable_letter);
        if syllable {
            at += segment.len();
            boundaries.push(at);
        } else {
            // Digits (one can be corrected inside a number), punctuation, letters of other
            // Myanmar-script languages this table has no rules for, and other scripts:
            // every character, as egui moves through them.
            for c in segment.chars() {
                at += c.len_utf8();
                boundaries.push(at);
            }
        }
    }
    boundaries.dedup();
    boundaries
}

/// Which way a cursor moved, so it snaps on in the same direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Towards the start of the text.
    Backward,
    /// Towards the end of the text.
    Forward,
    /// No direction (a click): to the closer boundary, the earlier one on a tie.
    Nearest,
}

/// A position moved onto the closest boundary in `direction`. `boundaries` is sorted, as
/// [`cluster_boundaries`] gives them (in whatever unit the caller uses, bytes or chars).
#[must_use]
pub fn snap(boundaries: &[usize], position: usize, direction: Direction) -> usize {
    let after = boundaries.partition_point(|&b| b < position);
    let next = boundaries.get(after).copied();
    if next == Some(position) {
        return position;
    }
    let previous = after.checked_sub(1).map(|k| boundaries[k]);
    match (direction, previous, next) {
        (Direction::Forward, _, Some(next)) | (_, None, Some(next)) => next,
        (Direction::Backward, Some(previous), _) | (_, Some(previous), None) => previous,
        (Direction::Nearest, Some(previous), Some(next)) => {
            if position - previous <= next - position {
                previous
            } else {
                next
            }
        }
        (_, None, None) => position,
    }
}

/// The cluster just before `position` and the one just after it, as ranges of the same
/// unit as `boundaries`: what Backspace and Delete remove.
#[must_use]
pub fn clusters_around(boundaries: &[usize], position: usize) -> (Range<usize>, Range<usize>) {
    let at = boundaries.partition_point(|&b| b < position);
    let before = at
        .checked_sub(1)
        .and_then(|k| boundaries.get(k))
        .map_or(position..position, |&b| b..position);
    let after_index = if boundaries.get(at) == Some(&position) {
        at + 1
    } else {
        at
    };
    let after = boundaries
        .get(after_index)
        .map_or(position..position, |&b| position..b);
    (before, after)
}

fn line_segmenter() -> &'static icu_segmenter::LineSegmenterBorrowed<'static> {
    static SEGMENTER: OnceLock<icu_segmenter::LineSegmenterBorrowed<'static>> = OnceLock::new();
    SEGMENTER.get_or_init(|| LineSegmenter::new_dictionary(LineBreakOptions::default()))
}

/// The byte offsets, after 0, where a new line may start in a paragraph (a text without
/// hard line breaks): the Unicode line-break opportunities, with dictionary word breaks
/// for Burmese, that fall between clusters. The end of the text is included.
#[must_use]
pub fn line_breaks(paragraph: &str) -> Vec<usize> {
    let clusters = cluster_boundaries(paragraph);
    line_segmenter()
        .segment_str(paragraph)
        .filter(|&b| b > 0 && clusters.binary_search(&b).is_ok())
        .collect()
}

/// How many of `stops` (ends of pieces after `from`, in order) fill one line: the most
/// whose text fits in `max_width`, and at least one. Pieces are first added up one by one;
/// the line is then measured whole, because shaping across pieces can make it wider than
/// their sum, and pieces are given back until it fits.
fn fill(
    text: &str,
    from: usize,
    stops: &[usize],
    max_width: f32,
    measure: &mut impl FnMut(&str) -> f32,
) -> usize {
    let mut taken = 0;
    let mut width = 0.0;
    let mut at = from;
    for &stop in stops {
        let piece = &text[at..stop];
        if taken > 0 && width + measure(piece.trim_end()) > max_width {
            break;
        }
        width += measure(piece);
        at = stop;
        taken += 1;
    }
    while taken > 1 && measure(text[from..stops[taken - 1]].trim_end()) > max_width {
        taken -= 1;
    }
    taken
}

fn word_segmenter() -> &'static icu_segmenter::WordSegmenterBorrowed<'static> {
    static SEGMENTER: OnceLock<icu_segmenter::WordSegmenterBorrowed<'static>> = OnceLock::new();
    SEGMENTER.get_or_init(|| {
        icu_segmenter::WordSegmenter::new_dictionary(
            icu_segmenter::options::WordBreakInvariantOptions::default(),
        )
    })
}

/// The byte offsets where a word begins or ends, 0 and the end of the text included: the
/// Unicode word boundaries, with dictionary word breaks for Burmese and other scripts
/// written without spaces, kept only where they fall between clusters (what "whole words"
/// means to find).
#[must_use]
pub fn word_boundaries(text: &str) -> Vec<usize> {
    let clusters = cluster_boundaries(text);
    let mut boundaries: Vec<usize> = word_segmenter()
        .segment_str(text)
        .filter(|b| clusters.binary_search(b).is_ok())
        .collect();
    if boundaries.first() != Some(&0) {
        boundaries.insert(0, 0);
    }
    if boundaries.last() != Some(&text.len()) {
        boundaries.push(text.len());
    }
    boundaries
}

/// A paragraph cut into lines no wider than `max_width`, as byte ranges that together
/// cover it. Lines end at [`line_breaks`]; a piece wider than a whole line is cut between
/// clusters, and a single cluster wider than a line stands alone. Spaces at the end of a
/// line do not count against its width. `measure` gives the width of a text laid out on
/// one line.
pub fn wrap_paragraph(
    paragraph: &str,
    max_width: f32,
    mut measure: impl FnMut(&str) -> f32,
) -> Vec<Range<usize>> {
    let breaks = line_breaks(paragraph);
    let mut lines = Vec::new();
    let mut start = 0;
    let mut next = 0;
    while next < breaks.len() {
        let taken = fill(paragraph, start, &breaks[next..], max_width, &mut measure);
        let first_end = breaks[next];
        if taken == 1 && measure(paragraph[start..first_end].trim_end()) > max_width {
            // A piece too wide for a line of its own: cut it between clusters.
            let clusters: Vec<usize> = cluster_boundaries(&paragraph[start..first_end])
                .into_iter()
                .skip(1)
                .map(|b| start + b)
                .collect();
            let mut k = 0;
            while k < clusters.len() {
                let t = fill(paragraph, start, &clusters[k..], max_width, &mut measure);
                let end = clusters[k + t - 1];
                lines.push(start..end);
                start = end;
                k += t;
            }
            next += 1;
            continue;
        }
        let end = breaks[next + taken - 1];
        lines.push(start..end);
        start = end;
        next += taken;
    }
    if start < paragraph.len() || lines.is_empty() {
        lines.push(start..paragraph.len());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars_of(text: &str, boundaries: &[usize]) -> Vec<usize> {
        boundaries
            .iter()
            .map(|&b| text[..b].chars().count())
            .collect()
    }

    #[test]
    fn cursor_boundaries_skip_the_inside_of_syllables() {
        let text = "မြန်မာ UN";
        // မြန် is 4 characters, မာ 2: then a space, U and N one by one.
        assert_eq!(
            chars_of(text, &cluster_boundaries(text)),
            [0, 4, 6, 7, 8, 9]
        );
        assert_eq!(cluster_boundaries(""), [0]);
    }

    #[test]
    fn digits_are_stepped_through_one_by_one() {
        // A year can be corrected digit by digit; the syllable after it stays whole.
        let text = "၂၀၂၆ ခုနှစ်";
        assert_eq!(
            chars_of(text, &cluster_boundaries(text)),
            [0, 1, 2, 3, 4, 5, 7, 11]
        );
    }

    #[test]
    fn snapping_follows_the_direction_of_movement() {
        let b = [0, 4, 6, 7];
        assert_eq!(snap(&b, 1, Direction::Forward), 4);
        assert_eq!(snap(&b, 3, Direction::Backward), 0);
        assert_eq!(snap(&b, 1, Direction::Nearest), 0);
        assert_eq!(snap(&b, 3, Direction::Nearest), 4);
        assert_eq!(snap(&b, 4, Direction::Backward), 4);
        assert_eq!(snap(&b, 9, Direction::Forward), 7);
    }

    #[test]
    fn backspace_and_delete_take_whole_clusters() {
        let b = [0, 4, 6, 7];
        assert_eq!(clusters_around(&b, 4), (0..4, 4..6));
        assert_eq!(clusters_around(&b, 0), (0..0, 0..4));
        assert_eq!(clusters_around(&b, 7), (6..7, 7..7));
    }

    #[test]
    fn burmese_line_breaks_fall_between_syllables() {
        let text = "မြန်မာနိုင်ငံတွင် ရေကြီးမှုကြောင့် ရွာသားများ ထွက်ပြေးရသည်။";
        let clusters = cluster_boundaries(text);
        let breaks = line_breaks(text);
        assert!(breaks.len() > 4, "too few breaks: {breaks:?}");
        assert!(breaks.iter().all(|b| clusters.contains(b)));
        assert_eq!(breaks.last(), Some(&text.len()));
    }

    #[test]
    fn english_breaks_after_spaces_only() {
        let text = "Floods hit twelve villages";
        let breaks: Vec<&str> = {
            let mut from = 0;
            line_breaks(text)
                .into_iter()
                .map(|b| {
                    let piece = &text[from..b];
                    from = b;
                    piece
                })
                .collect()
        };
        assert_eq!(breaks, ["Floods ", "hit ", "twelve ", "villages"]);
    }

    #[test]
    fn wrapping_fills_lines_and_cuts_long_words_between_clusters() {
        // One unit of width per character.
        let measure = |s: &str| s.chars().count() as f32;
        let text = "Floods hit twelve villages";
        let lines: Vec<&str> = wrap_paragraph(text, 11.0, measure)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(lines, ["Floods hit ", "twelve ", "villages"]);

        let word = "abcdefghij";
        let lines: Vec<&str> = wrap_paragraph(word, 4.0, measure)
            .into_iter()
            .map(|r| &word[r])
            .collect();
        assert_eq!(lines, ["abcd", "efgh", "ij"]);

        assert_eq!(wrap_paragraph("", 10.0, measure).len(), 1);
    }
}
