//! Reading an XLIFF 1.2 or 2.x file as a stream of events, within limits, without trusting
//! it: no tree of the file is built, a document type declaration (which could declare
//! entities or point outside) refuses the file, entities XML does not define refuse it, and
//! so do nesting past the limit, a file past the size limit, bytes that are not UTF-8, and
//! more units than a story has rows. A panic inside the XML reader is caught.
//!
//! Only the core's structure counts: a `<source>` or `<target>` is read where the spec puts
//! it (2.x: in a `<segment>` or `<ignorable>` of a `<unit>`, in the core namespace; 1.2: a
//! `<trans-unit>`'s own), so a tool's suggestions (`<mtc:matches>`, 1.2's `<alt-trans>`)
//! and its own elements are never taken for the translation. Inline markup keeps its text
//! (`<pc>`, `<mrk>`, 1.2's `<g>`); native codes (1.2's `<bpt>`, `<ept>`, `<ph>`, `<it>`,
//! `<sub>`) and 2.x's `<originalData>` are left out. A unit a tool split into several
//! segments is joined back in order.

use std::borrow::Cow;
use std::panic::{AssertUnwindSafe, catch_unwind};

use quick_xml::XmlVersion;
use quick_xml::escape::resolve_xml_entity;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::reader::NsReader;

use crate::lines::Lines;

use super::{NS_1_2, NS_2, NS_2_2, XliffError, XliffVersion, xml_text};

/// How much one read takes before it refuses the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The largest file, in bytes.
    pub max_bytes: usize,
    /// The most units.
    pub max_units: usize,
    /// The deepest nesting of elements, `<xliff>` counting as 1.
    pub max_depth: usize,
    /// The longest text of a unit's source or target, in bytes.
    pub max_text_bytes: usize,
}

impl Default for Limits {
    /// 16 MiB (the largest story file), 50,002 units (the most rows a story has, with its
    /// headline and deck), 64 levels, 1 MiB of text.
    fn default() -> Self {
        Self {
            max_bytes: 16 * 1024 * 1024,
            max_units: crate::store::MAX_STORY_ROWS + 2,
            max_depth: 64,
            max_text_bytes: 1024 * 1024,
        }
    }
}

/// A unit as the file has it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct XliffUnit {
    /// Its `id`.
    pub id: String,
    /// The line of its start tag, from 1.
    pub line: usize,
    /// The source text, segments joined.
    pub source: String,
    /// The target text, segments joined; `None` when no segment has one.
    pub target: Option<String>,
    /// Whether some segments have a target and some not.
    pub incomplete: bool,
}

/// An XLIFF file as read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XliffFile {
    /// 1.2, or 2.x.
    pub version: XliffVersion,
    /// The source language the file declares.
    pub source_language: String,
    /// The target language the file declares (may be empty).
    pub target_language: String,
    /// The `<file>`'s `original`: the story's slug when Copydesk made it.
    pub original: String,
    /// The units, in the file's order.
    pub units: Vec<XliffUnit>,
}

/// What an open element is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Xliff,
    File,
    /// 2.x `<group>` or 1.2 `<body>`/`<group>`: holds units.
    Container,
    Unit,
    /// 2.x `<segment>` or `<ignorable>`.
    Segment,
    Source,
    Target,
    /// Inline markup inside a source or target whose text is kept.
    Keep,
    /// Native code inside a source or target, or anything else: its text is not read.
    Skip,
}

/// A segment being read.
#[derive(Debug, Default)]
struct Segment {
    source: String,
    target: Option<String>,
    ignorable: bool,
}

struct Parse<'a> {
    text: &'a str,
    limits: Limits,
    lines: Lines<'a>,
    stack: Vec<Kind>,
    version: Option<XliffVersion>,
    namespace: &'static str,
    file: Option<XliffFile>,
    files: usize,
    unit: Option<XliffUnit>,
    segments: Vec<Segment>,
    segment: Option<Segment>,
    /// The unit ids seen, which must be unique.
    ids: std::collections::HashSet<String>,
    closed: bool,
}

/// Reads an XLIFF file. See the module's documentation for what is read and refused.
pub fn read_xliff(bytes: &[u8], limits: &Limits) -> Result<XliffFile, XliffError> {
    if bytes.len() > limits.max_bytes {
        return Err(XliffError::TooBig {
            bytes: bytes.len(),
            max: limits.max_bytes,
        });
    }
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let text = std::str::from_utf8(bytes).map_err(|e| XliffError::NotText {
            line: crate::lines::line_of(bytes, e.valid_up_to()),
        })?;
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        Parse::new(text, limits).run()
    }));
    outcome.unwrap_or_else(|panic| {
        let problem = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".to_owned());
        Err(XliffError::ReaderFailed { problem })
    })
}

impl<'a> Parse<'a> {
    fn new(text: &'a str, limits: &Limits) -> Self {
        Self {
            text,
            limits: *limits,
            lines: Lines::new(text.as_bytes()),
            stack: Vec::new(),
            version: None,
            namespace: NS_2,
            file: None,
            files: 0,
            unit: None,
            segments: Vec::new(),
            segment: None,
            ids: std::collections::HashSet::new(),
            closed: false,
        }
    }

    /// The line of a byte offset (offsets come in order).
    fn line_of(&mut self, offset: u64) -> usize {
        self.lines.line_of(offset)
    }

    fn structure(&mut self, at: u64, problem: impl Into<String>) -> XliffError {
        XliffError::Structure {
            line: self.line_of(at),
            problem: problem.into(),
        }
    }

    fn run(mut self) -> Result<XliffFile, XliffError> {
        let mut reader = NsReader::from_str(self.text);
        loop {
            let at = reader.buffer_position();
            let (namespace, event) = match reader.read_resolved_event() {
                Ok((ResolveResult::Bound(Namespace(ns)), event)) => (Some(ns.to_owned()), event),
                Ok((_, event)) => (None, event),
                Err(err) => {
                    return Err(XliffError::Syntax {
                        line: self.line_of(reader.error_position()),
                        problem: err.to_string(),
                    });
                }
            };
            match event {
                Event::Start(e) => self.start(&e, namespace.as_deref(), at)?,
                Event::Empty(e) => {
                    self.start(&e, namespace.as_deref(), at)?;
                    self.end(at)?;
                }
                Event::End(_) => self.end(at)?,
                Event::Text(t) => self.text(&t.xml10_content(), at)?,
                Event::CData(t) => self.text(&t.xml10_content(), at)?,
                Event::GeneralRef(r) => self.reference(&r, at)?,
                Event::DocType(_) => {
                    return Err(XliffError::DocType {
                        line: self.line_of(at),
                    });
                }
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
                Event::Eof => break,
            }
        }
        let at = reader.buffer_position();
        match self.file.take() {
            _ if !self.stack.is_empty() => Err(self.structure(at, "the file was cut short")),
            Some(file) if self.closed => Ok(file),
            _ => Err(XliffError::NotXliff {
                line: self.line_of(at),
                problem: "there is no <file> in it".to_owned(),
            }),
        }
    }

    /// Checks every attribute and hands the value of each named in `wanted` (by its place
    /// there) to `found`, entities and character references resolved.
    fn attributes(
        &mut self,
        e: &BytesStart<'_>,
        at: u64,
        wanted: &[&str],
        mut found: impl FnMut(usize, String),
    ) -> Result<(), XliffError> {
        for attr in e.attributes() {
            let attr = attr.map_err(|err| XliffError::Syntax {
                line: self.line_of(at),
                problem: err.to_string(),
            })?;
            let value = attr
                .normalized_value_with(XmlVersion::Implicit1_0, 1, resolve_xml_entity)
                .map_err(|err| XliffError::Syntax {
                    line: self.line_of(at),
                    problem: format!("an attribute with {err}"),
                })?;
            if let Some(i) = wanted.iter().position(|w| *w == attr.key.as_ref()) {
                found(i, value.trim().to_owned());
            }
        }
        Ok(())
    }

    fn start(&mut self, e: &BytesStart<'_>, ns: Option<&str>, at: u64) -> Result<(), XliffError> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(XliffError::TooDeep {
                line: self.line_of(at),
                max: self.limits.max_depth,
            });
        }
        if self.closed {
            return Err(self.structure(at, "an element after the end of <xliff>"));
        }
        let local = e.local_name();
        let name: &str = local.as_ref();
        let core = ns == Some(self.namespace)
            || (self.version == Some(XliffVersion::V1_2) && ns.is_none());
        let v2 = self.version == Some(XliffVersion::V2_1);
        let parent = self.stack.last().copied();
        let kind = match (parent, core, name) {
            (None, _, _) => return self.root(e, ns, name, at),
            (Some(Kind::Xliff), true, "file") => Kind::File,
            (Some(Kind::File), true, "body") if !v2 => Kind::Container,
            (Some(Kind::File), true, "group") if v2 => Kind::Container,
            (Some(Kind::Container), true, "group") => Kind::Container,
            (Some(Kind::Container), true, "trans-unit") if !v2 => Kind::Unit,
            (Some(Kind::File | Kind::Container), true, "unit") if v2 => Kind::Unit,
            (Some(Kind::Unit), true, "segment" | "ignorable") if v2 => Kind::Segment,
            (Some(Kind::Segment), true, "source") => Kind::Source,
            (Some(Kind::Segment), true, "target") => Kind::Target,
            (Some(Kind::Unit), true, "source") if !v2 => Kind::Source,
            (Some(Kind::Unit), true, "target") if !v2 => Kind::Target,
            (Some(Kind::Source | Kind::Target | Kind::Keep), true, "pc" | "mrk" | "g") => {
                Kind::Keep
            }
            _ => Kind::Skip,
        };
        match kind {
            Kind::File => self.file_start(e, at)?,
            Kind::Unit => self.unit_start(e, at)?,
            Kind::Segment => {
                self.attributes(e, at, &[], |_, _| {})?;
                self.segment = Some(Segment {
                    ignorable: name == "ignorable",
                    ..Segment::default()
                });
            }
            Kind::Source | Kind::Target => {
                self.attributes(e, at, &[], |_, _| {})?;
                if kind == Kind::Target {
                    if self.segment.is_none() && self.segments.is_empty() {
                        return Err(self.structure(at, "a <target> before its <source>"));
                    }
                    // 1.2: the unit is one segment, the last one started.
                    if let Some(segment) = self.segment.as_mut().or(self.segments.last_mut()) {
                        segment.target.get_or_insert_with(String::new);
                    }
                } else if self.segment.is_none() {
                    self.segments.push(Segment::default());
                }
            }
            _ => self.attributes(e, at, &[], |_, _| {})?,
        }
        self.stack.push(kind);
        Ok(())
    }

    fn root(
        &mut self,
        e: &BytesStart<'_>,
        ns: Option<&str>,
        name: &str,
        at: u64,
    ) -> Result<(), XliffError> {
        if name != "xliff" {
            return Err(XliffError::NotXliff {
                line: self.line_of(at),
                problem: format!("it holds <{name}>, not <xliff>"),
            });
        }
        let mut values = [String::new(), String::new(), String::new()];
        self.attributes(e, at, &["version", "srcLang", "trgLang"], |i, v| {
            values[i] = v;
        })?;
        let [version, source, target] = values;
        let (v, namespace) = match (ns, version.as_str()) {
            (Some(NS_2), v) if v.starts_with("2.") => (XliffVersion::V2_1, NS_2),
            (Some(NS_2_2), v) if v.starts_with("2.") => (XliffVersion::V2_1, NS_2_2),
            (Some(NS_1_2) | None, "1.2" | "1.1" | "1.0") => (XliffVersion::V1_2, NS_1_2),
            _ => {
                return Err(XliffError::NotXliff {
                    line: self.line_of(at),
                    problem: format!(
                        "version \"{}\" in the namespace \"{}\"; Copydesk reads XLIFF 1.2 and 2.x",
                        version.chars().take(20).collect::<String>(),
                        ns.unwrap_or("").chars().take(80).collect::<String>()
                    ),
                });
            }
        };
        if v == XliffVersion::V2_1 && source.is_empty() {
            return Err(XliffError::NotXliff {
                line: self.line_of(at),
                problem: "<xliff> has no srcLang, which XLIFF 2 requires".to_owned(),
            });
        }
        self.version = Some(v);
        self.namespace = namespace;
        self.file = Some(XliffFile {
            version: v,
            source_language: source,
            target_language: target,
            original: String::new(),
            units: Vec::new(),
        });
        self.stack.push(Kind::Xliff);
        Ok(())
    }

    fn file_start(&mut self, e: &BytesStart<'_>, at: u64) -> Result<(), XliffError> {
        self.files += 1;
        if self.files > 1 {
            return Err(self.structure(
                at,
                "the file holds more than one <file>; Copydesk exports one story per file",
            ));
        }
        let mut values = [String::new(), String::new(), String::new()];
        self.attributes(
            e,
            at,
            &["original", "source-language", "target-language"],
            |i, v| values[i] = v,
        )?;
        let [original, source, target] = values;
        if let Some(file) = &mut self.file {
            file.original = original;
            if file.version == XliffVersion::V1_2 {
                file.source_language = source;
                file.target_language = target;
            }
        }
        Ok(())
    }

    fn unit_start(&mut self, e: &BytesStart<'_>, at: u64) -> Result<(), XliffError> {
        let mut id = String::new();
        self.attributes(e, at, &["id"], |_, v| id = v)?;
        let line = self.line_of(at);
        if id.is_empty() {
            return Err(self.structure(at, "a unit without an id"));
        }
        let units = self.file.as_ref().map_or(0, |f| f.units.len());
        if units >= self.limits.max_units {
            return Err(XliffError::TooMany {
                line,
                problem: format!(
                    "more than {} units, more than a story has rows",
                    self.limits.max_units
                ),
            });
        }
        if !self.ids.insert(id.clone()) {
            return Err(self.structure(at, format!("two units have the id \"{id}\"")));
        }
        self.segments.clear();
        self.unit = Some(XliffUnit {
            id,
            line,
            ..XliffUnit::default()
        });
        Ok(())
    }

    fn end(&mut self, at: u64) -> Result<(), XliffError> {
        let Some(kind) = self.stack.pop() else {
            return Err(self.structure(at, "an end tag with no start tag"));
        };
        match kind {
            Kind::Xliff => self.closed = true,
            Kind::Segment => {
                if let Some(segment) = self.segment.take() {
                    self.segments.push(segment);
                }
            }
            Kind::Unit => {
                if let Some(mut unit) = self.unit.take() {
                    let segments = std::mem::take(&mut self.segments);
                    let real = segments.iter().filter(|s| !s.ignorable);
                    let with_target = real.clone().filter(|s| s.target.is_some()).count();
                    let count = real.count();
                    unit.incomplete = with_target > 0 && with_target < count;
                    let mut target = String::new();
                    for segment in &segments {
                        unit.source.push_str(&segment.source);
                        // An ignorable without a target is the same in both languages.
                        match &segment.target {
                            Some(t) => target.push_str(t),
                            None => target.push_str(&segment.source),
                        }
                    }
                    unit.target = (with_target > 0).then_some(target);
                    if let Some(file) = &mut self.file {
                        file.units.push(unit);
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Where text goes: the source or target being read, if any.
    fn text_target(&mut self) -> Option<&mut String> {
        let mut side = None;
        for kind in self.stack.iter().rev() {
            match kind {
                Kind::Keep => {}
                Kind::Source | Kind::Target => {
                    side = Some(*kind);
                    break;
                }
                _ => return None,
            }
        }
        let side = side?;
        let segment = match self.segment.as_mut() {
            Some(segment) => segment,
            None => self.segments.last_mut()?,
        };
        match side {
            Kind::Source => Some(&mut segment.source),
            _ => segment.target.as_mut(),
        }
    }

    fn text(&mut self, text: &str, at: u64) -> Result<(), XliffError> {
        if self.stack.is_empty() {
            if text.trim().is_empty() {
                return Ok(());
            }
            return Err(XliffError::NotXliff {
                line: self.line_of(at),
                problem: "text outside any element".to_owned(),
            });
        }
        let max = self.limits.max_text_bytes;
        let Some(out) = self.text_target() else {
            return Ok(());
        };
        if out.len() + text.len() > max {
            return Err(XliffError::TooMany {
                line: self.line_of(at),
                problem: format!("a text longer than {max} bytes, longer than a story's row"),
            });
        }
        out.push_str(&xml_text(text));
        Ok(())
    }

    fn reference(&mut self, r: &BytesRef<'_>, at: u64) -> Result<(), XliffError> {
        let name: &str = r;
        let resolved = if r.is_char_ref() {
            r.resolve_char_ref()
                .ok()
                .flatten()
                .map(|c| Cow::Owned(c.to_string()))
        } else {
            resolve_xml_entity(name).map(Cow::Borrowed)
        };
        match resolved {
            Some(text) => self.text(&text, at),
            None => Err(XliffError::UnknownEntity {
                line: self.line_of(at),
                name: name.chars().take(60).collect(),
            }),
        }
    }
}

/// Reads arbitrary bytes as an XLIFF file, for the fuzz target `xliff_file`, and checks the
/// reader's promises: no panic; at most the unit limit of units, with unique ids and texts
/// within the text limit holding no character XML cannot hold.
///
/// # Panics
///
/// When one of those promises is broken.
pub fn fuzz_read(bytes: &[u8]) {
    let limits = Limits::default();
    let Ok(file) = read_xliff(bytes, &limits) else {
        return;
    };
    assert!(file.units.len() <= limits.max_units);
    let mut ids = std::collections::HashSet::new();
    for unit in &file.units {
        assert!(ids.insert(&unit.id), "a repeated id: {}", unit.id);
        for text in std::iter::once(&unit.source).chain(unit.target.as_ref()) {
            assert!(text.len() <= limits.max_bytes);
            assert_eq!(xml_text(text), *text, "a character XML cannot hold");
        }
    }
}
