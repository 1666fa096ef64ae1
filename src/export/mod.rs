//! Exports: the story in publishable form, as bytes, one file per format.
//!
//! Every exporter takes a [`Publishable`], never a `Story`: it holds only what a reader will
//! see, with every contributor already reduced to their public name (a withheld one becomes
//! the service), so a withheld name cannot reach any export. Exporters are pure: the same
//! story, photos and time give the same bytes. Each output is checked (HTML and XML parse,
//! JSON parses and has its fields) before it is handed back.

mod bilingual;
mod docx;
mod html;
mod markdown;
mod ninjs;
mod nitf;
mod ooxml;
mod photo;
mod text;

pub use markdown::{BODY_MARK, CREDIT_MARK, PHOTO_MARK, display_key};
pub use photo::{MAX_PHOTO_PIXELS, MAX_PHOTO_SIDE, PhotoProblem, photo_size};

use chrono::{DateTime, NaiveDate, Utc};
use thiserror::Error;

use crate::credits::{credit_line, credited_names};
use crate::model::{BlockKind, DeskSettings, Role, RowStatus, Story};
use crate::workflow::{SignOffState, sign_off_state};

/// The formats Copydesk writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// A self-contained HTML page with schema.org `NewsArticle` data.
    Html,
    /// Plain text in the publishable layout.
    Text,
    /// Markdown with the story's metadata in front matter; imports back whole.
    Markdown,
    /// IPTC ninjs 2.2 JSON.
    Ninjs,
    /// NITF 3.6 XML.
    Nitf,
    /// A Word document of the final copy.
    Docx,
    /// A bilingual review table as an HTML page.
    BilingualHtml,
    /// A bilingual review table as a Word document.
    BilingualDocx,
}

impl Format {
    /// Every format, in menu order.
    pub const ALL: [Self; 8] = [
        Self::Html,
        Self::Text,
        Self::Markdown,
        Self::Ninjs,
        Self::Nitf,
        Self::Docx,
        Self::BilingualHtml,
        Self::BilingualDocx,
    ];

    /// The name on the command line (`--format`).
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::Html => "html",
            Self::Text => "txt",
            Self::Markdown => "md",
            Self::Ninjs => "ninjs",
            Self::Nitf => "nitf",
            Self::Docx => "docx",
            Self::BilingualHtml => "bilingual-html",
            Self::BilingualDocx => "bilingual-docx",
        }
    }

    /// The format named `key`.
    #[must_use]
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|f| f.key() == key.trim().to_lowercase())
    }

    /// The name a person reads.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Html => "Web page (HTML)",
            Self::Text => "Plain text",
            Self::Markdown => "Markdown",
            Self::Ninjs => "ninjs (IPTC JSON)",
            Self::Nitf => "NITF 3.6 (XML)",
            Self::Docx => "Word document",
            Self::BilingualHtml => "Bilingual review table (HTML)",
            Self::BilingualDocx => "Bilingual review table (Word)",
        }
    }

    /// The file extension.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Self::Html | Self::BilingualHtml => "html",
            Self::Text => "txt",
            Self::Markdown => "md",
            Self::Ninjs => "json",
            Self::Nitf => "xml",
            Self::Docx | Self::BilingualDocx => "docx",
        }
    }

    /// Whether the format is publishable copy (and so needs a current sign-off). The
    /// bilingual table is for review away from the tool and carries internal text.
    #[must_use]
    pub fn is_publishable(self) -> bool {
        !matches!(self, Self::BilingualHtml | Self::BilingualDocx)
    }

    /// Whether the output is text that can go to standard output.
    #[must_use]
    pub fn is_text(self) -> bool {
        !matches!(self, Self::Docx | Self::BilingualDocx)
    }
}

/// Why an export was refused or failed. Nothing is written when it fails.
#[derive(Debug, Error)]
pub enum ExportError {
    /// Publishable output without a current sign-off.
    #[error("{slug} is not signed off{reason}; export it as a draft instead (it will say DRAFT)")]
    NotSignedOff {
        /// The story.
        slug: String,
        /// Why, as a clause.
        reason: &'static str,
    },
    /// The exporter produced output that does not check out: a bug, never written.
    #[error("the {format} export failed its check: {problem}")]
    Invalid {
        /// The format.
        format: &'static str,
        /// What is wrong.
        problem: String,
    },
}

/// Photos by file name, for formats that embed them.
pub trait MediaSource {
    /// The bytes of a photo in the desk's media folder, or `None` when it is missing.
    fn photo(&self, file: &str) -> Option<Vec<u8>>;
}

/// No photos: for formats that only link them, and for tests.
pub struct NoMedia;

impl MediaSource for NoMedia {
    fn photo(&self, _file: &str) -> Option<Vec<u8>> {
        None
    }
}

/// One block as the reader sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PubBlock {
    /// A paragraph.
    Paragraph(String),
    /// A subhead.
    Subhead(String),
    /// A quotation.
    Quote(String),
    /// A photo with its caption, credit and alt text.
    Photo {
        /// The file in the desk's media folder.
        file: String,
        /// The English caption.
        caption: String,
        /// The photo credit.
        credit: String,
        /// The description for readers who cannot see it.
        alt: String,
    },
}

/// A contributor as the public may see them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicCredit {
    /// What they did.
    pub role: Role,
    /// Their name, or the service for a withheld or service credit.
    pub name: String,
}

/// What a reader of the finished story sees, and nothing else.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Publishable {
    /// The story's slug.
    pub slug: String,
    /// The language of the copy.
    pub language: String,
    /// The language it was translated from.
    pub source_language: String,
    /// The desk's service, for "credit" and "publisher" fields.
    pub service: String,
    /// The headline.
    pub headline: String,
    /// The deck.
    pub deck: String,
    /// Where it was reported.
    pub dateline_place: String,
    /// When it was reported.
    pub dateline_date: Option<NaiveDate>,
    /// The body, in order, omitted rows left out.
    pub blocks: Vec<PubBlock>,
    /// The credit line.
    pub credit_line: String,
    /// "By A and B": the reporters' public names, or the writers' when no reporter is
    /// credited, in the desk's words; empty when there are neither.
    pub byline: String,
    /// Contributors with their public names, each role's names once.
    pub credits: Vec<PublicCredit>,
    /// When the story was created.
    pub created: DateTime<Utc>,
    /// When it last changed.
    pub modified: DateTime<Utc>,
    /// Whether this is a draft (not signed off): every format says DRAFT in the document.
    pub draft: bool,
    /// Corrections made after publication, oldest first, each as readers see it:
    /// "Correction, August 2, 2026: An earlier version of this story misstated …".
    pub corrections: Vec<String>,
    /// The desk's standing footer for web pages (never in text or wire formats).
    pub web_footer: String,
    /// When it was signed off for publication: only for an export that is not a draft.
    pub published: Option<DateTime<Utc>>,
    /// The story's address on the desk's site (the site's base URL and the slug), or empty.
    pub url: String,
    /// The desk site's base URL, ending in `/`, or empty.
    pub site_url: String,
}

impl Publishable {
    /// The reader's view of a story. Withheld contributors become the desk's service here, and
    /// nowhere else does an exporter learn a contributor's name.
    #[must_use]
    pub fn of(story: &Story, settings: &DeskSettings, draft: bool) -> Self {
        let blocks = story
            .blocks
            .iter()
            .filter(|b| !b.omitted)
            .filter_map(|b| {
                let text = printable(&b.row.english);
                match &b.kind {
                    BlockKind::Photo(photo) => Some(PubBlock::Photo {
                        // The name in the desk's media folder, never a path: a story file
                        // edited by hand cannot make a page point elsewhere.
                        // No control character either (a line break would end a link).
                        file: printable(
                            &std::path::Path::new(&photo.file)
                                .file_name()
                                .map(|n| n.to_string_lossy().into_owned())
                                .unwrap_or_default(),
                        )
                        .replace(char::is_control, ""),
                        caption: text,
                        credit: printable(&photo.credit),
                        alt: printable(&photo.alt),
                    }),
                    _ if text.is_empty() => None,
                    BlockKind::Paragraph => Some(PubBlock::Paragraph(text)),
                    BlockKind::Subhead => Some(PubBlock::Subhead(text)),
                    BlockKind::Quote => Some(PubBlock::Quote(text)),
                }
            })
            .collect();
        let mut credits = Vec::new();
        for role in Role::ALL {
            for name in credited_names(&story.contributors, role, &settings.service_name) {
                credits.push(PublicCredit {
                    role,
                    name: printable(&name),
                });
            }
        }
        let site_url = printable(&settings.site_url);
        Self {
            url: if site_url.is_empty() {
                String::new()
            } else {
                format!("{site_url}{}", uri_segment(&story.slug))
            },
            site_url,
            published: if draft {
                None
            } else {
                story.sign_off.as_ref().map(|s| s.at)
            },
            byline: byline(&credits, settings),
            slug: story.slug.clone(),
            language: settings.target_language.clone(),
            source_language: settings.source_language.clone(),
            service: printable(&settings.service_name),
            headline: printable(&story.headline.english),
            deck: printable(&story.deck.english),
            dateline_place: printable(&story.dateline.place),
            dateline_date: story.dateline.date,
            blocks,
            credit_line: printable(&credit_line(story, settings)),
            credits,
            created: story.created,
            modified: story.last_change().0,
            draft,
            corrections: story
                .corrections
                .iter()
                .map(|c| {
                    format!(
                        "Correction, {}: {}",
                        c.at.format("%B %-d, %Y"),
                        printable(&c.text)
                    )
                })
                .collect(),
            web_footer: printable(&settings.web_footer),
        }
    }

    /// The public names of one role.
    #[must_use]
    pub fn names(&self, role: Role) -> Vec<&str> {
        self.credits
            .iter()
            .filter(|c| c.role == role)
            .map(|c| c.name.as_str())
            .collect()
    }

    /// "MONYWA, Aug. 3, 2026" style dateline, or what there is of it.
    #[must_use]
    pub fn dateline(&self) -> String {
        let date = self
            .dateline_date
            .map(|d| d.format("%B %-d, %Y").to_string());
        match (self.dateline_place.is_empty(), date) {
            (false, Some(date)) => format!("{}, {date}", self.dateline_place.to_uppercase()),
            (false, None) => self.dateline_place.to_uppercase(),
            (true, Some(date)) => date,
            (true, None) => String::new(),
        }
    }
}

/// "By A and B" from the public credits: the reporters, or the writers when no reporter is
/// credited. "By" is the desk's own word for "by", capitalised.
fn byline(credits: &[PublicCredit], settings: &DeskSettings) -> String {
    let of = |role: Role| -> Vec<String> {
        credits
            .iter()
            .filter(|c| c.role == role && !c.name.is_empty())
            .map(|c| c.name.clone())
            .collect()
    };
    let mut names = of(Role::Reporter);
    if names.is_empty() {
        names = of(Role::Writer);
    }
    if names.is_empty() {
        return String::new();
    }
    let by = printable(&settings.credits.by);
    let mut chars = by.chars();
    let by: String = chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    format!(
        "{by} {}",
        crate::credits::join_names(&names, &printable(&settings.credits.and))
    )
}

/// The banner every draft carries in the document itself.
pub const DRAFT_BANNER: &str = "DRAFT: NOT SIGNED OFF, NOT FOR PUBLICATION";

/// Text as it may be printed, in any format: trimmed; the line breaks of other systems
/// (`\r\n`, `\r`, and the vertical tab and form feed that text pasted from Word carries)
/// made `\n`; other control characters and the non-characters U+FFFE and U+FFFF left out.
/// XML cannot hold them at all, and no reader wants them.
#[must_use]
pub fn printable(text: &str) -> String {
    // Nearly all text is printable already: checked byte by byte, it is copied whole.
    if already_printable(text) {
        return text.trim().to_owned();
    }
    let text = text.replace("\r\n", "\n");
    let cleaned: String = text
        .chars()
        .filter_map(|c| match c {
            '\r' | '\u{b}' | '\u{c}' => Some('\n'),
            '\n' | '\t' => Some(c),
            '\u{fffe}' | '\u{ffff}' => None,
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect();
    cleaned.trim().to_owned()
}

/// Whether [`printable`] would change nothing but the ends: no control character other than
/// a line feed or a tab (C0, DEL, C1) and no U+FFFE or U+FFFF, found in the UTF-8 bytes.
fn already_printable(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().all(|(i, &b)| match b {
        b'\n' | b'\t' => true,
        0..=0x1f | 0x7f => false,
        // U+0080–U+009F.
        0xC2 => !bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)),
        // U+FFFE, U+FFFF.
        0xEF => !(bytes.get(i + 1) == Some(&0xBF) && matches!(bytes.get(i + 2), Some(0xBE | 0xBF))),
        _ => true,
    })
}

/// One row of the bilingual review table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewRow {
    /// "Headline", "Deck", "Row 3".
    pub label: String,
    /// The source text.
    pub source: String,
    /// The English.
    pub english: String,
    /// The row's status, or "omitted".
    pub status: String,
    /// Open comments on the row, "author: text".
    pub comments: Vec<String>,
}

/// The rows of the bilingual review table, their text [`printable`]. Internal text:
/// comments and all rows, but the file leaves the desk, so comment authors go through the public-name rule (someone
/// credited as the service or withheld is shown as the service).
#[must_use]
pub fn review_rows(story: &Story, settings: &DeskSettings) -> Vec<ReviewRow> {
    let displays = crate::credits::Displays::of(&story.contributors);
    let comments = |row| -> Vec<String> {
        story
            .comments
            .iter()
            .filter(|c| c.anchor == row && c.is_open())
            .map(|c| {
                let author = crate::credits::public_name(
                    displays.name(&c.author),
                    &c.author,
                    &settings.service_name,
                );
                printable(&format!("{author}: {}", c.text))
            })
            .collect()
    };
    let mut rows = vec![
        ReviewRow {
            label: "Headline".to_owned(),
            source: printable(&story.headline.source),
            english: printable(&story.headline.english),
            status: story.headline.status.label().to_owned(),
            comments: comments(crate::model::RowRef::Headline),
        },
        ReviewRow {
            label: "Deck".to_owned(),
            source: printable(&story.deck.source),
            english: printable(&story.deck.english),
            status: story.deck.status.label().to_owned(),
            comments: comments(crate::model::RowRef::Deck),
        },
    ];
    for (i, block) in story.blocks.iter().enumerate() {
        let status = if block.omitted {
            "omitted".to_owned()
        } else if block.row.status == RowStatus::Untranslated && block.row.source.is_empty() {
            "English only".to_owned()
        } else {
            block.row.status.label().to_owned()
        };
        rows.push(ReviewRow {
            label: format!("Row {} ({})", i + 1, block.kind.label()),
            source: printable(&block.row.source),
            english: printable(&block.row.english),
            status,
            comments: comments(crate::model::RowRef::Block(block.id)),
        });
    }
    rows
}

/// Whether a story may be exported as `format`: publishable formats need a current
/// sign-off unless a draft is asked for.
pub fn check_gate(
    story: &Story,
    settings: &DeskSettings,
    format: Format,
    draft: bool,
) -> Result<(), ExportError> {
    if draft || !format.is_publishable() {
        return Ok(());
    }
    let reason = match sign_off_state(story, settings) {
        SignOffState::Current => return Ok(()),
        SignOffState::None => "",
        SignOffState::Stale => ": it changed after the sign-off",
    };
    Err(ExportError::NotSignedOff {
        slug: story.slug.clone(),
        reason,
    })
}

/// Exports a story: checks the gate, renders, and checks the output.
pub fn export(
    story: &Story,
    settings: &DeskSettings,
    media: &dyn MediaSource,
    format: Format,
    draft: bool,
) -> Result<Vec<u8>, ExportError> {
    check_gate(story, settings, format, draft)?;
    // A story that is not signed off is always marked, even when the gate was not asked.
    let draft = draft || sign_off_state(story, settings) != SignOffState::Current;
    let public = Publishable::of(story, settings, draft);
    let bytes = match format {
        Format::Html => html::page(&public, media).into_bytes(),
        Format::Text => text::render(&public).into_bytes(),
        Format::Markdown => markdown::render(&public, story).into_bytes(),
        Format::Ninjs => ninjs::render(&public, media)?.into_bytes(),
        Format::Nitf => nitf::render(&public, media).into_bytes(),
        Format::Docx => docx::final_copy(&public, media)?,
        Format::BilingualHtml => {
            bilingual::html(&public, &review_rows(story, settings)).into_bytes()
        }
        Format::BilingualDocx => bilingual::docx(&public, &review_rows(story, settings))?,
    };
    validate(format, &bytes)?;
    Ok(bytes)
}

/// What *Copy as formatted text* puts on the clipboard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClipboardCopy {
    /// The story's body as an HTML fragment (no page around it), for a CMS's body field.
    pub html: String,
    /// The same body as plain text, for programs that take only text.
    pub text: String,
}

/// The story for the clipboard, under the same sign-off gate as an export: without a
/// current sign-off it is refused unless `draft` is asked for, and a draft says DRAFT in
/// both forms; a signed-off story copied as publishable copy says nothing of the kind.
pub fn clipboard(
    story: &Story,
    settings: &DeskSettings,
    media: &dyn MediaSource,
    draft: bool,
) -> Result<ClipboardCopy, ExportError> {
    check_gate(story, settings, Format::Html, draft)?;
    let draft = draft || sign_off_state(story, settings) != SignOffState::Current;
    let public = Publishable::of(story, settings, draft);
    let html = html::clipboard_fragment(&public, media);
    // A fragment has siblings at its top: checked inside one element.
    check_xml(&format!("<div>{html}</div>")).map_err(|problem| ExportError::Invalid {
        format: "clipboard",
        problem,
    })?;
    Ok(ClipboardCopy {
        html,
        text: text::body(&public),
    })
}

/// Checks an export's bytes before anything is written.
fn validate(format: Format, bytes: &[u8]) -> Result<(), ExportError> {
    let invalid = |problem: String| ExportError::Invalid {
        format: format.key(),
        problem,
    };
    match format {
        Format::Html | Format::BilingualHtml | Format::Nitf => {
            let text = std::str::from_utf8(bytes).map_err(|e| invalid(e.to_string()))?;
            check_xml(text).map_err(invalid)
        }
        Format::Ninjs => {
            let value: serde_json::Value =
                serde_json::from_slice(bytes).map_err(|e| invalid(e.to_string()))?;
            for field in [
                "uri",
                "standard",
                "headlines",
                "bodies",
                "language",
                "versioncreated",
                "pubstatus",
            ] {
                if value.get(field).is_none() {
                    return Err(invalid(format!("the field \"{field}\" is missing")));
                }
            }
            Ok(())
        }
        Format::Docx | Format::BilingualDocx => docx::check(bytes).map_err(invalid),
        Format::Text | Format::Markdown => std::str::from_utf8(bytes)
            .map(|_| ())
            .map_err(|e| invalid(e.to_string())),
    }
}

/// Whether text is well-formed XML (our HTML is written as XHTML-compatible HTML5, so the
/// same check holds for it): every element closed, properly nested, attributes quoted.
pub(crate) fn check_xml(text: &str) -> Result<(), String> {
    // The doctype line is not XML.
    let body = text.strip_prefix("<!DOCTYPE html>\n").unwrap_or(text);
    let mut reader = quick_xml::Reader::from_str(body);
    reader.config_mut().check_end_names = true;
    let mut depth = 0_i32;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(err) => {
                return Err(format!(
                    "not well-formed at byte {}: {err}",
                    reader.buffer_position()
                ));
            }
        }
    }
    if depth == 0 {
        Ok(())
    } else {
        Err("an element is not closed".to_owned())
    }
}

/// A font that covers a source language's script, for documents read outside Copydesk.
/// Not Burmese-only: each desk's source language gets its script's Noto font.
#[must_use]
pub fn script_font(language: &str) -> &'static str {
    match language.split('-').next().unwrap_or_default() {
        "my" => "Noto Sans Myanmar",
        "km" => "Noto Sans Khmer",
        "lo" => "Noto Sans Lao",
        "bo" | "dz" => "Noto Serif Tibetan",
        "th" => "Noto Sans Thai",
        "ug" | "ar" | "fa" | "ur" => "Noto Naskh Arabic",
        _ => "Noto Sans",
    }
}

/// `text` as one segment of a URI path: the characters RFC 3986 leaves unreserved kept,
/// every other byte of its UTF-8 percent-encoded, so a file name with spaces, a colon or
/// Burmese letters is still a valid URI reference (and never read as a scheme).
pub(crate) fn uri_segment(text: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// Escapes text for HTML and XML content and attributes.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML; a stray one must not break the file.
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{printable, uri_segment};

    #[test]
    fn a_uri_segment_keeps_only_unreserved_characters() {
        assert_eq!(uri_segment("kani-flood_2.png"), "kani-flood_2.png");
        assert_eq!(uri_segment("a b:c/d?e#f"), "a%20b%3Ac%2Fd%3Fe%23f");
        // UTF-8, byte by byte: "က" is E1 80 80.
        assert_eq!(uri_segment("က.jpg"), "%E1%80%80.jpg");
    }

    #[test]
    fn printable_text_by_hand() {
        // Already printable: only the ends trimmed; a no-break space (C2 A0) is text.
        assert_eq!(printable("  ဆန်ဈေး é\u{a0}ü\tx\n "), "ဆန်ဈေး é\u{a0}ü\tx");
        // C0, DEL, C1 and the non-characters left out; other line breaks made \n.
        assert_eq!(printable("a\u{7}b\u{7f}c\u{85}d\u{9f}e"), "abcde");
        assert_eq!(printable("a\u{fffe}b\u{ffff}c\u{fffd}"), "abc\u{fffd}");
        assert_eq!(
            printable("one\r\ntwo\rthree\u{b}four\u{c}five"),
            "one\ntwo\nthree\nfour\nfive"
        );
        // U+FFFD and U+FEFF are not changed (only FFFE and FFFF are non-characters here).
        assert_eq!(printable("\u{feff}x"), "\u{feff}x");
    }
}
