//! Searching the text of a desk's stories on disk (`copydesk search`, the desk view's search).
//!
//! The desk index keeps summaries, not text, so a search reads the story files. Copydesk
//! writes every string into the file as it is (no escapes), so a file whose bytes cannot hold
//! a hit ([`Matcher::might_contain`]) is passed over without being parsed; a file with a
//! backslash (an escape a person may have typed into it by hand) is always parsed. The hits
//! themselves come from the parsed story, through the same rules as the editor's find.

use std::path::Path;

use super::{StoreError, parse_story, read_regular, story_path};
use crate::find::{DeskHit, Matcher, story_hits};
use crate::model::{DeskSettings, is_valid_slug};

/// What a desk search found in one story, or why the story could not be read.
pub type StoryFound = Result<Vec<DeskHit>, StoreError>;

/// How a desk search ended.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SearchEnd {
    /// Stories looked at (read, or passed over by the quick check).
    pub stories: usize,
    /// Stories whose file was parsed.
    pub parsed: usize,
    /// Hits handed out.
    pub hits: usize,
    /// Whether it stopped at the limit with more hits left (at least one more was found).
    pub truncated: bool,
    /// Whether the caller stopped it.
    pub stopped: bool,
}

/// Searches the stories named by `slugs` (in that order) for `matcher`, handing each story
/// looked at to `found` with its slug: its hits (none, often), or why it could not be read;
/// `found` returns `false` to stop. At most `limit` hits are handed out in all.
pub fn search_stories<'s>(
    root: &Path,
    settings: &DeskSettings,
    slugs: impl IntoIterator<Item = &'s str>,
    matcher: &Matcher,
    limit: usize,
    mut found: impl FnMut(&str, StoryFound) -> bool,
) -> SearchEnd {
    let mut end = SearchEnd::default();
    for slug in slugs {
        // Once the limit is reached, stories are still searched for one hit more, so
        // "truncated" is said only when there is more.
        end.stories += 1;
        let result = search_story(root, settings, slug, matcher, limit - end.hits + 1);
        let result = match result {
            Ok(None) => Ok(Vec::new()),
            Ok(Some(mut hits)) => {
                end.parsed += 1;
                if end.hits + hits.len() > limit {
                    hits.truncate(limit - end.hits);
                    end.truncated = true;
                }
                end.hits += hits.len();
                Ok(hits)
            }
            Err(err) => Err(err),
        };
        if !found(slug, result) {
            end.stopped = true;
            return end;
        }
        if end.truncated {
            break;
        }
    }
    end
}

/// One story's hits, at most `limit`; `None` when the quick check passed it over.
fn search_story(
    root: &Path,
    settings: &DeskSettings,
    slug: &str,
    matcher: &Matcher,
    limit: usize,
) -> Result<Option<Vec<DeskHit>>, StoreError> {
    if !is_valid_slug(slug) {
        return Err(StoreError::InvalidSlug {
            slug: slug.to_owned(),
        });
    }
    let path = story_path(root, slug);
    let bytes = read_regular(&path)?;
    // Bytes that are not UTF-8 are reported by the parser, naming the offset.
    if let Ok(text) = std::str::from_utf8(&bytes)
        && !text.contains('\\')
        && !matcher.might_contain(text)
    {
        return Ok(None);
    }
    let (story, _, _) = parse_story(&path, &bytes, settings)?;
    Ok(Some(story_hits(&story, matcher, limit)))
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;

    use super::*;
    use crate::find::Query;
    use crate::model::Story;

    fn desk_with(stories: &[(&str, &str)]) -> (tempfile::TempDir, DeskSettings) {
        let dir = tempfile::tempdir().expect("temp");
        let settings = crate::generate::settings();
        super::super::create_desk(dir.path(), &settings).expect("desk");
        for (slug, english) in stories {
            let mut story = Story::new(slug, DateTime::from_timestamp(0, 0).unwrap_or_default());
            story.append_source_paragraphs("က");
            story.blocks[0].row.english = (*english).to_owned();
            super::super::create_story(dir.path(), &story, &[]).expect("story");
        }
        (dir, settings)
    }

    fn matcher(text: &str) -> Matcher {
        Matcher::new(&Query::new(text)).expect("a query")
    }

    #[test]
    fn stories_with_hits_are_handed_out_in_order_within_the_limit() {
        let (dir, settings) = desk_with(&[
            ("a", "Diesel and diesel."),
            ("b", "Nothing here."),
            ("c", "More diesel."),
        ]);
        let mut seen = Vec::new();
        let end = search_stories(
            dir.path(),
            &settings,
            ["a", "b", "c"],
            &matcher("DIESEL"),
            10,
            |slug, hits| {
                let hits = hits.expect("readable");
                if !hits.is_empty() {
                    seen.push((slug.to_owned(), hits.len()));
                }
                true
            },
        );
        assert_eq!(seen, [("a".to_owned(), 2), ("c".to_owned(), 1)]);
        assert_eq!(
            (end.stories, end.parsed, end.hits),
            (3, 2, 3),
            "b was not parsed"
        );
        assert!(!end.truncated);

        let mut seen = 0;
        let end = search_stories(
            dir.path(),
            &settings,
            ["a", "b", "c"],
            &matcher("diesel"),
            2,
            |_, hits| {
                seen += hits.expect("readable").len();
                true
            },
        );
        assert_eq!((seen, end.hits), (2, 2));
        assert!(end.truncated, "more hits than the limit");
    }

    #[test]
    fn a_limit_met_exactly_is_not_called_truncated() {
        let (dir, settings) = desk_with(&[("a", "diesel"), ("b", "diesel"), ("c", "none")]);
        let end = search_stories(
            dir.path(),
            &settings,
            ["a", "b", "c"],
            &matcher("diesel"),
            2,
            |_, _| true,
        );
        assert_eq!(end.hits, 2);
        assert!(!end.truncated, "there is no third hit");
        let end = search_stories(
            dir.path(),
            &settings,
            ["a", "b", "c"],
            &matcher("diesel"),
            1,
            |_, _| true,
        );
        assert_eq!(
            (end.hits, end.stories),
            (1, 2),
            "stopped at the second story's hit"
        );
        assert!(end.truncated);
    }

    #[test]
    fn an_escaped_string_written_by_hand_is_still_searched() {
        let (dir, settings) = desk_with(&[("a", "placeholder")]);
        let path = story_path(dir.path(), "a");
        let text = std::fs::read_to_string(&path).expect("read");
        // "dies\u{65}l" is "diesel" once the escape is read; the file's bytes never say it.
        let escaped = text.replace("\"placeholder\"", "\"dies\\u{65}l\"");
        assert_ne!(escaped, text);
        super::super::write_atomically(&path, escaped.as_bytes()).expect("write");
        let mut hits = 0;
        search_stories(
            dir.path(),
            &settings,
            ["a"],
            &matcher("diesel"),
            10,
            |_, h| {
                hits += h.expect("readable").len();
                true
            },
        );
        assert_eq!(hits, 1);
    }

    #[test]
    fn a_broken_file_is_named_and_the_others_are_searched() {
        let (dir, settings) = desk_with(&[("a", "diesel"), ("b", "diesel")]);
        super::super::write_atomically(&story_path(dir.path(), "a"), b"(diesel").expect("write");
        let mut results = Vec::new();
        search_stories(
            dir.path(),
            &settings,
            ["a", "b"],
            &matcher("diesel"),
            10,
            |slug, h| {
                results.push((
                    slug.to_owned(),
                    h.map(|h| h.len()).map_err(|e| e.to_string()),
                ));
                true
            },
        );
        assert_eq!(
            results.len(),
            2,
            "every story is handed out, with or without hits"
        );
        let problem = results[0].1.as_ref().expect_err("broken");
        assert!(problem.contains("a.ron"), "{problem}");
        assert_eq!(results[1], ("b".to_owned(), Ok(1)));
    }
}
