//! A writer's plain Markdown draft (no Copydesk front matter) read with a CommonMark parser
//! (`pulldown-cmark`), not by line prefixes: the first `# ` heading is the headline, the
//! first paragraph after it that is wholly emphasised (`*…*` or `_…_`) the deck, other
//! headings subheads, block quotes quotes, `![alt](file "caption")` a photo row, every other
//! paragraph (list items and code blocks included) a body row.
//!
//! What a story cannot hold is never dropped without a word: raw HTML is left out and
//! reported with its line, so is a link's address (its words are kept). Photos are named by
//! the file beside the Markdown file; the caller copies them into the desk's `media/`
//! (pure code reads no files). A photo anywhere else (a folder, a web address) stops the
//! import, naming its line.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::ImportError;
use crate::model::{Block, BlockId, BlockKind, Photo, RowStatus, Story, TextRow};

/// The deepest nesting of quotes and lists a draft may have; deeper is not a writer's
/// draft.
pub const MAX_NESTING: usize = 100;

/// The most things left out a read lists one by one.
pub const MAX_NOTES: usize = 100;

/// A photo named in a Markdown draft, to be copied into the desk's `media/` folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhotoToCopy {
    /// The photo row it belongs to; its `file` is to be set to the name in `media/`.
    pub block: BlockId,
    /// The file's name beside the Markdown file, as written (percent escapes read).
    pub name: String,
    /// The line of the Markdown file that names it, from 1.
    pub line: usize,
}

/// What reading a plain draft found besides the story.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlainNotes {
    /// Photos to copy in.
    pub photos: Vec<PhotoToCopy>,
    /// What was left out, one line each ("line 7: HTML left out: <div>").
    pub notes: Vec<String>,
}

/// What the block being read is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Open {
    Heading(HeadingLevel),
    Paragraph,
    Code,
}

/// A block of text being gathered.
#[derive(Debug)]
struct Current {
    open: Open,
    text: String,
    /// Whether text stood outside any emphasis.
    plain_text: bool,
    /// Whether there was emphasised text.
    emphasised: bool,
}

/// An image being read: its alt text is gathered until it closes.
#[derive(Debug)]
struct Image {
    dest: String,
    title: String,
    alt: String,
    line: usize,
}

struct Reader<'a> {
    file: &'a str,
    story: &'a mut Story,
    notes: PlainNotes,
    current: Option<Current>,
    image: Option<Image>,
    /// Photos met inside the block being read, placed after it.
    pending_photos: Vec<Image>,
    quote_depth: usize,
    list_depth: usize,
    emphasis: usize,
    /// Whether a body row (or the deck) has been placed: the deck comes before the body.
    body_started: bool,
    lists_reported: bool,
    /// Things left out past the notes listed.
    unsaid: usize,
    /// Line numbers of byte offsets, for the notes.
    lines: crate::lines::Lines<'a>,
}

/// Reads a plain Markdown draft's text into `story` (English side). Returns the photos to
/// copy and what was left out.
pub fn read_plain(file: &str, text: &str, story: &mut Story) -> Result<PlainNotes, ImportError> {
    let mut reader = Reader {
        file,
        story,
        notes: PlainNotes::default(),
        current: None,
        image: None,
        pending_photos: Vec::new(),
        quote_depth: 0,
        list_depth: 0,
        emphasis: 0,
        body_started: false,
        lists_reported: false,
        unsaid: 0,
        lines: crate::lines::Lines::new(text.as_bytes()),
    };
    for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
        reader.event(event, range)?;
        super::within_limit(file, reader.story.blocks.len())?;
    }
    reader.flush()?;
    if reader.unsaid > 0 {
        let more = reader.unsaid;
        reader
            .notes
            .notes
            .push(format!("and {more} more things left out like those above"));
    }
    Ok(reader.notes)
}

impl Reader<'_> {
    /// The line (from 1) of a byte offset. Asked only where a line is said.
    fn line_at(&mut self, offset: usize) -> usize {
        self.lines.line_of(offset)
    }

    /// Says what was left out at byte `at`; past [`MAX_NOTES`], one last line counts the
    /// rest.
    fn note(&mut self, at: usize, what: &str) {
        self.unsaid += 1;
        if self.notes.notes.len() < MAX_NOTES {
            self.unsaid -= 1;
            let line = self.line_at(at);
            self.notes.notes.push(format!("line {line}: {what}"));
        }
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) -> Result<(), ImportError> {
        let at = range.start;
        match event {
            Event::Start(tag) => self.start(tag, at)?,
            Event::End(tag) => self.end(tag)?,
            Event::Text(text) | Event::Code(text) => self.push_text(&text),
            Event::SoftBreak | Event::HardBreak => self.push_text("\n"),
            Event::Html(html) | Event::InlineHtml(html) => {
                let shown: String = html.trim().chars().take(60).collect();
                if !shown.is_empty() {
                    self.note(at, &format!("HTML left out: {shown}"));
                }
            }
            Event::FootnoteReference(_)
            | Event::TaskListMarker(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::Rule => {}
        }
        Ok(())
    }

    fn start(&mut self, tag: Tag<'_>, at: usize) -> Result<(), ImportError> {
        match tag {
            Tag::Heading { level, .. } => self.open(Open::Heading(level))?,
            Tag::Paragraph => self.open(Open::Paragraph)?,
            Tag::CodeBlock(_) => self.open(Open::Code)?,
            Tag::BlockQuote(_) => {
                self.flush()?;
                self.quote_depth += 1;
                self.check_depth(at)?;
            }
            Tag::List(_) => {
                self.flush()?;
                self.list_depth += 1;
                self.check_depth(at)?;
                if !self.lists_reported {
                    self.lists_reported = true;
                    self.note(at, "a list: each item became a paragraph of its own");
                }
            }
            Tag::Item => self.flush()?,
            Tag::Emphasis | Tag::Strong => {
                if matches!(tag, Tag::Emphasis) {
                    self.emphasis += 1;
                }
            }
            Tag::Link { dest_url, .. } => {
                if self.image.is_none() {
                    let address: String = dest_url.chars().take(120).collect();
                    self.note(
                        at,
                        &format!("the link's address ({address}) was left out; its words are kept"),
                    );
                }
            }
            Tag::Image {
                dest_url, title, ..
            } => {
                if self.image.is_none() {
                    let line = self.line_at(at);
                    self.image = Some(Image {
                        dest: dest_url.into_string(),
                        title: title.into_string(),
                        alt: String::new(),
                        line,
                    });
                }
            }
            Tag::HtmlBlock
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::MetadataBlock(_) => {}
        }
        Ok(())
    }

    fn end(&mut self, tag: TagEnd) -> Result<(), ImportError> {
        match tag {
            TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::CodeBlock | TagEnd::Item => {
                self.flush()?;
            }
            TagEnd::BlockQuote(_) => {
                self.flush()?;
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            TagEnd::List(_) => {
                self.flush()?;
                self.list_depth = self.list_depth.saturating_sub(1);
            }
            TagEnd::Emphasis => self.emphasis = self.emphasis.saturating_sub(1),
            TagEnd::Image => {
                if let Some(image) = self.image.take() {
                    self.pending_photos.push(image);
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn check_depth(&mut self, at: usize) -> Result<(), ImportError> {
        if self.quote_depth + self.list_depth > MAX_NESTING {
            return Err(ImportError::BadFrontMatter {
                file: self.file.to_owned(),
                line: self.line_at(at),
                problem: format!(
                    "quotes or lists nested more than {MAX_NESTING} deep; this is not a draft"
                ),
            });
        }
        Ok(())
    }

    fn open(&mut self, open: Open) -> Result<(), ImportError> {
        self.flush()?;
        self.current = Some(Current {
            open,
            text: String::new(),
            plain_text: false,
            emphasised: false,
        });
        Ok(())
    }

    fn push_text(&mut self, text: &str) {
        if let Some(image) = &mut self.image {
            image.alt.push_str(text);
            return;
        }
        // Text in a tight list item comes without a paragraph around it.
        let current = self.current.get_or_insert_with(|| Current {
            open: Open::Paragraph,
            text: String::new(),
            plain_text: false,
            emphasised: false,
        });
        if !text.trim().is_empty() {
            if self.emphasis > 0 {
                current.emphasised = true;
            } else {
                current.plain_text = true;
            }
        }
        current.text.push_str(text);
    }

    /// Places the block being read, then the photos met inside it.
    fn flush(&mut self) -> Result<(), ImportError> {
        if let Some(current) = self.current.take() {
            self.place(&current);
        }
        for image in std::mem::take(&mut self.pending_photos) {
            self.photo(&image)?;
        }
        Ok(())
    }

    fn place(&mut self, current: &Current) {
        let text = current.text.trim().to_owned();
        if text.is_empty() {
            return;
        }
        let in_body = self.quote_depth > 0 || self.list_depth > 0;
        let kind = match current.open {
            Open::Heading(HeadingLevel::H1)
                if !in_body && !self.body_started && self.story.headline.english.is_empty() =>
            {
                set_row(&mut self.story.headline, &text);
                return;
            }
            Open::Heading(_) => BlockKind::Subhead,
            Open::Paragraph
                if !in_body
                    && !self.body_started
                    && current.emphasised
                    && !current.plain_text
                    && self.story.deck.english.is_empty() =>
            {
                set_row(&mut self.story.deck, &text);
                self.body_started = true;
                return;
            }
            _ if self.quote_depth > 0 => BlockKind::Quote,
            Open::Paragraph | Open::Code => BlockKind::Paragraph,
        };
        self.body_started = true;
        let id = self.story.allocate_block_id();
        self.story.blocks.push(Block {
            id,
            kind,
            row: TextRow {
                source: String::new(),
                english: text,
                status: RowStatus::Draft,
                pretranslated: None,
                changed: None,
            },
            omitted: false,
            previous_source: None,
        });
    }

    fn photo(&mut self, image: &Image) -> Result<(), ImportError> {
        let name = percent_decoded(image.dest.trim());
        if !is_beside(&name) {
            return Err(ImportError::BadFrontMatter {
                file: self.file.to_owned(),
                line: image.line,
                problem: format!(
                    "the photo \"{}\" is not a file beside the Markdown file; Copydesk brings in photos only from the Markdown file's own folder: put it there and name it without a folder",
                    image.dest.chars().take(120).collect::<String>()
                ),
            });
        }
        let caption = image.title.trim().to_owned();
        let id = self.story.allocate_block_id();
        self.story.blocks.push(Block {
            id,
            kind: BlockKind::Photo(Photo {
                file: name.clone(),
                credit: String::new(),
                alt: image.alt.trim().to_owned(),
            }),
            row: TextRow {
                source: String::new(),
                status: if caption.is_empty() {
                    RowStatus::Untranslated
                } else {
                    RowStatus::Draft
                },
                english: caption,
                pretranslated: None,
                changed: None,
            },
            omitted: false,
            previous_source: None,
        });
        self.notes.photos.push(PhotoToCopy {
            block: id,
            name,
            line: image.line,
        });
        Ok(())
    }
}

fn set_row(row: &mut TextRow, text: &str) {
    text.clone_into(&mut row.english);
    row.status = RowStatus::Draft;
}

/// Whether a photo's name is a file in the Markdown file's own folder: no folder, no drive
/// or web address, not hidden, not `.` or `..`.
#[must_use]
pub fn is_beside(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\', ':', '\0'])
        && !name.chars().any(char::is_control)
}

/// `%XX` escapes read as the bytes they stand for (a link target `my%20photo.png` names
/// `my photo.png`); anything that does not decode to UTF-8 is kept as written.
fn percent_decoded(target: &str) -> String {
    let bytes = target.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = target.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| target.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(md: &str) -> (Story, PlainNotes) {
        let mut story = Story::new("", chrono::DateTime::UNIX_EPOCH);
        let notes = read_plain("draft.md", md, &mut story).unwrap();
        (story, notes)
    }

    #[test]
    fn names_beside_the_file_only() {
        assert!(is_beside("photo.png"));
        assert!(is_beside("my photo.jpg"));
        for bad in [
            "",
            "../x.png",
            "sub/x.png",
            "C:x.png",
            "https://e.com/x.png",
            ".hidden.png",
            "a\\b.png",
        ] {
            assert!(!is_beside(bad), "{bad}");
        }
        assert_eq!(percent_decoded("my%20photo.png"), "my photo.png");
        assert_eq!(percent_decoded("100%.png"), "100%.png");
    }

    #[test]
    fn an_emphasised_paragraph_later_in_the_body_is_a_paragraph() {
        let (story, _) = read("# H\n\nFirst.\n\n*Not a deck.*\n");
        assert_eq!(story.deck.english, "");
        let rows: Vec<&str> = story
            .blocks
            .iter()
            .map(|b| b.row.english.as_str())
            .collect();
        assert_eq!(rows, ["First.", "Not a deck."]);
    }

    #[test]
    fn half_emphasised_is_not_a_deck() {
        let (story, _) = read("# H\n\n*Half* of it.\n");
        assert_eq!(story.deck.english, "");
        assert_eq!(story.blocks[0].row.english, "Half of it.");
    }

    #[test]
    fn html_and_links_are_reported() {
        let (story, notes) = read("<div>x</div>\n\nSee [the report](https://e.com/r).\n");
        assert_eq!(story.blocks.len(), 1);
        assert_eq!(story.blocks[0].row.english, "See the report.");
        assert_eq!(
            notes.notes,
            [
                "line 1: HTML left out: <div>x</div>",
                "line 3: the link's address (https://e.com/r) was left out; its words are kept"
            ]
        );
    }

    #[test]
    fn a_photo_from_elsewhere_stops_the_import() {
        let mut story = Story::new("", chrono::DateTime::UNIX_EPOCH);
        let err = read_plain("d.md", "Text.\n\n![a](../secret.png)\n", &mut story).unwrap_err();
        assert!(
            err.to_string().starts_with("d.md: line 3: the photo"),
            "{err}"
        );
    }

    #[test]
    fn nesting_is_limited() {
        let mut story = Story::new("", chrono::DateTime::UNIX_EPOCH);
        let md = format!("{}x\n", "> ".repeat(MAX_NESTING + 1));
        let err = read_plain("d.md", &md, &mut story).unwrap_err();
        assert!(err.to_string().contains("nested more than"), "{err}");
    }
}
