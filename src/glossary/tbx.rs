//! TBX glossaries: read from TBX-Basic (the 2008 `<martif>` form) and TBX v3
//! (`<tbx>`, ISO 30042:2019, core and Basic dialects), written as TBX v3 TBX-Basic.
//!
//! Reading streams over the events of quick-xml, as the TMX reader does: no tree is built,
//! elements deeper than [`MAX_DEPTH`] refuse the file, a `<!DOCTYPE>` with an internal subset
//! (which is where entities are declared) refuses it, nothing is ever fetched, an entity
//! XML does not define skips the entry it is in, and a panic inside the reader becomes an
//! error. An entry gives one term per source-language term that is not deprecated: its
//! English is the first target-language term not marked deprecated or superseded
//! (`administrativeStatus`), and the ones so marked are its forbidden variants. Notes come
//! from `<note>` and `<descrip type="definition">`; who added it and when from a
//! `<transacGrp>`'s `responsibility` and `<date>`.

use std::panic::{AssertUnwindSafe, catch_unwind};

use chrono::{DateTime, NaiveDate, Utc};
use quick_xml::XmlVersion;
use quick_xml::escape::resolve_xml_entity;
use quick_xml::events::{BytesDecl, BytesStart, BytesText, Event};
use quick_xml::reader::Reader;
use quick_xml::writer::Writer;

use super::csv::{GlossaryFileError, RawTerm, ReadTerms, decode};
use super::{Glossary, MAX_FIELD_BYTES, MAX_TERMS};
use crate::lines::Lines;
use crate::tm::tmx::language_matches;

/// The most bytes of a TBX file read.
pub const MAX_TBX_BYTES: usize = 64 * 1024 * 1024;
/// The deepest nesting of elements read.
pub const MAX_DEPTH: usize = 32;

/// A term of an entry being read.
#[derive(Debug, Default)]
struct TermDraft {
    text: String,
    status: String,
}

/// An entry being read.
#[derive(Debug, Default)]
struct Entry {
    line: usize,
    source: Vec<TermDraft>,
    english: Vec<TermDraft>,
    note: String,
    author: String,
    date: String,
    problem: Option<String>,
}

/// What the text being read belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Into {
    Term,
    Status,
    Note,
    Author,
    Date,
    Nothing,
}

/// Whether an `administrativeStatus` says a term is not to be used.
fn deprecated(status: &str) -> bool {
    let s = status.to_ascii_lowercase();
    ["deprecated", "superseded", "forbidden", "obsolete"]
        .iter()
        .any(|w| s.contains(w))
}

/// Reads a TBX file's entries in the desk's language pair. A panic inside the XML reader is
/// caught and becomes [`GlossaryFileError::ReaderFailed`].
pub fn read_tbx(
    bytes: &[u8],
    source_language: &str,
    target_language: &str,
) -> Result<ReadTerms, GlossaryFileError> {
    if bytes.len() > MAX_TBX_BYTES {
        return Err(GlossaryFileError::TooBig {
            bytes: bytes.len(),
            max: MAX_TBX_BYTES,
        });
    }
    catch_unwind(AssertUnwindSafe(|| {
        let (text, _) = decode(bytes)?;
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
        parse(text, source_language, target_language)
    }))
    .unwrap_or_else(|_| {
        Err(GlossaryFileError::ReaderFailed {
            problem: "a panic".to_owned(),
        })
    })
}

/// The value of an attribute, with the predefined entities resolved.
fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.as_ref() == name)
            .then(|| {
                a.normalized_value_with(XmlVersion::Implicit1_0, 1, resolve_xml_entity)
                    .ok()
                    .map(|v| v.trim().to_owned())
            })
            .flatten()
    })
}

/// One read of one file.
struct Parse<'a> {
    text: &'a str,
    source_language: &'a str,
    target_language: &'a str,
    out: ReadTerms,
    stack: Vec<String>,
    entry: Option<Entry>,
    /// The language of the open langSet/langSec: `Some(true)` source, `Some(false)` English.
    side: Option<bool>,
    term: Option<TermDraft>,
    into: Into,
    in_transac: bool,
    root_seen: bool,
    lines: Lines<'a>,
}

impl Parse<'_> {
    /// The line of a byte offset.
    fn line_at(&mut self, at: u64) -> usize {
        self.lines.line_of(at)
    }

    fn open(&mut self, e: &BytesStart<'_>, at: u64) -> Result<(), GlossaryFileError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(GlossaryFileError::TooDeep {
                line: self.line_at(at),
                max: MAX_DEPTH,
            });
        }
        let name = e.local_name().as_ref().to_owned();
        if self.stack.is_empty() {
            if self.root_seen || (name != "tbx" && name != "martif") {
                return Err(GlossaryFileError::NotTbx {
                    line: self.line_at(at),
                    found: name.chars().take(60).collect(),
                });
            }
            self.root_seen = true;
        }
        let kind = attribute(e, "type");
        match name.as_str() {
            "termEntry" | "conceptEntry" => {
                self.entry = Some(Entry {
                    line: self.line_at(at),
                    ..Entry::default()
                });
            }
            "langSet" | "langSec" => {
                let lang = attribute(e, "xml:lang")
                    .or_else(|| attribute(e, "lang"))
                    .unwrap_or_default();
                self.side = if language_matches(&lang, self.source_language) {
                    Some(true)
                } else if language_matches(&lang, self.target_language) {
                    Some(false)
                } else {
                    None
                };
            }
            "tig" | "ntig" | "termSec" => self.term = Some(TermDraft::default()),
            "term" if self.term.is_some() => self.into = Into::Term,
            "termNote"
                if self.term.is_some() && kind.as_deref() == Some("administrativeStatus") =>
            {
                self.into = Into::Status;
            }
            "note" if self.entry.is_some() && !self.in_transac => self.into = Into::Note,
            "descrip" if self.entry.is_some() && kind.as_deref() == Some("definition") => {
                self.into = Into::Note;
            }
            "transacGrp" => self.in_transac = true,
            "transacNote" if self.in_transac && kind.as_deref() == Some("responsibility") => {
                self.into = Into::Author;
            }
            "date" if self.in_transac => self.into = Into::Date,
            _ => {}
        }
        self.stack.push(name);
        Ok(())
    }

    fn close(&mut self, at: u64) -> Result<(), GlossaryFileError> {
        let Some(name) = self.stack.pop() else {
            return Err(GlossaryFileError::Xml {
                line: self.line_at(at),
                problem: "an end tag with no start tag".to_owned(),
            });
        };
        match name.as_str() {
            "term" | "termNote" | "transacNote" | "date" => self.into = Into::Nothing,
            "note" | "descrip" => {
                if self.into == Into::Note
                    && let Some(e) = &mut self.entry
                    && !e.note.is_empty()
                    && !e.note.ends_with('\n')
                {
                    e.note.push('\n');
                }
                self.into = Into::Nothing;
            }
            "transacGrp" => self.in_transac = false,
            "tig" | "ntig" | "termSec" => {
                if let (Some(t), Some(e)) = (self.term.take(), self.entry.as_mut()) {
                    match self.side {
                        Some(true) => e.source.push(t),
                        Some(false) => e.english.push(t),
                        None => {}
                    }
                }
            }
            "langSet" | "langSec" => self.side = None,
            "termEntry" | "conceptEntry" => {
                if let Some(e) = self.entry.take() {
                    finish(e, &mut self.out);
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn run(mut self) -> Result<ReadTerms, GlossaryFileError> {
        let mut reader = Reader::from_str(self.text);
        loop {
            let at = reader.buffer_position();
            let event = match reader.read_event() {
                Ok(event) => event,
                Err(err) => {
                    return Err(GlossaryFileError::Xml {
                        line: self.lines.line_of(reader.error_position()),
                        problem: format!("the XML is broken ({err})"),
                    });
                }
            };
            match event {
                Event::DocType(d) => {
                    let decl: &str = &d;
                    let decl = decl.to_ascii_lowercase();
                    if decl.contains('[') || decl.contains("<!entity") {
                        return Err(GlossaryFileError::Doctype {
                            line: self.line_at(at),
                        });
                    }
                }
                Event::Start(e) => self.open(&e, at)?,
                Event::Empty(e) => {
                    self.open(&e, at)?;
                    self.close(at)?;
                }
                Event::End(_) => self.close(at)?,
                Event::Text(t) => {
                    let piece = t.xml10_content().into_owned();
                    if self.stack.is_empty() && !piece.trim().is_empty() {
                        return Err(GlossaryFileError::Xml {
                            line: self.line_at(at),
                            problem: "text outside the root element".to_owned(),
                        });
                    }
                    take_text(&piece, self.into, &mut self.entry, &mut self.term);
                }
                Event::CData(t) => {
                    let piece = t.xml10_content().into_owned();
                    take_text(&piece, self.into, &mut self.entry, &mut self.term);
                }
                Event::GeneralRef(r) => {
                    let name: &str = &r;
                    let name = name.to_owned();
                    let resolved = if r.is_char_ref() {
                        r.resolve_char_ref().ok().flatten().map(String::from)
                    } else {
                        resolve_xml_entity(&name).map(str::to_owned)
                    };
                    if let Some(piece) = resolved {
                        take_text(&piece, self.into, &mut self.entry, &mut self.term);
                    } else {
                        let problem = format!("`&{name};` is not defined in XML");
                        if let Some(entry) = &mut self.entry {
                            entry.problem.get_or_insert(problem);
                        } else {
                            return Err(GlossaryFileError::Xml {
                                line: self.line_at(at),
                                problem,
                            });
                        }
                    }
                }
                Event::Eof => break,
                _ => {}
            }
            if self.out.terms.len() > MAX_TERMS {
                return Err(GlossaryFileError::TooManyTerms { max: MAX_TERMS });
            }
        }
        if !self.root_seen {
            return Err(GlossaryFileError::Xml {
                line: 1,
                problem: "there is no XML element in it".to_owned(),
            });
        }
        if !self.stack.is_empty() {
            return Err(GlossaryFileError::Xml {
                line: self.lines.line_of(self.text.len()),
                problem: "the file ends before its root element closes: it was cut short"
                    .to_owned(),
            });
        }
        Ok(self.out)
    }
}

fn parse(
    text: &str,
    source_language: &str,
    target_language: &str,
) -> Result<ReadTerms, GlossaryFileError> {
    Parse {
        text,
        source_language,
        target_language,
        out: ReadTerms::default(),
        stack: Vec::new(),
        entry: None,
        side: None,
        term: None,
        into: Into::Nothing,
        in_transac: false,
        root_seen: false,
        lines: Lines::new(text.as_bytes()),
    }
    .run()
}

fn take_text(piece: &str, into: Into, entry: &mut Option<Entry>, term: &mut Option<TermDraft>) {
    let push = |to: &mut String, problem: &mut Option<String>| {
        if to.len() + piece.len() > MAX_FIELD_BYTES {
            problem.get_or_insert(format!("a field longer than {MAX_FIELD_BYTES} bytes"));
        } else {
            to.push_str(piece);
        }
    };
    let Some(entry) = entry else {
        return;
    };
    match into {
        Into::Term => {
            if let Some(term) = term {
                push(&mut term.text, &mut entry.problem);
            }
        }
        Into::Status => {
            if let Some(term) = term {
                push(&mut term.status, &mut entry.problem);
            }
        }
        Into::Note => push(&mut entry.note, &mut entry.problem),
        Into::Author => push(&mut entry.author, &mut entry.problem),
        Into::Date => push(&mut entry.date, &mut entry.problem),
        Into::Nothing => {}
    }
}

fn finish(e: Entry, out: &mut ReadTerms) {
    if let Some(problem) = e.problem {
        out.skip(e.line, problem);
        return;
    }
    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let english = e
        .english
        .iter()
        .find(|t| !deprecated(&t.status) && !t.text.trim().is_empty())
        .map(|t| one_line(&t.text));
    let Some(english) = english else {
        out.skip(e.line, "no English term that is not deprecated");
        return;
    };
    let forbidden: Vec<String> = e
        .english
        .iter()
        .filter(|t| deprecated(&t.status))
        .map(|t| one_line(&t.text))
        .filter(|t| !t.is_empty())
        .collect();
    let sources: Vec<String> = e
        .source
        .iter()
        .filter(|t| !deprecated(&t.status))
        .map(|t| one_line(&t.text))
        .filter(|t| !t.is_empty())
        .collect();
    if sources.is_empty() {
        out.skip(e.line, "no term in the desk's source language");
        return;
    }
    let mut note = e.note.trim().to_owned();
    let who = e.author.trim();
    if !who.is_empty() || !e.date.trim().is_empty() {
        // Kept in the note only when the reader cannot place it (the importer records
        // who imported the file).
        let when = e.date.trim();
        let origin = match (who.is_empty(), when.is_empty()) {
            (false, false) => format!("added by {who}, {when}"),
            (false, true) => format!("added by {who}"),
            _ => format!("added {when}"),
        };
        if !note.is_empty() {
            note.push('\n');
        }
        note.push_str(&origin);
    }
    for source in sources {
        out.terms.push(RawTerm {
            line: e.line,
            source,
            english: english.clone(),
            note: note.clone(),
            forbidden: forbidden.clone(),
        });
    }
}

/// Writes a glossary as TBX v3 in the TBX-Basic dialect (DCA style): one `<conceptEntry>` per
/// term, a `<langSec>` for each language, the forbidden variants as English terms whose
/// `administrativeStatus` is `deprecatedTerm-admn-sts`, the note as a `<note>`, and who added
/// it and when as a `<transacGrp>`.
pub fn write_tbx(
    glossary: &Glossary,
    desk_name: &str,
    source_language: &str,
    target_language: &str,
) -> Result<Vec<u8>, std::io::Error> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("tbx")
        .with_attributes([
            ("type", "TBX-Basic"),
            ("style", "dca"),
            ("xml:lang", target_language),
            ("xmlns", "urn:iso:std:iso:30042:ed-2"),
        ])
        .write_inner_content(|w| {
            w.create_element("tbxHeader").write_inner_content(|w| {
                w.create_element("fileDesc").write_inner_content(|w| {
                    w.create_element("sourceDesc").write_inner_content(|w| {
                        w.create_element("p")
                            .write_text_content(BytesText::new(&format!(
                                "Glossary of the desk \"{}\", exported by Copydesk",
                                clean(desk_name)
                            )))?;
                        Ok(())
                    })?;
                    Ok(())
                })?;
                Ok(())
            })?;
            w.create_element("text").write_inner_content(|w| {
                w.create_element("body").write_inner_content(|w| {
                    for (i, term) in glossary.terms.iter().enumerate() {
                        let id = format!("c{}", i + 1);
                        w.create_element("conceptEntry")
                            .with_attribute(("id", id.as_str()))
                            .write_inner_content(|w| {
                                w.create_element("langSec")
                                    .with_attribute(("xml:lang", source_language))
                                    .write_inner_content(|w| {
                                        term_sec(w, &term.source, None, "", None)
                                    })?;
                                w.create_element("langSec")
                                    .with_attribute(("xml:lang", target_language))
                                    .write_inner_content(|w| {
                                        term_sec(
                                            w,
                                            &term.english,
                                            Some("preferredTerm-admn-sts"),
                                            &term.note,
                                            Some((&term.added_by, term.added_at)),
                                        )?;
                                        for variant in &term.forbidden {
                                            term_sec(
                                                w,
                                                variant,
                                                Some("deprecatedTerm-admn-sts"),
                                                "",
                                                None,
                                            )?;
                                        }
                                        Ok(())
                                    })?;
                                Ok(())
                            })?;
                    }
                    Ok(())
                })?;
                Ok(())
            })?;
            Ok(())
        })?;
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

fn term_sec(
    w: &mut Writer<Vec<u8>>,
    text: &str,
    status: Option<&str>,
    note: &str,
    origin: Option<(&str, DateTime<Utc>)>,
) -> Result<(), std::io::Error> {
    w.create_element("termSec").write_inner_content(|w| {
        w.create_element("term")
            .write_text_content(BytesText::new(&clean(text)))?;
        if let Some(status) = status {
            w.create_element("termNote")
                .with_attribute(("type", "administrativeStatus"))
                .write_text_content(BytesText::new(status))?;
        }
        if !note.trim().is_empty() {
            w.create_element("note")
                .write_text_content(BytesText::new(&clean(note)))?;
        }
        if let Some((by, at)) = origin {
            w.create_element("transacGrp").write_inner_content(|w| {
                w.create_element("transac")
                    .with_attribute(("type", "transactionType"))
                    .write_text_content(BytesText::new("origination"))?;
                if !by.trim().is_empty() {
                    w.create_element("transacNote")
                        .with_attribute(("type", "responsibility"))
                        .write_text_content(BytesText::new(&clean(by)))?;
                }
                let date: NaiveDate = at.date_naive();
                w.create_element("date")
                    .write_text_content(BytesText::new(&date.format("%Y-%m-%d").to_string()))?;
                Ok(())
            })?;
        }
        Ok(())
    })?;
    Ok(())
}

/// Text without the characters XML 1.0 cannot hold.
fn clean(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            !((c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}')
        })
        .collect()
}
