//! TMX 1.4b: translation memories exchanged with other tools (`OmegaT`, memoQ, Trados,
//! translate-toolkit), read one event at a time and written with an XML writer.
//!
//! Reading ([`read_tmx`]) streams over the bytes: no tree of the whole file is ever built,
//! and the work grows with the file's length only. What it takes and what it refuses:
//!
//! - The languages come from each `<tuv>`'s `xml:lang` (or TMX 1.1's `lang`), compared
//!   loosely by [`language_matches`]. The header's `srclang` is reported
//!   ([`TmxRead::declared_source`]) but never decides which side is which: a file made by
//!   translate-toolkit's `po2tmx` says `srclang="en"` even when a Burmese desk imports it.
//! - A `<seg>`'s text is kept with its inner whitespace, trimmed at both ends (the spec wants
//!   no whitespace there). Of the inline elements, `<hi>` keeps its text; `<bpt>`, `<ept>`,
//!   `<it>`, `<ph>` and `<ut>` hold the original document's codes, which are left out and
//!   counted ([`TmxRead::tags_dropped`]); a `<sub>` is a sub-flow (a footnote or an
//!   attribute's text inside such a code), so its text is left out with the code around it.
//!   An element TMX does not define inside a `<seg>` keeps its text.
//! - Characters XML 1.0 cannot hold (control characters other than tab, newline and carriage
//!   return; U+FFFE and U+FFFF) are left out wherever they come from.
//! - A unit's notes are its own `<note>`s and `<prop type="…">`s (as `type: value`), one per
//!   line, in the file's order; every property is kept, tool-internal `x-` ones included, so
//!   nothing is judged unimportant on the desk's behalf. Notes and properties inside a
//!   `<tuv>` are not read.
//! - A unit without text on one side, with an empty or overlong side, or with an entity
//!   reference XML does not define, is skipped and listed with its line ([`Skipped`]).
//! - The file is refused ([`TmxError`]) when it is too big, not UTF-8 or UTF-16 text, not
//!   well-formed XML (nothing is imported then, not even the units before the fault), not
//!   `<tmx>`, nested too deep, or when its `<!DOCTYPE>` declares entities or points anywhere
//!   but the standard DTD names. Nothing is ever fetched: quick-xml expands no entity but the
//!   five XML predefines and character references.
//!
//! Writing ([`write_tmx`]) makes TMX 1.4b with the header's seven required attributes, one
//! `<tu>` per unit with two `<tuv>`s, and dates in the spec's recommended
//! `YYYYMMDDThhmmssZ` form. Units `read_tmx` returned, written by `write_tmx` and read again,
//! come back the same ([`fuzz_read`] checks it on every input).

use std::borrow::Cow;
use std::panic::{AssertUnwindSafe, catch_unwind};

use chrono::{DateTime, Datelike as _, NaiveDate, Timelike as _, Utc};
use quick_xml::XmlVersion;
use quick_xml::escape::resolve_xml_entity;
use quick_xml::events::{BytesDecl, BytesRef, BytesStart, BytesText, Event};
use quick_xml::reader::Reader;
use quick_xml::writer::Writer;

use crate::lines::Lines;

/// One translation unit in the desk's language pair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TmxUnit {
    /// The source-language text (inline tags reduced to their text).
    pub source: String,
    /// The target-language (English) text.
    pub english: String,
    /// Who made it (`creationid` or `changeid`), empty when unknown.
    pub author: String,
    /// When (`creationdate` or `changedate`), if known.
    pub time: Option<DateTime<Utc>>,
    /// Notes and properties that carry meaning, one per line.
    pub note: String,
}

/// How much one read takes before it refuses the file, skips a unit or stops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The largest file, in bytes; a bigger one is refused.
    pub max_bytes: usize,
    /// The most units imported; the read stops after them and says so.
    pub max_units: usize,
    /// The deepest nesting of elements, the `<tmx>` element counting as 1; a file nested
    /// deeper is refused.
    pub max_depth: usize,
    /// The longest text of one side of a unit, in bytes (after trimming); a longer unit is
    /// skipped. A unit's notes together are held to the same length: notes past it are
    /// left out.
    pub max_segment_bytes: usize,
}

impl Default for Limits {
    /// 256 MiB, 2,000,000 units, 64 levels, 64 KiB.
    fn default() -> Self {
        Self {
            max_bytes: 256 * 1024 * 1024,
            max_units: 2_000_000,
            max_depth: 64,
            max_segment_bytes: 64 * 1024,
        }
    }
}

/// What a read found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TmxRead {
    /// The units in the desk's two languages, in the file's order.
    pub units: Vec<TmxUnit>,
    /// The units left out, with why; the last entry says so when the unit limit stopped the
    /// read. At most [`MAX_SKIPPED_LISTED`] are listed one by one, then one entry counts the
    /// rest.
    pub skipped: Vec<Skipped>,
    /// How many inline codes (`<bpt>`, `<ept>`, `<it>`, `<ph>`, `<ut>`) were left out of the
    /// units imported.
    pub tags_dropped: usize,
    /// The header's `srclang` as written (`*all*` included), empty when there is none.
    pub declared_source: String,
}

/// A unit left out of an import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// The line of its `<tu>`, from 1.
    pub line: usize,
    /// Why, in words for a translator.
    pub why: String,
}

/// How many skipped units a read lists one by one.
pub const MAX_SKIPPED_LISTED: usize = 1000;

/// Why a TMX file was refused or could not be written. The caller adds the file's name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TmxError {
    /// Bigger than the limit.
    #[error(
        "{bytes} bytes, more than the {max} a memory file may have; split it in the tool \
         that made it"
    )]
    TooBig {
        /// The file's size.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// Bytes that are not text in the encoding the file is in.
    #[error("line {line}: not {encoding} text; save the file as UTF-8 and import it again")]
    NotText {
        /// The line of the first bad byte, from 1.
        line: usize,
        /// `UTF-8`, or `UTF-16` for a file starting with a UTF-16 byte-order mark.
        encoding: &'static str,
    },
    /// Not XML at all.
    #[error("line {line}: not an XML file ({problem})")]
    NotXml {
        /// The line, from 1.
        line: usize,
        /// What was found instead.
        problem: String,
    },
    /// XML whose outermost element is not `<tmx>`.
    #[error("line {line}: not a TMX file: it holds <{found}>, not <tmx>")]
    NotTmx {
        /// The line, from 1.
        line: usize,
        /// The outermost element's name.
        found: String,
    },
    /// Broken XML: nothing is imported, not even the units before the fault.
    #[error("line {line}: the XML is broken ({problem}); nothing was imported")]
    Syntax {
        /// The line, from 1.
        line: usize,
        /// What is wrong.
        problem: String,
    },
    /// A `<!DOCTYPE>` that declares entities, which could expand without end or read files.
    #[error(
        "line {line}: the file declares its own entities (<!ENTITY>), which Copydesk never \
         reads; export the memory again without them"
    )]
    DeclaresEntities {
        /// The line, from 1.
        line: usize,
    },
    /// A `<!DOCTYPE>` pointing to a document type other than the standard TMX ones.
    #[error(
        "line {line}: the file refers to an outside document `{id}`; Copydesk reads only \
         files that name the standard tmx14.dtd (or tmx11.dtd to tmx13.dtd), or none"
    )]
    OutsideDocument {
        /// The line, from 1.
        line: usize,
        /// The reference as written.
        id: String,
    },
    /// Elements nested deeper than the limit.
    #[error("line {line}: elements nested more than {max} deep; this is not a TMX file")]
    TooDeep {
        /// The line, from 1.
        line: usize,
        /// The limit.
        max: usize,
    },
    /// An entity reference XML does not define, outside any unit (inside one, the unit is
    /// skipped instead).
    #[error("line {line}: `&{name};` is not defined in XML; nothing was imported")]
    UnknownEntity {
        /// The line, from 1.
        line: usize,
        /// The entity's name.
        name: String,
    },
    /// The XML reader failed in a way it should not.
    #[error("the XML reader failed ({problem}); nothing was imported")]
    ReaderFailed {
        /// What it said.
        problem: String,
    },
    /// A language code that cannot be written into a TMX file.
    #[error("`{tag}` is not a language code a TMX file can carry (such as my, en or en-GB)")]
    BadLanguage {
        /// The code as given.
        tag: String,
    },
    /// The writer failed.
    #[error("the TMX file could not be written ({problem})")]
    Write {
        /// What it said.
        problem: String,
    },
}

// --- Languages -------------------------------------------------------------------------------

/// ISO 639-2 (bibliographic and terminology) and ISO 639-3 codes read as the two-letter
/// ISO 639-1 code of the same language: the languages of the region's desks and the ones
/// they translate into. A code not listed here is compared as it is, so a three-letter
/// code with no two-letter one (Shan `shn`, Mon `mnw`, S'gaw Karen `ksw`, Jingpho `kac`)
/// matches itself.
const ALIASES: [(&str, &str); 38] = [
    ("ara", "ar"), // Arabic
    ("ben", "bn"), // Bengali
    ("bod", "bo"), // Tibetan
    ("bur", "my"), // Burmese
    ("chi", "zh"), // Chinese
    ("deu", "de"), // German
    ("dut", "nl"), // Dutch
    ("eng", "en"), // English
    ("fra", "fr"), // French
    ("fre", "fr"), // French
    ("ger", "de"), // German
    ("hin", "hi"), // Hindi
    ("ind", "id"), // Indonesian
    ("ita", "it"), // Italian
    ("jpn", "ja"), // Japanese
    ("khm", "km"), // Khmer
    ("kor", "ko"), // Korean
    ("lao", "lo"), // Lao
    ("may", "ms"), // Malay
    ("mon", "mn"), // Mongolian
    ("msa", "ms"), // Malay
    ("mya", "my"), // Burmese
    ("nep", "ne"), // Nepali
    ("nld", "nl"), // Dutch
    ("por", "pt"), // Portuguese
    ("pus", "ps"), // Pashto
    ("rus", "ru"), // Russian
    ("sin", "si"), // Sinhala
    ("spa", "es"), // Spanish
    ("tam", "ta"), // Tamil
    ("tel", "te"), // Telugu
    ("tgl", "tl"), // Tagalog
    ("tha", "th"), // Thai
    ("tib", "bo"), // Tibetan
    ("ukr", "uk"), // Ukrainian
    ("urd", "ur"), // Urdu
    ("vie", "vi"), // Vietnamese
    ("zho", "zh"), // Chinese
];

/// A language tag's primary subtag, lower-cased, with ISO 639-2/3 aliases read as ISO 639-1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Primary {
    bytes: [u8; 8],
    len: usize,
}

impl Primary {
    fn of(tag: &str) -> Option<Self> {
        let first = tag.trim().split(['-', '_']).next()?;
        if first.is_empty() || first.len() > 8 || !first.bytes().all(|b| b.is_ascii_alphabetic()) {
            return None;
        }
        let mut bytes = [0u8; 8];
        for (to, from) in bytes.iter_mut().zip(first.bytes()) {
            *to = from.to_ascii_lowercase();
        }
        let mut primary = Self {
            bytes,
            len: first.len(),
        };
        if let Some((_, short)) = ALIASES
            .iter()
            .find(|(long, _)| long.as_bytes() == primary.as_bytes())
        {
            primary.bytes = [0u8; 8];
            primary.bytes[..short.len()].copy_from_slice(short.as_bytes());
            primary.len = short.len();
        }
        Some(primary)
    }

    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

/// Whether a language tag from a file (`xml:lang`) names the wanted language: their primary
/// subtags are compared without case (TMX says language codes are not case-sensitive), with
/// `_` taken as `-` and the ISO 639-2/3 codes in the table above read as their two-letter
/// codes. So `my`, `my-MM`, `MY_mm`, `mya` and `bur` all match `my`, and `en-US`, `en_GB`
/// and `eng` match `en`; regions and scripts are not compared.
#[must_use]
pub fn language_matches(tag: &str, wanted: &str) -> bool {
    match (Primary::of(tag), Primary::of(wanted)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// A language code as a TMX file carries it (RFC 3066: letters, then subtags of letters and
/// digits, each 1 to 8 long, joined by `-`), from one a person typed (`my_MM` becomes
/// `my-MM`).
fn language_tag(tag: &str) -> Result<String, TmxError> {
    let tag_out = tag.trim().replace('_', "-");
    let mut parts = tag_out.split('-');
    let first_ok = parts
        .next()
        .is_some_and(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()));
    let rest_ok =
        parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    if first_ok && rest_ok {
        Ok(tag_out)
    } else {
        Err(TmxError::BadLanguage {
            tag: tag.to_owned(),
        })
    }
}

// --- Text ------------------------------------------------------------------------------------

/// Whether XML 1.0 cannot hold this character.
fn forbidden(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}'
}

/// The text without the characters XML 1.0 cannot hold.
fn clean(text: &str) -> Cow<'_, str> {
    if may_hold_forbidden(text.as_bytes()) && text.contains(forbidden) {
        Cow::Owned(text.chars().filter(|&c| !forbidden(c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// Whether the bytes may hold a character [`forbidden`] finds: an ASCII control other than
/// tab, newline and carriage return, or the byte 0xBF that ends U+FFFE and U+FFFF (EF BF BE,
/// EF BF BF). Read in blocks without stopping early, which the compiler vectorises: it
/// runs over every byte of text kept.
#[expect(
    clippy::needless_bitwise_bool,
    reason = "no branches, so the loop is vectorised; the operands are plain comparisons"
)]
fn may_hold_forbidden(bytes: &[u8]) -> bool {
    bytes.chunks(64).any(|block| {
        block.iter().fold(false, |found, &b| {
            found | ((b < b' ') & (b != b'\t') & (b != b'\n') & (b != b'\r')) | (b == 0xBF)
        })
    })
}

/// A name as one line: cleaned, tabs and line breaks as spaces, trimmed (an attribute holds
/// no line breaks a reader keeps).
fn one_line(text: &str) -> String {
    let text = clean(text);
    if text.contains(['\t', '\n', '\r']) {
        text.replace(['\t', '\n', '\r'], " ").trim().to_owned()
    } else {
        text.trim().to_owned()
    }
}

/// Text gathered piece by piece, trimmed at both ends as it comes, holding at most `max`
/// bytes: whitespace after the text waits until more text comes, so what is held is always
/// the trimmed text.
#[derive(Debug, Default)]
struct Gather {
    text: String,
    pending: String,
    pending_over: bool,
    over: bool,
}

impl Gather {
    fn push(&mut self, piece: &str, max: usize) {
        if self.over {
            return;
        }
        let piece = if self.text.is_empty() {
            piece.trim_start()
        } else {
            piece
        };
        let body = piece.trim_end();
        let tail = &piece[body.len()..];
        if body.is_empty() {
            if self.pending.len() + tail.len() > max {
                self.pending_over = true;
            } else if !self.text.is_empty() {
                self.pending.push_str(tail);
            }
            return;
        }
        if self.pending_over || self.text.len() + self.pending.len() + body.len() > max {
            self.over = true;
            self.text = String::new();
            self.pending = String::new();
            return;
        }
        self.text.push_str(&self.pending);
        self.text.push_str(body);
        self.pending.clear();
        self.pending_over = tail.len() > max;
        if !self.pending_over {
            self.pending.push_str(tail);
        }
    }
}

// --- Dates -----------------------------------------------------------------------------------

/// A TMX date: the recommended `YYYYMMDDThhmmssZ`, or another ISO 8601 form (RFC 3339),
/// in whole seconds and years 0 to 9999 (what [`tmx_date`] can write back).
fn parse_date(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    let b = text.as_bytes();
    let time = if b.len() == 16
        && b[8] == b'T'
        && b[15] == b'Z'
        && b[..8].iter().chain(&b[9..15]).all(u8::is_ascii_digit)
    {
        let number = |range: std::ops::Range<usize>| text[range].parse::<u32>().ok();
        let date = NaiveDate::from_ymd_opt(
            i32::try_from(number(0..4)?).ok()?,
            number(4..6)?,
            number(6..8)?,
        )?;
        date.and_hms_opt(number(9..11)?, number(11..13)?, number(13..15)?)?
            .and_utc()
    } else {
        DateTime::parse_from_rfc3339(text)
            .ok()?
            .with_timezone(&Utc)
            .with_nanosecond(0)?
    };
    (0..=9999).contains(&time.year()).then_some(time)
}

/// A time in TMX's recommended form, `YYYYMMDDThhmmssZ` (UTC), if its year has four digits.
fn tmx_date(time: DateTime<Utc>) -> Option<String> {
    (0..=9999)
        .contains(&time.year())
        .then(|| time.format("%Y%m%dT%H%M%SZ").to_string())
}

// --- Reading ---------------------------------------------------------------------------------

/// Reads a TMX file's units in the desk's language pair. See the module's documentation
/// for what is taken, skipped and refused. A panic inside the XML reader is caught and
/// becomes [`TmxError::ReaderFailed`].
pub fn read_tmx(
    bytes: &[u8],
    source_language: &str,
    target_language: &str,
    limits: &Limits,
) -> Result<TmxRead, TmxError> {
    if bytes.len() > limits.max_bytes {
        return Err(TmxError::TooBig {
            bytes: bytes.len(),
            max: limits.max_bytes,
        });
    }
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let text = decode(bytes)?;
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
        Parse::new(text, source_language, target_language, limits).run()
    }));
    outcome.unwrap_or_else(|panic| {
        let problem = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".to_owned());
        Err(TmxError::ReaderFailed { problem })
    })
}

/// The file's text: UTF-8, or UTF-16 when it starts with a UTF-16 byte-order mark (the spec
/// allows both).
fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, TmxError> {
    let utf16 = |rest: &[u8], unit: fn([u8; 2]) -> u16| {
        let mut text = String::with_capacity(rest.len());
        let units = rest.chunks(2).map(|pair| match pair {
            [a, b] => unit([*a, *b]),
            // An odd byte at the end: a lone surrogate, so it is refused below.
            _ => 0xD800,
        });
        for c in char::decode_utf16(units) {
            match c {
                Ok(c) => text.push(c),
                Err(_) => {
                    return Err(TmxError::NotText {
                        line: 1 + text.matches('\n').count(),
                        encoding: "UTF-16",
                    });
                }
            }
        }
        Ok(Cow::Owned(text))
    };
    match bytes {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
        _ => std::str::from_utf8(bytes)
            .map(Cow::Borrowed)
            .map_err(|e| TmxError::NotText {
                line: crate::lines::line_of(bytes, e.valid_up_to()),
                encoding: "UTF-8",
            }),
    }
}

/// What an open element is, for what its text and children mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Tmx,
    Header,
    Body,
    Tu,
    Tuv,
    Seg,
    /// Inside a `<seg>`: `<hi>` or an element TMX does not define; its text is kept.
    Keep,
    /// Native code (`<bpt>`, `<ept>`, `<it>`, `<ph>`, `<ut>`, `<sub>`) and all inside it.
    Code,
    Note,
    Prop,
    Other,
}

/// Which side of the unit a `<tuv>` is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Source,
    Target,
    Neither,
}

/// Who made a unit or variant, and when.
#[derive(Debug, Default)]
struct Who {
    creation_id: String,
    change_id: String,
    creation_date: Option<DateTime<Utc>>,
    change_date: Option<DateTime<Utc>>,
}

/// A `<tuv>` being read.
#[derive(Debug)]
struct Variant {
    side: Side,
    who: Who,
    seg: Gather,
    dropped: usize,
}

/// A `<tu>` being read.
#[derive(Debug, Default)]
struct Draft {
    line: usize,
    who: Who,
    source: Option<Variant>,
    target: Option<Variant>,
    /// The languages of its `<tuv>`s that are neither side, for saying what it has when a
    /// side is missing.
    others: Vec<String>,
    note: String,
    note_full: bool,
    problem: Option<String>,
}

impl Draft {
    /// Adds a note or property as a line of the unit's note (`type: value` for a property),
    /// unless it is empty or the note would pass `max` bytes.
    fn add_note(&mut self, note: NoteDraft, max: usize) {
        let text = note.text.text;
        if text.is_empty() || self.note_full {
            return;
        }
        let label = note.prop_type.filter(|t| !t.is_empty());
        let sep = usize::from(!self.note.is_empty());
        let len = label.as_ref().map_or(0, |t| t.len() + 2) + text.len();
        if self.note.len() + sep + len > max {
            self.note_full = true;
            return;
        }
        if sep == 1 {
            self.note.push('\n');
        }
        if let Some(label) = label {
            self.note.push_str(&label);
            self.note.push_str(": ");
        }
        self.note.push_str(&text);
    }
}

/// A `<note>` or `<prop>` of a unit being read.
#[derive(Debug)]
struct NoteDraft {
    prop_type: Option<String>,
    text: Gather,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Root {
    NotSeen,
    Open,
    Closed,
}

/// One read of one file.
struct Parse<'a> {
    text: &'a str,
    source_language: &'a str,
    target_language: &'a str,
    source: Option<Primary>,
    target: Option<Primary>,
    limits: Limits,
    lines: Lines<'a>,
    out: TmxRead,
    stack: Vec<Kind>,
    root: Root,
    tu: Option<Draft>,
    tuv: Option<Variant>,
    note: Option<NoteDraft>,
    unlisted: usize,
    first_unlisted: usize,
    stopped: bool,
}

impl<'a> Parse<'a> {
    fn new(
        text: &'a str,
        source_language: &'a str,
        target_language: &'a str,
        limits: &Limits,
    ) -> Self {
        Self {
            text,
            source_language,
            target_language,
            source: Primary::of(source_language),
            target: Primary::of(target_language),
            limits: *limits,
            lines: Lines::new(text.as_bytes()),
            out: TmxRead::default(),
            stack: Vec::new(),
            root: Root::NotSeen,
            tu: None,
            tuv: None,
            note: None,
            unlisted: 0,
            first_unlisted: 0,
            stopped: false,
        }
    }

    fn run(mut self) -> Result<TmxRead, TmxError> {
        let mut reader = Reader::from_str(self.text);
        loop {
            let at = reader.buffer_position();
            let event = match reader.read_event() {
                Ok(event) => event,
                Err(err) => {
                    let line = self.lines.line_of(reader.error_position());
                    return Err(match err {
                        quick_xml::Error::Encoding(_) => TmxError::NotText {
                            line,
                            encoding: "UTF-8",
                        },
                        err => TmxError::Syntax {
                            line,
                            problem: err.to_string(),
                        },
                    });
                }
            };
            match event {
                Event::Start(e) => self.start(&e, at)?,
                Event::Empty(e) => {
                    self.start(&e, at)?;
                    self.end(at)?;
                }
                Event::End(_) => self.end(at)?,
                // Text is normalised (line ends) only where it is kept or checked.
                Event::Text(t) if self.wants_text() => self.text(&t.xml10_content(), at)?,
                Event::CData(t) if self.wants_text() => self.text(&t.xml10_content(), at)?,
                Event::GeneralRef(r) => self.reference(&r, at)?,
                Event::DocType(d) => self.doctype(&d, at)?,
                Event::Text(_)
                | Event::CData(_)
                | Event::Decl(_)
                | Event::PI(_)
                | Event::Comment(_) => {}
                Event::Eof => break,
            }
            if self.stopped {
                return Ok(self.finish());
            }
        }
        let line = self.lines.line_of(reader.buffer_position());
        if self.root == Root::NotSeen {
            return Err(TmxError::NotXml {
                line,
                problem: "there is no XML element in it".to_owned(),
            });
        }
        if !self.stack.is_empty() {
            let problem = match &self.tu {
                Some(tu) => format!(
                    "the file ends inside the unit that starts at line {}: it was cut short",
                    tu.line
                ),
                None => "the file ends before </tmx>: it was cut short".to_owned(),
            };
            return Err(TmxError::Syntax { line, problem });
        }
        Ok(self.finish())
    }

    fn finish(mut self) -> TmxRead {
        if self.unlisted > 0 {
            let entry = Skipped {
                line: self.first_unlisted,
                why: format!(
                    "and {} more units skipped from here on (only the first {MAX_SKIPPED_LISTED} \
                     are listed)",
                    self.unlisted
                ),
            };
            // The entry saying the read stopped stays last.
            let at = if self.stopped {
                self.out.skipped.len().saturating_sub(1)
            } else {
                self.out.skipped.len()
            };
            self.out.skipped.insert(at, entry);
        }
        self.out
    }

    fn syntax(&mut self, at: u64, problem: &str) -> TmxError {
        TmxError::Syntax {
            line: self.lines.line_of(at),
            problem: problem.to_owned(),
        }
    }

    /// An attribute's value with entities and character references resolved; an entity
    /// XML does not define is a problem of the unit (or of the file, outside a unit).
    /// Checks every attribute's well-formedness, and hands the value of each one named in
    /// `wanted` (by its place there) to `found`, with entities and character references
    /// resolved and the characters XML cannot hold left out. An entity XML does not define
    /// is a problem of the unit it is in, or of the file outside one.
    fn attributes(
        &mut self,
        e: &BytesStart<'_>,
        at: u64,
        wanted: &[&str],
        mut found: impl FnMut(usize, &str),
    ) -> Result<(), TmxError> {
        for attr in e.attributes() {
            let attr = attr.map_err(|err| TmxError::Syntax {
                line: self.lines.line_of(at),
                problem: err.to_string(),
            })?;
            let Some(i) = wanted.iter().position(|w| *w == attr.key.as_ref()) else {
                continue;
            };
            match attr.normalized_value_with(XmlVersion::Implicit1_0, 1, resolve_xml_entity) {
                Ok(value) => found(i, &clean(&value)),
                Err(err) => {
                    let problem = format!("an attribute with {err}");
                    match &mut self.tu {
                        Some(tu) => {
                            tu.problem.get_or_insert(problem);
                        }
                        None => {
                            return Err(TmxError::Syntax {
                                line: self.lines.line_of(at),
                                problem,
                            });
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Who and when, from a `<tu>`'s or `<tuv>`'s attributes, with the `<tuv>`'s language
    /// (`xml:lang`, else TMX 1.1's `lang`).
    fn who(&mut self, e: &BytesStart<'_>, at: u64) -> Result<(Who, String), TmxError> {
        let names = [
            "creationid",
            "changeid",
            "creationdate",
            "changedate",
            "xml:lang",
            "lang",
        ];
        let mut who = Who::default();
        let mut langs = [None, None];
        self.attributes(e, at, &names, |i, value| match i {
            0 => who.creation_id = one_line(value),
            1 => who.change_id = one_line(value),
            2 => who.creation_date = parse_date(value),
            3 => who.change_date = parse_date(value),
            _ => langs[i - 4] = Some(value.trim().to_owned()),
        })?;
        let [xml_lang, old_lang] = langs;
        Ok((who, xml_lang.or(old_lang).unwrap_or_default()))
    }

    fn start(&mut self, e: &BytesStart<'_>, at: u64) -> Result<(), TmxError> {
        if self.root == Root::Closed {
            return Err(self.syntax(at, "an element after the end of <tmx>"));
        }
        if self.stack.len() >= self.limits.max_depth {
            return Err(TmxError::TooDeep {
                line: self.lines.line_of(at),
                max: self.limits.max_depth,
            });
        }
        let name = e.local_name();
        let name = name.as_ref();
        let kind = match (self.stack.last(), name) {
            (None, "tmx") => Kind::Tmx,
            (None, found) => {
                return Err(TmxError::NotTmx {
                    line: self.lines.line_of(at),
                    found: found.to_owned(),
                });
            }
            (Some(Kind::Tmx), "header") => Kind::Header,
            (Some(Kind::Tmx), "body") => Kind::Body,
            (Some(Kind::Body), "tu") => Kind::Tu,
            (Some(Kind::Tu), "tuv") => Kind::Tuv,
            (Some(Kind::Tu), "note") => Kind::Note,
            (Some(Kind::Tu), "prop") => Kind::Prop,
            (Some(Kind::Tuv), "seg") => Kind::Seg,
            (Some(Kind::Seg | Kind::Keep), "bpt" | "ept" | "it" | "ph" | "ut" | "sub")
            | (Some(Kind::Code), _) => Kind::Code,
            (Some(Kind::Seg | Kind::Keep), _) => Kind::Keep,
            _ => Kind::Other,
        };
        match kind {
            Kind::Tmx => {
                self.root = Root::Open;
                self.attributes(e, at, &[], |_, _| {})?;
            }
            Kind::Header => {
                let mut srclang = String::new();
                self.attributes(e, at, &["srclang"], |_, v| {
                    v.trim().clone_into(&mut srclang);
                })?;
                self.out.declared_source = srclang;
            }
            Kind::Tu => {
                let line = self.lines.line_of(at);
                self.tu = Some(Draft {
                    line,
                    ..Draft::default()
                });
                let (who, _) = self.who(e, at)?;
                if let Some(tu) = &mut self.tu {
                    tu.who = who;
                }
            }
            Kind::Tuv => {
                let (who, lang) = self.who(e, at)?;
                let side = self.side(lang);
                self.tuv = Some(Variant {
                    side,
                    who,
                    seg: Gather::default(),
                    dropped: 0,
                });
            }
            Kind::Note | Kind::Prop => {
                let wanted: &[&str] = if kind == Kind::Prop { &["type"] } else { &[] };
                let mut prop_type = (kind == Kind::Prop).then(String::new);
                self.attributes(e, at, wanted, |_, t| prop_type = Some(one_line(t)))?;
                self.note = Some(NoteDraft {
                    prop_type,
                    text: Gather::default(),
                });
            }
            Kind::Code => {
                self.attributes(e, at, &[], |_, _| {})?;
                if self.stack.last() != Some(&Kind::Code)
                    && let Some(tuv) = &mut self.tuv
                {
                    tuv.dropped += 1;
                }
            }
            Kind::Body | Kind::Seg | Kind::Keep | Kind::Other => {
                self.attributes(e, at, &[], |_, _| {})?;
            }
        }
        self.stack.push(kind);
        Ok(())
    }

    /// Which side a `<tuv>` of this language is; the languages of neither side are noted
    /// for saying what a unit has when a side is missing.
    fn side(&mut self, lang: String) -> Side {
        let Some(tu) = &mut self.tu else {
            return Side::Neither;
        };
        let primary = Primary::of(&lang);
        if primary.is_some() && primary == self.source && tu.source.is_none() {
            Side::Source
        } else if primary.is_some() && primary == self.target && tu.target.is_none() {
            Side::Target
        } else {
            if tu.others.len() < 8 && !tu.others.contains(&lang) {
                tu.others.push(lang);
            }
            Side::Neither
        }
    }

    fn end(&mut self, at: u64) -> Result<(), TmxError> {
        let Some(kind) = self.stack.pop() else {
            return Err(self.syntax(at, "an end tag with no start tag"));
        };
        match kind {
            Kind::Tmx => self.root = Root::Closed,
            Kind::Tu => {
                if let Some(tu) = self.tu.take() {
                    self.unit(tu);
                }
            }
            Kind::Tuv => {
                if let (Some(tuv), Some(tu)) = (self.tuv.take(), &mut self.tu) {
                    match tuv.side {
                        Side::Source => tu.source = Some(tuv),
                        Side::Target => tu.target = Some(tuv),
                        Side::Neither => {}
                    }
                }
            }
            Kind::Note | Kind::Prop => {
                if let (Some(note), Some(tu)) = (self.note.take(), &mut self.tu) {
                    tu.add_note(note, self.limits.max_segment_bytes);
                }
            }
            Kind::Header | Kind::Body | Kind::Seg | Kind::Keep | Kind::Code | Kind::Other => {}
        }
        Ok(())
    }

    /// Whether text here is kept (a side's `<seg>`, a unit's note) or checked (outside the
    /// root).
    fn wants_text(&self) -> bool {
        match self.stack.last() {
            None | Some(Kind::Note | Kind::Prop) => true,
            Some(Kind::Seg | Kind::Keep) => {
                self.tuv.as_ref().is_some_and(|t| t.side != Side::Neither)
            }
            Some(_) => false,
        }
    }

    fn text(&mut self, text: &str, at: u64) -> Result<(), TmxError> {
        let max = self.limits.max_segment_bytes;
        match self.stack.last() {
            None if !text.trim().is_empty() => {
                return Err(if self.root == Root::NotSeen {
                    TmxError::NotXml {
                        line: self.lines.line_of(at),
                        problem: "it starts with text, not with an XML element".to_owned(),
                    }
                } else {
                    self.syntax(at, "text after the end of <tmx>")
                });
            }
            Some(Kind::Seg | Kind::Keep) => {
                if let Some(tuv) = &mut self.tuv
                    && tuv.side != Side::Neither
                {
                    tuv.seg.push(&clean(text), max);
                }
            }
            Some(Kind::Note | Kind::Prop) => {
                if let Some(note) = &mut self.note {
                    note.text.push(&clean(text), max);
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// An entity or character reference in text: the five XML entities and character
    /// references are text; anything else spoils the unit it is in, or the file outside one.
    fn reference(&mut self, r: &BytesRef<'_>, at: u64) -> Result<(), TmxError> {
        let name: &str = r;
        let resolved = if r.is_char_ref() {
            r.resolve_char_ref().ok().flatten().map(|c| {
                let mut s = String::new();
                s.push(c);
                Cow::Owned(s)
            })
        } else {
            resolve_xml_entity(name).map(Cow::Borrowed)
        };
        if let Some(text) = resolved {
            return self.text(&text, at);
        }
        let Some(tu) = &mut self.tu else {
            return Err(TmxError::UnknownEntity {
                line: self.lines.line_of(at),
                name: name.to_owned(),
            });
        };
        let problem = if r.is_char_ref() {
            format!("`&{name};` is not a character")
        } else {
            format!("`&{name};` is not defined in XML (only &amp; &lt; &gt; &quot; &apos; are)")
        };
        tu.problem.get_or_insert(problem);
        Ok(())
    }

    /// Refuses a `<!DOCTYPE>` that declares entities or names an outside document other
    /// than the standard TMX DTDs (which are never read either).
    fn doctype(&mut self, decl: &str, at: u64) -> Result<(), TmxError> {
        let line = self.lines.line_of(at);
        if decl.to_ascii_lowercase().contains("<!entity") {
            return Err(TmxError::DeclaresEntities { line });
        }
        match system_id(decl) {
            Ok(None) => Ok(()),
            Ok(Some(id))
                if STANDARD_DTDS
                    .iter()
                    .any(|s| s.eq_ignore_ascii_case(id.trim())) =>
            {
                Ok(())
            }
            Ok(Some(id)) | Err(id) => Err(TmxError::OutsideDocument {
                line,
                id: id.chars().take(120).collect(),
            }),
        }
    }

    fn skip(&mut self, line: usize, why: String) {
        if self.out.skipped.len() < MAX_SKIPPED_LISTED {
            self.out.skipped.push(Skipped { line, why });
        } else {
            if self.unlisted == 0 {
                self.first_unlisted = line;
            }
            self.unlisted += 1;
        }
    }

    /// A finished `<tu>`: a unit, or a skipped one.
    fn unit(&mut self, tu: Draft) {
        let line = tu.line;
        if let Some(problem) = tu.problem {
            self.skip(line, problem);
            return;
        }
        let max = self.limits.max_segment_bytes;
        let (src, tgt) = (self.source_language, self.target_language);
        let side = |v: &Option<Variant>, lang: &str| -> Result<(), String> {
            match v {
                None if tu.others.is_empty() => Err(format!("no text in `{lang}`")),
                None => Err(format!(
                    "no text in `{lang}` (its other languages: {})",
                    tu.others.join(", ")
                )),
                Some(v) if v.seg.over => {
                    Err(format!("the `{lang}` text is longer than {max} bytes"))
                }
                Some(v) if v.seg.text.is_empty() => Err(format!("the `{lang}` text is empty")),
                Some(_) => Ok(()),
            }
        };
        if let Err(why) = side(&tu.source, src).and_then(|()| side(&tu.target, tgt)) {
            self.skip(line, why);
            return;
        }
        let (Some(source), Some(target)) = (tu.source, tu.target) else {
            return;
        };
        if self.out.units.len() >= self.limits.max_units {
            self.out.skipped.push(Skipped {
                line,
                why: format!(
                    "the import stopped here: a memory file may hold at most {} units, and \
                     this one has more",
                    self.limits.max_units
                ),
            });
            self.stopped = true;
            return;
        }
        let whos = [&target.who, &tu.who, &source.who];
        let author = whos
            .iter()
            .flat_map(|w| [&w.creation_id, &w.change_id])
            .find(|a| !a.is_empty())
            .cloned()
            .unwrap_or_default();
        let time = whos.iter().find_map(|w| w.change_date.or(w.creation_date));
        self.out.tags_dropped += source.dropped + target.dropped;
        self.out.units.push(TmxUnit {
            source: source.seg.text,
            english: target.seg.text,
            author,
            time,
            note: tu.note,
        });
    }
}

/// The DTD names a TMX file may give in its `<!DOCTYPE>` (they are never read).
const STANDARD_DTDS: [&str; 4] = ["tmx11.dtd", "tmx12.dtd", "tmx13.dtd", "tmx14.dtd"];

/// The system id of a `<!DOCTYPE>`'s content (`tmx SYSTEM "tmx14.dtd" [...]`), `None` when it
/// names no outside document, or what stands where the id should be when it cannot be read.
fn system_id(decl: &str) -> Result<Option<&str>, &str> {
    let rest = decl.trim_start();
    let name_end = rest
        .find(|c: char| c.is_whitespace() || c == '[')
        .unwrap_or(rest.len());
    let rest = rest[name_end..].trim_start();
    if rest.is_empty() || rest.starts_with('[') {
        return Ok(None);
    }
    let id = if let Some(after) = rest.strip_prefix("SYSTEM") {
        quoted(after).map(|(id, _)| id)
    } else if let Some(after) = rest.strip_prefix("PUBLIC") {
        quoted(after)
            .and_then(|(_, after)| quoted(after))
            .map(|(id, _)| id)
    } else {
        None
    };
    id.map(Some).ok_or(rest)
}

/// A quoted literal at the start of `text` (after whitespace), and what follows it.
fn quoted(text: &str) -> Option<(&str, &str)> {
    let text = text.trim_start();
    let quote = text.chars().next().filter(|q| matches!(q, '"' | '\''))?;
    let inner = &text[1..];
    let close = inner.find(quote)?;
    Some((&inner[..close], &inner[close + 1..]))
}

// --- Writing ---------------------------------------------------------------------------------

/// Writes units as a TMX 1.4b file (UTF-8): the header with the seven attributes the spec
/// requires (`creationtool="Copydesk"`, `segtype="paragraph"`, `datatype="plaintext"`,
/// `adminlang="en"`, `srclang` the source language), then per unit a `<tu>` with
/// `creationid` (the author, on one line) and `creationdate` when known, a `<note>` when
/// there is one, and a `<tuv xml:lang>` with its `<seg>` for each side.
///
/// Texts are trimmed (the spec wants no whitespace at either end of a `<seg>`) and the
/// characters XML 1.0 cannot hold are left out; a unit left with no source or no English is
/// not written. A time whose year has more than four digits is left out. Language codes are
/// written as given, `_` as `-`; one that is not a language code is refused.
pub fn write_tmx(
    units: &[TmxUnit],
    source_language: &str,
    target_language: &str,
    tool_version: &str,
) -> Result<Vec<u8>, TmxError> {
    let source_tag = language_tag(source_language)?;
    let target_tag = language_tag(target_language)?;
    let tool_version = one_line(tool_version);
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    let written = writer
        .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .and_then(|()| {
            writer
                .create_element("tmx")
                .with_attribute(("version", "1.4"))
                .write_inner_content(|w| {
                    w.create_element("header")
                        .with_attributes([
                            ("creationtool", "Copydesk"),
                            ("creationtoolversion", tool_version.as_str()),
                            ("segtype", "paragraph"),
                            ("o-tmf", "Copydesk"),
                            ("adminlang", "en"),
                            ("srclang", source_tag.as_str()),
                            ("datatype", "plaintext"),
                        ])
                        .write_empty()?;
                    w.create_element("body").write_inner_content(|w| {
                        for unit in units {
                            write_unit(w, unit, &source_tag, &target_tag)?;
                        }
                        Ok(())
                    })?;
                    Ok(())
                })
                .map(|_| ())
        });
    written.map_err(|err| TmxError::Write {
        problem: err.to_string(),
    })?;
    let mut bytes = writer.into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

fn write_unit(
    w: &mut Writer<Vec<u8>>,
    unit: &TmxUnit,
    source_tag: &str,
    target_tag: &str,
) -> std::io::Result<()> {
    let source = clean(&unit.source);
    let english = clean(&unit.english);
    let (source, english) = (source.trim(), english.trim());
    if source.is_empty() || english.is_empty() {
        return Ok(());
    }
    let author = one_line(&unit.author);
    let date = unit.time.and_then(tmx_date);
    let note = clean(&unit.note);
    let note = note.trim();
    let mut tu = w.create_element("tu");
    if !author.is_empty() {
        tu = tu.with_attribute(("creationid", author.as_str()));
    }
    if let Some(date) = &date {
        tu = tu.with_attribute(("creationdate", date.as_str()));
    }
    tu.write_inner_content(|w| {
        if !note.is_empty() {
            w.create_element("note")
                .write_text_content(BytesText::new(note))?;
        }
        for (tag, text) in [(source_tag, source), (target_tag, english)] {
            w.create_element("tuv")
                .with_attribute(("xml:lang", tag))
                .write_inner_content(|w| {
                    w.create_element("seg")
                        .write_text_content(BytesText::new(text))?;
                    Ok(())
                })?;
        }
        Ok(())
    })?;
    Ok(())
}

// --- Fuzzing ---------------------------------------------------------------------------------

/// Reads arbitrary bytes as a Burmese–English memory with the default limits, for the fuzz
/// target `tmx_file`, and checks the reader's promises: no panic; at most the unit limit of
/// units, each with a source and an English that are non-empty, trimmed, within the segment
/// limit and free of characters XML cannot hold; and what was read, written back, reads the
/// same.
///
/// # Panics
///
/// When one of those promises is broken.
pub fn fuzz_read(bytes: &[u8]) {
    let limits = Limits::default();
    let Ok(read) = read_tmx(bytes, "my", "en", &limits) else {
        return;
    };
    assert!(read.units.len() <= limits.max_units);
    assert!(read.skipped.len() <= MAX_SKIPPED_LISTED + 2);
    for unit in &read.units {
        for text in [&unit.source, &unit.english] {
            assert!(!text.is_empty(), "an empty side: {unit:?}");
            assert!(text.len() <= limits.max_segment_bytes);
            assert_eq!(text.trim(), text.as_str(), "untrimmed: {unit:?}");
            assert!(
                !text.contains(forbidden),
                "a character XML cannot hold: {unit:?}"
            );
        }
        assert!(unit.note.len() <= limits.max_segment_bytes);
    }
    let again = write_tmx(&read.units, "my", "en", "fuzz")
        .and_then(|written| read_tmx(&written, "my", "en", &limits));
    match again {
        Ok(again) => assert!(
            again.units == read.units,
            "units changed on their way through a written file"
        ),
        Err(err) => panic!("units read do not survive being written: {err}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_match_by_primary_subtag_and_alias() {
        for tag in ["my", "my-MM", "MY_mm", "mya", "bur", " MY "] {
            assert!(language_matches(tag, "my"), "{tag}");
            assert!(language_matches("my", tag), "{tag}");
        }
        for tag in ["en", "en-US", "en_GB", "eng", "EN"] {
            assert!(language_matches(tag, "en"), "{tag}");
        }
        for (tag, wanted) in [
            ("en", "my"),
            ("", "my"),
            ("my", ""),
            ("shn", "my"),
            ("*all*", "en"),
            ("mymy", "my"),
        ] {
            assert!(!language_matches(tag, wanted), "{tag} {wanted}");
        }
        assert!(language_matches("shn-MM", "shn"));
    }

    #[test]
    fn language_codes_are_written_as_rfc_3066_or_refused() {
        assert_eq!(language_tag("my_MM"), Ok("my-MM".to_owned()));
        assert_eq!(language_tag(" en "), Ok("en".to_owned()));
        for bad in ["", "-", "my MM", "my\"", "toolongcode", "1a"] {
            assert!(language_tag(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_in_the_recommended_form_and_iso_8601() {
        let want = NaiveDate::from_ymd_opt(2024, 3, 9)
            .and_then(|d| d.and_hms_opt(14, 5, 7))
            .map(|t| t.and_utc());
        assert_eq!(parse_date("20240309T140507Z"), want);
        assert_eq!(parse_date("2024-03-09T21:05:07.25+07:00"), want);
        assert_eq!(parse_date("20240230T000000Z"), None);
        assert_eq!(parse_date("2024030T1405071Z"), None);
        assert_eq!(parse_date("+2024-03-09"), None);
        assert_eq!(want.and_then(tmx_date).as_deref(), Some("20240309T140507Z"));
    }

    #[test]
    fn gathered_text_is_trimmed_and_bounded() {
        let mut g = Gather::default();
        for piece in ["  \n", " a", "  ", "b ", "\t"] {
            g.push(piece, 10);
        }
        assert_eq!(g.text, "a  b");
        assert!(!g.over);
        let mut g = Gather::default();
        g.push("abcdef", 10);
        g.push("     ", 10);
        assert_eq!(g.text, "abcdef");
        g.push("g", 10);
        assert!(g.over);
        // Whitespace past the limit matters only when text follows it.
        let mut g = Gather::default();
        g.push("a", 4);
        g.push("      ", 4);
        assert_eq!((g.text.as_str(), g.over), ("a", false));
        g.push("b", 4);
        assert!(g.over);
    }

    #[test]
    fn control_characters_are_left_out() {
        assert_eq!(clean("a\u{1}b\tc\u{FFFF}\r\n"), "ab\tc\r\n");
        assert_eq!(one_line(" Ma\tThida\n"), "Ma Thida");
    }

    #[test]
    fn a_small_file_reads() {
        let tmx = "<tmx version=\"1.4\"><header srclang=\"my\"/><body>\n<tu><tuv xml:lang=\"my\"><seg>က</seg></tuv><tuv xml:lang=\"en\"><seg>ka</seg></tuv></tu></body></tmx>";
        let read = read_tmx(tmx.as_bytes(), "my", "en", &Limits::default()).unwrap();
        assert_eq!(read.units.len(), 1);
        assert_eq!(
            (
                read.units[0].source.as_str(),
                read.units[0].english.as_str()
            ),
            ("က", "ka")
        );
        assert_eq!(read.declared_source, "my");
    }
}
