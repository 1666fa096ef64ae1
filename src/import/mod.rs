//! Imports: a reporter's .txt, .md or .docx file as a story's source or English side, a
//! source file with its English counterpart aligned paragraph by paragraph, and Copydesk's
//! own Markdown export restored whole. Pure: bytes in, story out; reading files is the
//! caller's (the store's) business.

mod docx;
mod markdown;
mod plain_markdown;

pub use docx::{MAX_STYLES as MAX_DOCX_STYLES, MAX_STYLES_BYTES as MAX_DOCX_STYLES_BYTES};
pub use markdown::{ParsedMarkdown, parse_markdown};
pub use plain_markdown::{MAX_NOTES, PhotoToCopy, PlainNotes, is_beside};

use thiserror::Error;

use crate::model::{Block, BlockKind, RowStatus, Side, Story, TextRow};

/// The most paragraphs one import makes rows of: a long investigation has a few hundred.
pub const MAX_PARAGRAPHS: usize = 20_000;

/// Why a file could not be imported.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ImportError {
    /// Text that is not UTF-8.
    #[error(
        "{file}: not UTF-8 text (bad byte at offset {offset}); save it as UTF-8 and import again"
    )]
    NotUtf8 {
        /// The file's name.
        file: String,
        /// Where the first bad byte is.
        offset: usize,
    },
    /// A Word file that does not open.
    #[error("{file}: not a Word document Copydesk can read ({problem})")]
    BadDocx {
        /// The file's name.
        file: String,
        /// What the reader said.
        problem: String,
    },
    /// A file type Copydesk does not import.
    #[error("{file}: Copydesk imports .txt, .md and .docx files")]
    UnknownType {
        /// The file's name.
        file: String,
    },
    /// More paragraphs than a story holds.
    #[error("{file}: more than {limit} paragraphs; split it into several stories and import each")]
    TooManyParagraphs {
        /// The file's name.
        file: String,
        /// The most paragraphs one import takes.
        limit: usize,
    },
    /// Front matter that is not Copydesk's.
    #[error("{file}: line {line}: {problem}")]
    BadFrontMatter {
        /// The file's name.
        file: String,
        /// The line.
        line: usize,
        /// What is wrong.
        problem: String,
    },
}

/// A paragraph of an imported file and what kind of block it becomes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paragraph {
    /// Paragraph, subhead or quote.
    pub kind: BlockKind,
    /// Its text.
    pub text: String,
}

/// The paragraphs of a file, by its extension: blank lines separate paragraphs in text and
/// Markdown (`## ` lines are subheads, `> ` lines quotes); Word paragraphs are paragraphs and
/// its headings subheads.
pub fn paragraphs(file_name: &str, bytes: &[u8]) -> Result<Vec<Paragraph>, ImportError> {
    let extension = std::path::Path::new(file_name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase());
    let markdown = match extension.as_deref() {
        Some("docx") => return guarded(file_name, || docx::paragraphs(file_name, bytes)),
        Some("txt") => false,
        Some("md" | "markdown") => true,
        _ => {
            return Err(ImportError::UnknownType {
                file: file_name.to_owned(),
            });
        }
    };
    let text = utf8(file_name, bytes)?;
    let paragraphs = text_paragraphs(text, markdown);
    within_limit(file_name, paragraphs.len())?;
    Ok(paragraphs)
}

/// The Word reader, its panics contained: the zip and XML readers are other people's code,
/// and a panic in them is a broken file to the person, and a bug report line in the log.
fn guarded<T>(
    file_name: &str,
    read: impl FnOnce() -> Result<T, ImportError> + std::panic::UnwindSafe,
) -> Result<T, ImportError> {
    std::panic::catch_unwind(read).unwrap_or_else(|_| {
        log::error!("bug: the Word reader panicked on {file_name}");
        Err(ImportError::BadDocx {
            file: file_name.to_owned(),
            problem: "the Word reader failed on it".to_owned(),
        })
    })
}

/// A file's headline and deck when it marks them (a Word document's Title and Subtitle
/// styles), and its other paragraphs; other files mark neither.
fn marked_text(file_name: &str, bytes: &[u8]) -> Result<docx::DocxText, ImportError> {
    let is_docx = std::path::Path::new(file_name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    if is_docx {
        guarded(file_name, || docx::read(file_name, bytes))
    } else {
        Ok(docx::DocxText {
            paragraphs: paragraphs(file_name, bytes)?,
            ..docx::DocxText::default()
        })
    }
}

/// Refuses a file with more paragraphs than one story takes.
fn within_limit(file_name: &str, paragraphs: usize) -> Result<(), ImportError> {
    if paragraphs > MAX_PARAGRAPHS {
        return Err(ImportError::TooManyParagraphs {
            file: file_name.to_owned(),
            limit: MAX_PARAGRAPHS,
        });
    }
    Ok(())
}

fn utf8<'a>(file_name: &str, bytes: &'a [u8]) -> Result<&'a str, ImportError> {
    let text = std::str::from_utf8(bytes).map_err(|e| ImportError::NotUtf8 {
        file: file_name.to_owned(),
        offset: e.valid_up_to(),
    })?;
    // A byte-order mark is not text.
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// Paragraphs of plain text or simple Markdown: in Markdown, a `## ` paragraph is a subhead,
/// one whose every line starts with `>` a quote, and backslash escapes and character
/// references are read as the characters they stand for (the inverse of the Markdown
/// export's escaping, and what any CommonMark reader would show).
#[must_use]
pub fn text_paragraphs(text: &str, markdown: bool) -> Vec<Paragraph> {
    crate::model::split_paragraphs(text)
        .into_iter()
        .map(|p| {
            if !markdown {
                return Paragraph {
                    kind: BlockKind::Paragraph,
                    text: p,
                };
            }
            if let Some(rest) = p.strip_prefix("## ") {
                return Paragraph {
                    kind: BlockKind::Subhead,
                    text: markdown::unescape_lines(rest.trim(), ""),
                };
            }
            if p.lines().all(|l| l.starts_with('>')) {
                return Paragraph {
                    kind: BlockKind::Quote,
                    text: markdown::unescape_lines(&p, ">"),
                };
            }
            Paragraph {
                kind: BlockKind::Paragraph,
                text: markdown::unescape_lines(&p, ""),
            }
        })
        .collect()
}

/// A story made from imported files, with what the import has to say about it.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The new story.
    pub story: Story,
    /// A warning about the alignment of a source and its English, if any.
    pub warning: Option<String>,
    /// A writer's Markdown draft's photos to copy into the desk (the story's photo rows
    /// name them by their name beside the draft until they are copied), and what the
    /// import left out.
    pub plain: PlainNotes,
}

/// A new story from an imported file: Markdown (Copydesk's own export, or a writer's draft)
/// becomes the whole English story; any other file the source, or with `english` the
/// source and its English aligned. The slug is `slug`, else the Markdown's own, else made
/// from the file name.
pub fn story_from_files(
    file_name: &str,
    bytes: &[u8],
    english: Option<(&str, &[u8])>,
    slug: Option<&str>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Imported, ImportError> {
    let is_markdown = std::path::Path::new(file_name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"));
    let mut warning = None;
    let mut plain = PlainNotes::default();
    let mut story = if english.is_none() && is_markdown {
        let parsed = parse_markdown(file_name, bytes, now)?;
        plain = parsed.plain;
        parsed.story
    } else {
        let mut story = Story::new("", now);
        let docx::DocxText {
            headline,
            deck,
            paragraphs: mut source,
        } = marked_text(file_name, bytes)?;
        // A filed story usually opens with its headline: marked as such in a Word file, or
        // a short line with no full stop.
        if let Some(headline) = headline {
            story.headline.source = headline;
        } else if source.first().is_some_and(headline_like) {
            story.headline.source = source.remove(0).text;
        }
        if let Some(deck) = deck {
            story.deck.source = deck;
        }
        match english {
            Some((english_name, english_bytes)) => {
                let docx::DocxText {
                    headline,
                    deck,
                    paragraphs: mut english,
                } = marked_text(english_name, english_bytes)?;
                if let Some(headline) = headline {
                    story.headline.english = headline;
                    story.headline.status = RowStatus::Draft;
                } else if !story.headline.source.is_empty()
                    && english.first().is_some_and(headline_like)
                {
                    story.headline.english = english.remove(0).text;
                    story.headline.status = RowStatus::Draft;
                }
                if let Some(deck) = deck {
                    story.deck.english = deck;
                    story.deck.status = RowStatus::Draft;
                }
                warning = pair(&mut story, source, english);
            }
            None => append(&mut story, Side::Source, source),
        }
        story
    };
    let stem = std::path::Path::new(file_name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    story.slug = match slug.map(str::trim).filter(|s| !s.is_empty()) {
        Some(slug) => slug.to_owned(),
        None if !story.slug.is_empty() => story.slug.clone(),
        None => crate::model::slugify(&stem),
    };
    Ok(Imported {
        story,
        warning,
        plain,
    })
}

/// A new story from text pasted into the window: the source headline, and one source row
/// per blank-line-separated paragraph (line breaks inside one kept), limited like a file's
/// import to [`MAX_PARAGRAPHS`] rows.
pub fn pasted_story(
    slug: &str,
    headline: &str,
    text: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Story, ImportError> {
    let paragraphs = text_paragraphs(text, false);
    within_limit("the pasted text", paragraphs.len())?;
    let mut story = Story::new(slug, now);
    headline.clone_into(&mut story.headline.source);
    append(&mut story, Side::Source, paragraphs);
    Ok(story)
}

/// The edit that fills an existing story's English from an imported translation: the
/// paragraphs go, in order, into the rows that have source text and run; extra paragraphs
/// become English-only rows at the end. Rows that get English become drafts. Returns a
/// warning when the counts differ.
#[must_use]
pub fn english_into(
    story: &Story,
    paragraphs: Vec<Paragraph>,
) -> (crate::edit::Edit, Option<String>) {
    use crate::edit::Edit;
    use crate::model::RowRef;
    let rows: Vec<&Block> = story
        .blocks
        .iter()
        .filter(|b| !b.omitted && !b.row.source.trim().is_empty())
        .collect();
    let warning = (rows.len() != paragraphs.len()).then(|| {
        format!(
            "the story has {} source rows and the file {} paragraphs; check the alignment from row {}",
            rows.len(),
            paragraphs.len(),
            rows.len().min(paragraphs.len()) + 1
        )
    });
    let mut edits = Vec::new();
    let mut paragraphs = paragraphs.into_iter();
    for block in rows {
        let Some(paragraph) = paragraphs.next() else {
            break;
        };
        let row = RowRef::Block(block.id);
        edits.push(Edit::SetText {
            row,
            side: Side::English,
            text: paragraph.text,
        });
        if !block.row.status.is_confirmed() {
            edits.push(Edit::SetStatus {
                row,
                status: RowStatus::Draft,
            });
        }
    }
    let first_id = story.next_free_block_id().0;
    let first_index = story.blocks.len();
    for (n, paragraph) in (0_u32..).zip(paragraphs) {
        edits.push(Edit::InsertBlock {
            index: first_index + n as usize,
            block: Block {
                id: crate::model::BlockId(first_id.saturating_add(n)),
                kind: paragraph.kind,
                row: TextRow {
                    source: String::new(),
                    english: paragraph.text,
                    status: RowStatus::Draft,
                    pretranslated: None,
                    changed: None,
                },
                omitted: false,
                previous_source: None,
            },
        });
    }
    (Edit::Batch(edits), warning)
}

/// Whether a paragraph reads as a headline: one short line without a sentence's end.
fn headline_like(paragraph: &Paragraph) -> bool {
    let text = paragraph.text.trim();
    paragraph.kind != BlockKind::Quote
        && !text.contains('\n')
        && text.chars().count() <= 120
        && !text.ends_with(['။', '.', '!', '?', '"', '”'])
}

/// Appends paragraphs to one side of a story as new rows.
pub fn append(story: &mut Story, side: Side, paragraphs: Vec<Paragraph>) {
    for paragraph in paragraphs {
        let id = story.allocate_block_id();
        let mut row = TextRow::default();
        *row.text_mut(side) = paragraph.text;
        if side == Side::English {
            row.status = RowStatus::Draft;
        }
        story.blocks.push(Block {
            id,
            kind: paragraph.kind,
            row,
            omitted: false,
            previous_source: None,
        });
    }
}

/// A source file and its English counterpart as one story, aligned paragraph by paragraph.
/// Returns a warning when the counts differ (the extra paragraphs get rows of their own).
#[must_use]
pub fn pair(story: &mut Story, source: Vec<Paragraph>, english: Vec<Paragraph>) -> Option<String> {
    let warning = (source.len() != english.len()).then(|| {
        format!(
            "the source has {} paragraphs and the English {}; check the alignment from row {}",
            source.len(),
            english.len(),
            source.len().min(english.len()) + 1
        )
    });
    let mut english = english.into_iter();
    for src in source {
        let id = story.allocate_block_id();
        let eng = english.next();
        let status = if eng.is_some() {
            RowStatus::Draft
        } else {
            RowStatus::Untranslated
        };
        story.blocks.push(Block {
            id,
            kind: src.kind,
            row: TextRow {
                source: src.text,
                english: eng.map(|e| e.text).unwrap_or_default(),
                status,
                pretranslated: None,
                changed: None,
            },
            omitted: false,
            previous_source: None,
        });
    }
    append(story, Side::English, english.collect());
    warning
}

/// How a story's source side reads: one verdict over all its source text, which is more
/// reliable than judging each short line. `None` when it has no Myanmar text.
#[must_use]
pub fn source_encoding(story: &Story) -> Option<crate::script::zawgyi::Detection> {
    let text = story
        .text_rows()
        .map(|row| row.source.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let found = crate::script::zawgyi::detect(&text);
    (found.verdict != crate::script::zawgyi::Verdict::NotMyanmar).then_some(found)
}

/// What converting a story's source from Zawgyi would change, row by row. Each row is
/// judged on its own, so a Unicode headline typed at the desk over a Zawgyi body is left
/// alone; rows too short to judge follow the story as a whole.
#[derive(Clone, Debug, Default)]
pub struct ZawgyiPlan {
    /// The verdict on all the source text together (`None` without Myanmar text).
    pub overall: Option<crate::script::zawgyi::Detection>,
    /// Rows to convert (headline 0, deck 1, then blocks) with their converted text: every
    /// row that reads as Zawgyi, and when the story does, the rows too short to tell.
    pub rows: Vec<(usize, String)>,
    /// Rows too short to tell, converted, for a person who asks for a conversion anyway.
    pub unsure: Vec<(usize, String)>,
}

impl ZawgyiPlan {
    /// Judges every source row of `story`.
    #[must_use]
    pub fn for_story(story: &Story) -> Self {
        use crate::script::zawgyi::{self, Verdict};
        let overall = source_encoding(story);
        let story_is_zawgyi = overall.is_some_and(|d| d.verdict == Verdict::Zawgyi);
        let mut plan = Self {
            overall,
            ..Self::default()
        };
        for (index, row) in story.text_rows().enumerate() {
            let verdict = zawgyi::detect(&row.source).verdict;
            if !matches!(verdict, Verdict::Zawgyi | Verdict::Unsure) {
                continue;
            }
            let Ok(converted) = zawgyi::to_unicode(&row.source) else {
                continue;
            };
            if verdict == Verdict::Zawgyi || story_is_zawgyi {
                plan.rows.push((index, converted.clone()));
            }
            if verdict == Verdict::Unsure {
                plan.unsure.push((index, converted));
            }
        }
        plan
    }

    /// Whether anything reads as Zawgyi: the person must choose before it is stored.
    #[must_use]
    pub fn found(&self) -> bool {
        !self.rows.is_empty()
    }

    /// The rows as they are and as converted, each joined by blank lines, for comparing.
    #[must_use]
    pub fn comparison(&self, story: &Story) -> (String, String) {
        let sources: Vec<&str> = story.text_rows().map(|r| r.source.as_str()).collect();
        let original: Vec<&str> = self
            .rows
            .iter()
            .filter_map(|(i, _)| sources.get(*i).copied())
            .collect();
        let converted: Vec<&str> = self.rows.iter().map(|(_, c)| c.as_str()).collect();
        (original.join("\n\n"), converted.join("\n\n"))
    }

    /// Puts the converted rows into the story: `rows`, or with `unsure` the rows too short
    /// to tell (what a person who says "convert" about an unclear file means).
    pub fn apply(&self, story: &mut Story, unsure: bool) {
        let rows = if unsure { &self.unsure } else { &self.rows };
        let mut targets: Vec<&mut TextRow> = story.text_rows_mut().collect();
        for (index, text) in rows {
            if let Some(row) = targets.get_mut(*index) {
                row.source.clone_from(text);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_markdown_split_into_rows() {
        let md =
            "# Not a subhead here\n\nFirst.\n\n## A subhead\n\n> A quote\n> on two lines\n\nLast.";
        let rows = paragraphs("story.md", md.as_bytes()).unwrap();
        let kinds: Vec<&str> = rows.iter().map(|p| p.kind.label()).collect();
        assert_eq!(
            kinds,
            ["paragraph", "paragraph", "subhead", "quote", "paragraph"]
        );
        assert_eq!(rows[3].text, "A quote\non two lines");
        let txt = paragraphs("story.txt", "## kept as text\n\nx".as_bytes()).unwrap();
        assert_eq!(
            txt[0].kind,
            BlockKind::Paragraph,
            "text files have no markup"
        );
    }

    #[test]
    fn pasted_text_becomes_rows_up_to_the_import_limit() {
        let now = chrono::DateTime::from_timestamp(1_785_000_000, 0).unwrap();
        let story = pasted_story("s", "ခေါင်းစီး", "က\r\nခ\n\n\n  \nဂ\n", now).unwrap();
        assert_eq!(story.slug, "s");
        assert_eq!(story.headline.source, "ခေါင်းစီး");
        let rows: Vec<&str> = story.blocks.iter().map(|b| b.row.source.as_str()).collect();
        assert_eq!(rows, ["က\nခ", "ဂ"]);
        let ids: Vec<u32> = story.blocks.iter().map(|b| b.id.0).collect();
        assert_eq!(ids, [1, 2]);

        // 20,000 paragraphs is a story; one more is refused, as an imported file is.
        let paragraphs = vec!["x"; MAX_PARAGRAPHS].join("\n\n");
        let story = pasted_story("s", "", &paragraphs, now).unwrap();
        assert_eq!(story.blocks.len(), 20_000);
        let err = pasted_story("s", "", &format!("{paragraphs}\n\nx"), now).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the pasted text: more than 20000 paragraphs; split it into several stories and import each"
        );
    }

    #[test]
    fn wrong_encodings_and_types_are_named() {
        let err = paragraphs("latin1.txt", b"caf\xe9").unwrap_err();
        assert_eq!(
            err.to_string(),
            "latin1.txt: not UTF-8 text (bad byte at offset 3); save it as UTF-8 and import again"
        );
        let err = paragraphs("broken.docx", b"not a zip").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("broken.docx: not a Word document"),
            "{err}"
        );
        assert!(matches!(
            paragraphs("a.pdf", b"x"),
            Err(ImportError::UnknownType { .. })
        ));
        let bom = paragraphs("bom.txt", "\u{feff}ပထမ".as_bytes()).unwrap();
        assert_eq!(bom[0].text, "ပထမ");
    }

    #[test]
    fn a_translation_fills_an_existing_story_in_order() {
        let mut story = Story::new("s", chrono::DateTime::from_timestamp(0, 0).unwrap());
        story.append_source_paragraphs("က\n\nခ\n\nဂ");
        story.blocks[1].omitted = true;
        let (edit, warning) =
            english_into(&story, text_paragraphs("A\n\nC\n\nExtra context.", false));
        assert!(warning.is_some_and(|w| w.contains("2 source rows and the file 3")));
        let before = story.clone();
        let inverse = edit.apply(&mut story).unwrap();
        let english: Vec<&str> = story
            .blocks
            .iter()
            .map(|b| b.row.english.as_str())
            .collect();
        assert_eq!(
            english,
            ["A", "", "C", "Extra context."],
            "omitted rows are skipped"
        );
        assert_eq!(story.blocks[0].row.status, RowStatus::Draft);
        inverse.apply(&mut story).unwrap();
        story.next_block_id = before.next_block_id;
        assert_eq!(story, before, "one undoable step");
    }

    #[test]
    fn a_short_first_line_becomes_the_headline() {
        let now = chrono::DateTime::from_timestamp(0, 0).unwrap();
        let source = "မြို့တော်တွင် မိုးသည်းထန်\n\nမိုးရေကြောင့် လမ်းများ ရေဝပ်သည်။".as_bytes();
        let english = "Heavy rain in the capital\n\nStreets flooded.".as_bytes();
        let Imported { story, warning, .. } =
            story_from_files("a.txt", source, Some(("b.txt", english)), None, now).unwrap();
        assert_eq!(warning, None);
        assert_eq!(story.headline.source, "မြို့တော်တွင် မိုးသည်းထန်");
        assert_eq!(story.headline.english, "Heavy rain in the capital");
        assert_eq!(story.blocks.len(), 1);
        // A first paragraph that is a sentence stays a paragraph.
        let story = story_from_files("c.txt", "ရေဝပ်သည်။\n\nနောက်ထပ်။".as_bytes(), None, None, now)
            .unwrap()
            .story;
        assert!(story.headline.source.is_empty());
        assert_eq!(story.blocks.len(), 2);
    }

    #[test]
    fn a_pair_aligns_and_warns_when_counts_differ() {
        let mut story = Story::new("s", chrono::DateTime::from_timestamp(0, 0).unwrap());
        let source = text_paragraphs("က\n\nခ\n\nဂ", false);
        let english = text_paragraphs("A\n\nB", false);
        let warning = pair(&mut story, source, english).unwrap();
        assert!(
            warning.contains("3 paragraphs and the English 2"),
            "{warning}"
        );
        assert_eq!(story.blocks[1].row.english, "B");
        assert_eq!(story.blocks[2].row.english, "");
        assert_eq!(story.blocks[2].row.status, RowStatus::Untranslated);
    }

    #[test]
    fn a_zawgyi_source_is_found_and_converted_whole() {
        let unicode = [
            "ရေကြီးမှုကြောင့် ရွာသားများ ထွက်ပြေးရသည်။",
            "မြို့နယ်အတွင်း လမ်းများ ပိတ်ထားသည်။",
        ];
        let zawgyi: Vec<String> = unicode
            .iter()
            .map(|u| crate::script::zawgyi::to_zawgyi(u).expect("converts"))
            .collect();
        let mut story = story_from_files(
            "filed.txt",
            zawgyi.join("\n\n").as_bytes(),
            None,
            None,
            chrono::Utc::now(),
        )
        .expect("imports")
        .story;
        assert_eq!(
            source_encoding(&story).map(|d| d.verdict),
            Some(crate::script::zawgyi::Verdict::Zawgyi)
        );
        let plan = ZawgyiPlan::for_story(&story);
        assert!(plan.found());
        plan.apply(&mut story, false);
        let rows: Vec<&str> = story.blocks.iter().map(|b| b.row.source.as_str()).collect();
        assert_eq!(rows, unicode);
        assert_eq!(
            source_encoding(&story).map(|d| d.verdict),
            Some(crate::script::zawgyi::Verdict::Unicode)
        );
    }

    #[test]
    fn only_the_rows_in_zawgyi_are_converted() {
        let body = "ရေကြီးမှုကြောင့် ရွာသားများ ထွက်ပြေးရသည်။";
        let zawgyi = crate::script::zawgyi::to_zawgyi(body).expect("converts");
        let mut story = Story::new("mixed", chrono::Utc::now());
        // A Unicode headline typed at the desk over a body filed in Zawgyi.
        "မြန်မာနိုင်ငံ ရေကြီး".clone_into(&mut story.headline.source);
        story.append_source_paragraphs(&format!("{zawgyi}\n\n{body}"));
        let plan = ZawgyiPlan::for_story(&story);
        assert_eq!(plan.rows.iter().map(|(i, _)| *i).collect::<Vec<_>>(), [2]);
        plan.apply(&mut story, false);
        assert_eq!(story.headline.source, "မြန်မာနိုင်ငံ ရေကြီး");
        assert_eq!(story.blocks[0].row.source, body);
        assert_eq!(story.blocks[1].row.source, body);
    }
}
