//! TMX import and export: files in the shapes OmegaT and translate-toolkit write, broken and
//! hostile files one of each kind, the writer's output checked against the TMX 1.4b rules
//! for what it writes, and a write–read round trip. Every expected value is worked out by
//! hand (or, in the round trip, by a few lines here that follow the documented rules), never
//! taken from the code under test.

use chrono::{DateTime, NaiveDate, Utc};
use copydesk::tm::tmx::{
    Limits, Skipped, TmxError, TmxRead, TmxUnit, language_matches, read_tmx, write_tmx,
};
use pretty_assertions::assert_eq;
use proptest::prelude::*;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(y, mo, d)
        .and_then(|date| date.and_hms_opt(h, mi, s))
        .expect("a real date")
        .and_utc()
}

fn unit(
    source: &str,
    english: &str,
    author: &str,
    time: Option<DateTime<Utc>>,
    note: &str,
) -> TmxUnit {
    TmxUnit {
        source: source.to_owned(),
        english: english.to_owned(),
        author: author.to_owned(),
        time,
        note: note.to_owned(),
    }
}

/// A Burmese–English desk's read with the default limits.
fn read(text: &str) -> Result<TmxRead, TmxError> {
    read_tmx(text.as_bytes(), "my", "en", &Limits::default())
}

// --- Files other tools write ---------------------------------------------------------------

/// OmegaT's "level 2" export (TMX 1.4): the header written as an empty element, a `file` and
/// an `id` property first, author and dates on the target `<tuv>`, OmegaT's own tags
/// (`<b0>`, `<br1/>`) wrapped in `<bpt>`, `<ept>` and `<ph>`, and `xml:lang="my-MM"`.
const OMEGAT_LEVEL2: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext" creationtoolversion="6.0.1_0_1a2b3c4" segtype="sentence" srclang="my-MM"/>
  <body>
<!-- Default translations -->
    <tu tuid="p1">
      <prop type="file">news/chindwin-flood.docx</prop>
      <prop type="id">p1</prop>
      <tuv xml:lang="my-MM">
        <seg><bpt i="0" x="0">&lt;b0&gt;</bpt>ကနီ<ept i="0">&lt;/b0&gt;</ept> မြို့နယ်တွင် ရေကြီးသည်။</seg>
      </tuv>
      <tuv xml:lang="en-GB" changeid="Ko Aung" changedate="20240309T140507Z" creationid="Ma Thida" creationdate="20240301T080000Z">
        <seg><bpt i="0" x="0">&lt;b0&gt;</bpt>Kani<ept i="0">&lt;/b0&gt;</ept> township is flooded.</seg>
      </tuv>
    </tu>
    <tu>
      <prop type="file">news/chindwin-flood.docx</prop>
      <tuv xml:lang="my-MM">
        <seg>ရေ <ph x="1">&lt;br1/&gt;</ph>တက်နေဆဲ</seg>
      </tuv>
      <tuv xml:lang="en-GB" changeid="Ko Aung" changedate="20240310T091500Z">
        <seg>Water <ph x="1">&lt;br1/&gt;</ph>still rising</seg>
      </tuv>
    </tu>
    <tu>
      <tuv xml:lang="my-MM">
        <seg>မိုးသည်းသည်</seg>
      </tuv>
    </tu>
  </body>
</tmx>
"#;

#[test]
fn an_omegat_level_2_memory_reads() {
    let read = read(OMEGAT_LEVEL2).expect("reads");
    assert_eq!(read.declared_source, "my-MM");
    assert_eq!(
        read.units,
        vec![
            unit(
                "ကနီ မြို့နယ်တွင် ရေကြီးသည်။",
                "Kani township is flooded.",
                // creationid before changeid; changedate before creationdate.
                "Ma Thida",
                Some(utc(2024, 3, 9, 14, 5, 7)),
                "file: news/chindwin-flood.docx\nid: p1",
            ),
            unit(
                // The space before the dropped <ph> is kept: whitespace inside is as written.
                "ရေ တက်နေဆဲ",
                "Water still rising",
                "Ko Aung",
                Some(utc(2024, 3, 10, 9, 15, 0)),
                "file: news/chindwin-flood.docx",
            ),
        ]
    );
    // Two <bpt>/<ept> pairs in the first unit (4 codes) and one <ph> on each side of the second.
    assert_eq!(read.tags_dropped, 6);
    // The third unit (its <tu> on line 26) has no English.
    assert_eq!(read.skipped.len(), 1);
    assert_eq!(read.skipped[0].line, 26);
    assert!(read.skipped[0].why.contains("`en`"), "{:?}", read.skipped);
}

/// OmegaT's "level 1" export (TMX 1.1): `lang` instead of `xml:lang`, upper case.
const OMEGAT_LEVEL1: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx11.dtd">
<tmx version="1.1">
  <header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext" creationtoolversion="6.0.1" segtype="paragraph" srclang="MY"/>
  <body>
    <tu>
      <prop type="file">desk/yangon-power.txt</prop>
      <tuv lang="MY">
        <seg>မီးပြတ်တောက်မှု &amp; ရေရှားပါးမှု</seg>
      </tuv>
      <tuv lang="EN" creationid="Nan Seng" creationdate="20231130T235959Z">
        <seg>Power cuts &amp; water shortages</seg>
      </tuv>
    </tu>
    <tu>
      <tuv lang="MY">
        <seg>   ရန်ကုန်
   မြို့   </seg>
      </tuv>
      <tuv lang="EN">
        <seg>  Yangon &#x1000; city&#10;</seg>
      </tuv>
    </tu>
  </body>
</tmx>
"#;

#[test]
fn an_omegat_level_1_memory_reads() {
    let read = read(OMEGAT_LEVEL1).expect("reads");
    assert_eq!(read.declared_source, "MY");
    assert_eq!(
        read.units,
        vec![
            unit(
                "မီးပြတ်တောက်မှု & ရေရှားပါးမှု",
                "Power cuts & water shortages",
                "Nan Seng",
                Some(utc(2023, 11, 30, 23, 59, 59)),
                "file: desk/yangon-power.txt",
            ),
            // Trimmed at both ends, the line break and spaces inside kept; &#x1000; is က.
            unit("ရန်ကုန်\n   မြို့", "Yangon က city", "", None, ""),
        ]
    );
    assert_eq!(read.tags_dropped, 0);
    assert_eq!(read.skipped, vec![]);
}

/// translate-toolkit's `po2tmx` from a Burmese PO file: English is the PO's source, so the
/// header says `srclang="en"` and the English `<tuv>` comes first; notes are appended after
/// the `<tuv>`s. (Inline codes added here to check them in this shape too.)
const PO2TMX: &str = r#"<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="Translate Toolkit" creationtoolversion="3.13.0" segtype="sentence" o-tmf="UTF-8" adminlang="en" srclang="en" datatype="PlainText"/>
  <body>
    <tu>
      <tuv xml:lang="en">
        <seg>Flood <bpt i="1">&lt;b&gt;</bpt>warning<ept i="1">&lt;/b&gt;</ept></seg>
      </tuv>
      <tuv xml:lang="my">
        <seg>ရေဘေး <bpt i="1">&lt;b&gt;</bpt>သတိပေးချက်<ept i="1">&lt;/b&gt;</ept></seg>
      </tuv>
      <note>news.po: warning banner</note>
    </tu>
    <tu>
      <tuv xml:lang="en">
        <seg>Roads closed<ph>&lt;br/&gt;</ph></seg>
      </tuv>
      <tuv xml:lang="my">
        <seg>လမ်းများ ပိတ်ထားသည်<ph>&lt;br/&gt;</ph></seg>
      </tuv>
    </tu>
    <tu>
      <tuv xml:lang="en">
        <seg>Shelters are <hi type="bold">open</hi></seg>
      </tuv>
      <tuv xml:lang="my">
        <seg>ခိုလှုံရာ <hi>ဖွင့်</hi>ထားသည်</seg>
      </tuv>
    </tu>
  </body>
</tmx>
"#;

#[test]
fn a_po2tmx_memory_with_english_as_srclang_reads_by_its_tuv_languages() {
    let read = read(PO2TMX).expect("reads");
    assert_eq!(read.declared_source, "en");
    assert_eq!(
        read.units,
        vec![
            unit(
                "ရေဘေး သတိပေးချက်",
                "Flood warning",
                "",
                None,
                "news.po: warning banner"
            ),
            unit("လမ်းများ ပိတ်ထားသည်", "Roads closed", "", None, ""),
            // <hi> keeps its text.
            unit("ခိုလှုံရာ ဖွင့်ထားသည်", "Shelters are open", "", None, ""),
        ]
    );
    // Two <bpt>/<ept> pairs (4) and two <ph> (2); <hi> is not dropped.
    assert_eq!(read.tags_dropped, 6);
    assert_eq!(read.skipped, vec![]);
    // The same file read by an English-to-Burmese desk: the sides swap, nothing else changes.
    let reverse = read_tmx(PO2TMX.as_bytes(), "en", "my", &Limits::default()).expect("reads");
    assert_eq!(reverse.units[0].source, "Flood warning");
    assert_eq!(reverse.units[0].english, "ရေဘေး သတိပေးချက်");
}

#[test]
fn languages_are_matched_loosely() {
    for tag in ["my", "my-MM", "MY_mm", "mya", "bur"] {
        assert!(language_matches(tag, "my"), "{tag}");
    }
    for tag in ["en-US", "en_GB", "eng", "EN"] {
        assert!(language_matches(tag, "en"), "{tag}");
    }
    assert!(!language_matches("en", "my"));
    assert!(!language_matches("*all*", "my"));
    assert!(!language_matches("", "my"));
}

#[test]
fn a_utf16_file_reads_like_its_utf8_text() {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in OMEGAT_LEVEL1
        .replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"")
        .encode_utf16()
    {
        bytes.extend(unit.to_le_bytes());
    }
    let read = read_tmx(&bytes, "my", "en", &Limits::default()).expect("reads");
    assert_eq!(read.units.len(), 2);
    assert_eq!(read.units[0].english, "Power cuts & water shortages");
}

// --- Broken and hostile files --------------------------------------------------------------

/// A valid file of `n` units, one line each, after four lines of prologue: unit `k` (from
/// 1) is on line `4 + k`.
fn units_file(n: usize) -> String {
    let mut text = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n\
         <header creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" \
         adminlang=\"en\" srclang=\"my\" datatype=\"plaintext\"/>\n<body>\n",
    );
    for k in 1..=n {
        text.push_str(&format!(
            "<tu><tuv xml:lang=\"my\"><seg>ပုဒ် {k}</seg></tuv><tuv xml:lang=\"en\"><seg>Unit {k}</seg></tuv></tu>\n"
        ));
    }
    text.push_str("</body>\n</tmx>\n");
    text
}

#[test]
fn not_xml_is_refused() {
    let csv = "source,target\nမင်္ဂလာပါ,hello\n";
    assert!(
        matches!(read(csv), Err(TmxError::NotXml { line: 1, .. })),
        "{:?}",
        read(csv)
    );
    assert!(matches!(read(""), Err(TmxError::NotXml { .. })));
    let html = "<!DOCTYPE html>\n<html><body><p>hello</p></body></html>";
    assert_eq!(
        read(html),
        Err(TmxError::NotTmx {
            line: 2,
            found: "html".to_owned()
        })
    );
    // A zip (a Word file) is not text at all.
    let zip = b"PK\x03\x04\x14\x00\x00\x00\x08\x00\xff\xfe\x80";
    assert!(matches!(
        read_tmx(zip, "my", "en", &Limits::default()),
        Err(TmxError::NotText { line: 1, .. })
    ));
}

#[test]
fn a_file_cut_short_is_refused_whole() {
    let full = units_file(3);
    assert_eq!(read(&full).expect("the whole file reads").units.len(), 3);
    // Cut inside the text of the second unit's English (line 6): nothing is imported, not
    // even the first unit.
    let cut = &full[..full.find("Unit 2").expect("there") + 3];
    match read(cut) {
        Err(TmxError::Syntax { line, problem }) => {
            assert_eq!(line, 6);
            assert!(problem.contains("line 6"), "{problem}");
        }
        other => panic!("{other:?}"),
    }
    // Cut inside a tag.
    let cut = &full[..full
        .find("<tuv xml:lang=\"en\"><seg>Unit 3")
        .expect("there")
        + 8];
    assert!(
        matches!(read(cut), Err(TmxError::Syntax { line: 7, .. })),
        "{:?}",
        read(cut)
    );
    // Tags that do not match.
    let crossed = full.replace("<seg>Unit 2</seg>", "<seg>Unit 2</tuv>");
    assert!(
        matches!(read(&crossed), Err(TmxError::Syntax { line: 6, .. })),
        "{:?}",
        read(&crossed)
    );
}

#[test]
fn a_billion_laughs_is_refused_before_any_expansion() {
    let mut doctype = String::from("<!DOCTYPE tmx [\n<!ENTITY lol \"lol\">\n");
    let mut previous = "lol".to_owned();
    for level in 1..=9 {
        let name = format!("lol{level}");
        let body = format!("&{previous};").repeat(10);
        doctype.push_str(&format!("<!ENTITY {name} \"{body}\">\n"));
        previous = name;
    }
    doctype.push_str("]>\n");
    let text = format!(
        "<?xml version=\"1.0\"?>\n{doctype}<tmx version=\"1.4\"><body><tu>\
         <tuv xml:lang=\"my\"><seg>&lol9;</seg></tuv><tuv xml:lang=\"en\"><seg>&lol9;</seg></tuv>\
         </tu></body></tmx>"
    );
    assert_eq!(read(&text), Err(TmxError::DeclaresEntities { line: 2 }));
}

#[test]
fn an_external_entity_is_refused_and_never_read() {
    let text = "<?xml version=\"1.0\"?>\n\
                <!DOCTYPE tmx [ <!ENTITY x SYSTEM \"file:///etc/passwd\"> ]>\n\
                <tmx version=\"1.4\"><body><tu>\n\
                <tuv xml:lang=\"my\"><seg>&x;</seg></tuv><tuv xml:lang=\"en\"><seg>&x;</seg></tuv>\n\
                </tu></body></tmx>";
    let err = read(text).expect_err("refused");
    assert_eq!(err, TmxError::DeclaresEntities { line: 2 });
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    let first = passwd.lines().next().unwrap_or("root:x:0:0");
    for shown in [err.to_string(), format!("{err:?}")] {
        assert!(!shown.contains(first), "{shown}");
        assert!(!shown.contains("root:"), "{shown}");
    }
    // An outside DTD other than the standard names is refused too; the standard ones pass.
    let outside = OMEGAT_LEVEL2.replace("\"tmx14.dtd\"", "\"http://evil.example/tmx.dtd\"");
    assert_eq!(
        read(&outside),
        Err(TmxError::OutsideDocument {
            line: 2,
            id: "http://evil.example/tmx.dtd".to_owned()
        })
    );
    let public = OMEGAT_LEVEL2.replace(
        "SYSTEM \"tmx14.dtd\"",
        "PUBLIC \"-//LISA OSCAR:1998//DTD for Translation Memory eXchange//EN\" \"tmx14.dtd\"",
    );
    assert_eq!(read(&public).expect("reads").units.len(), 2);
}

#[test]
fn an_undefined_entity_skips_its_unit_or_refuses_the_file_outside_one() {
    // Without a DOCTYPE: `&nbsp;` (HTML's, not XML's) in the second unit, on line 6.
    let text = units_file(3).replace("Unit 2", "Unit&nbsp;2");
    let read_back = read(&text).expect("reads");
    assert_eq!(
        read_back
            .units
            .iter()
            .map(|u| u.english.as_str())
            .collect::<Vec<_>>(),
        vec!["Unit 1", "Unit 3"]
    );
    assert_eq!(read_back.skipped.len(), 1);
    assert_eq!(read_back.skipped[0].line, 6);
    assert!(
        read_back.skipped[0].why.contains("&nbsp;"),
        "{:?}",
        read_back.skipped
    );
    // In the header, outside any unit.
    let text = units_file(1).replace("<body>", "<body>&x;");
    assert_eq!(
        read(&text),
        Err(TmxError::UnknownEntity {
            line: 4,
            name: "x".to_owned()
        })
    );
}

#[test]
fn deep_nesting_is_refused() {
    let text = format!(
        "<tmx version=\"1.4\"><body>{}{}</body></tmx>",
        "<a>".repeat(10_000),
        "</a>".repeat(10_000)
    );
    assert_eq!(read(&text), Err(TmxError::TooDeep { line: 1, max: 64 }));
    // 64 levels, the <tmx> counting as one, are allowed.
    let text = format!(
        "<tmx version=\"1.4\"><body>{}{}</body></tmx>",
        "<a>".repeat(62),
        "</a>".repeat(62)
    );
    assert_eq!(read(&text).expect("reads"), TmxRead::default());
}

#[test]
fn invalid_utf8_in_a_seg_names_its_line() {
    let mut bytes = units_file(3).into_bytes();
    // The third unit is on line 7; spoil the first byte of its Burmese.
    let at = String::from_utf8_lossy(&bytes).find("ပုဒ် 3").expect("there");
    bytes[at] = 0xFF;
    assert_eq!(
        read_tmx(&bytes, "my", "en", &Limits::default()),
        Err(TmxError::NotText {
            line: 7,
            encoding: "UTF-8"
        })
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused() {
    let text = units_file(2);
    let limits = Limits {
        max_bytes: 200,
        ..Limits::default()
    };
    assert!(text.len() > 200);
    assert_eq!(
        read_tmx(text.as_bytes(), "my", "en", &limits),
        Err(TmxError::TooBig {
            bytes: text.len(),
            max: 200
        })
    );
}

#[test]
fn too_many_units_give_a_partial_import_that_says_so() {
    let limits = Limits {
        max_units: 2,
        ..Limits::default()
    };
    let read = read_tmx(units_file(4).as_bytes(), "my", "en", &limits).expect("partial");
    assert_eq!(
        read.units
            .iter()
            .map(|u| u.english.as_str())
            .collect::<Vec<_>>(),
        vec!["Unit 1", "Unit 2"]
    );
    assert_eq!(read.skipped.len(), 1);
    // The third unit, on line 7, is where it stopped.
    assert_eq!(read.skipped[0].line, 7);
    assert!(
        read.skipped[0].why.contains("stopped"),
        "{:?}",
        read.skipped
    );
}

#[test]
fn units_missing_a_side_empty_or_too_long_are_skipped_with_their_lines() {
    let text = units_file(5)
        .replace(
            "<tuv xml:lang=\"en\"><seg>Unit 2</seg></tuv>",
            "<tuv xml:lang=\"fr\"><seg>Unité 2</seg></tuv>",
        )
        .replace("<seg>Unit 3</seg>", "<seg>  <ph>&lt;br/&gt;</ph> </seg>")
        .replace(
            "<seg>Unit 4</seg>",
            &format!("<seg>{}</seg>", "x".repeat(65)),
        );
    let limits = Limits {
        max_segment_bytes: 64,
        ..Limits::default()
    };
    let read = read_tmx(text.as_bytes(), "my", "en", &limits).expect("reads");
    assert_eq!(
        read.units
            .iter()
            .map(|u| u.english.as_str())
            .collect::<Vec<_>>(),
        vec!["Unit 1", "Unit 5"]
    );
    let lines: Vec<usize> = read.skipped.iter().map(|s: &Skipped| s.line).collect();
    assert_eq!(lines, vec![6, 7, 8]);
    assert!(read.skipped[0].why.contains("fr"), "{:?}", read.skipped);
    assert!(read.skipped[1].why.contains("empty"), "{:?}", read.skipped);
    assert!(read.skipped[2].why.contains("64"), "{:?}", read.skipped);
    // A skipped unit's dropped codes are not counted.
    assert_eq!(read.tags_dropped, 0);
}

#[test]
fn codes_and_sub_flows_are_left_out_and_counted_once() {
    // A <ph> holding a <sub> (a footnote's text) holding a <bpt>: one code left out, the
    // footnote's text with it. An element TMX does not define keeps its text.
    let text = units_file(1).replace(
        "<seg>Unit 1</seg>",
        "<seg>Unit<ph type=\"fnote\">{\\footnote <sub>see <bpt i=\"1\">{</bpt>page<ept i=\"1\">}</ept></sub>}</ph> <g id=\"1\">one</g><![CDATA[ & <done>]]></seg>",
    );
    let read = read(&text).expect("reads");
    assert_eq!(read.units[0].english, "Unit one & <done>");
    assert_eq!(read.tags_dropped, 1);
}

#[test]
fn a_thousand_skipped_units_are_listed_then_counted() {
    // 1,005 units with no English, then one good one; unit k is on line 4 + k.
    let text = units_file(1006).replacen("xml:lang=\"en\"", "xml:lang=\"fr\"", 1005);
    let read = read(&text).expect("reads");
    assert_eq!(read.units.len(), 1);
    assert_eq!(read.units[0].english, "Unit 1006");
    assert_eq!(read.skipped.len(), 1001);
    assert_eq!(read.skipped[999].line, 1004);
    assert_eq!(read.skipped[1000].line, 1005);
    assert!(
        read.skipped[1000].why.contains("5 more"),
        "{:?}",
        read.skipped[1000]
    );
}

#[test]
fn a_doctype_without_entities_or_outside_documents_is_read() {
    for doctype in [
        "<!DOCTYPE tmx>",
        "<!DOCTYPE tmx[<!ATTLIST tmx version CDATA #FIXED \"1.4\">]>",
        "<!DOCTYPE tmx SYSTEM 'TMX14.DTD'>",
    ] {
        let text = units_file(1).replace("<tmx version", &format!("{doctype}\n<tmx version"));
        assert_eq!(read(&text).map(|r| r.units.len()), Ok(1), "{doctype}");
    }
    // A parameter entity is an entity too.
    let text = units_file(1).replace(
        "<tmx version",
        "<!DOCTYPE tmx [<!ENTITY % p SYSTEM \"http://evil.example/p\"> %p;]>\n<tmx version",
    );
    assert_eq!(read(&text), Err(TmxError::DeclaresEntities { line: 2 }));
}

#[test]
fn broken_utf16_names_its_line() {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "<tmx>\n<body>\n".encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    // A lone high surrogate on line 3.
    bytes.extend([0x00, 0xD8, b'x', 0x00]);
    assert_eq!(
        read_tmx(&bytes, "my", "en", &Limits::default()),
        Err(TmxError::NotText {
            line: 3,
            encoding: "UTF-16"
        })
    );
}

// --- Writing -------------------------------------------------------------------------------

/// The units the writer is checked with.
fn sample_units() -> Vec<TmxUnit> {
    vec![
        unit(
            "ကနီ <မြို့နယ်> & \"ရေ\"",
            "Kani <township> & \"water\"",
            "Ma Thida",
            Some(utc(2024, 3, 9, 14, 5, 7)),
            "file: flood.docx\nchecked",
        ),
        unit("  ရေကြီး\u{1}  ", " Flood\u{FFFF} ", "", None, ""),
        // Nothing to translate: not written.
        unit(" \u{2} ", "Empty", "Ko Aung", None, ""),
    ]
}

/// What the spec says of one element written, as the test reads it.
#[derive(Debug)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    children: Vec<Element>,
    text: String,
}

impl Element {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn children(&self, name: &str) -> impl Iterator<Item = &Element> {
        self.children.iter().filter(move |c| c.name == name)
    }
}

/// Parses XML into elements with quick-xml, failing on anything that is not well-formed.
fn parse_tree(bytes: &[u8]) -> (Option<(String, Option<String>)>, Element) {
    fn element(e: &BytesStart<'_>) -> Element {
        Element {
            name: e.name().as_ref().to_owned(),
            attributes: e
                .attributes()
                .map(|a| {
                    let a = a.expect("a well-formed attribute");
                    (
                        a.key.as_ref().to_owned(),
                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .expect("a well-formed value")
                            .into_owned(),
                    )
                })
                .collect(),
            children: Vec::new(),
            text: String::new(),
        }
    }
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    let mut reader = Reader::from_str(text);
    let mut decl = None;
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Decl(d) => {
                let version = d.version().expect("a version").into_owned();
                let encoding = d.encoding().map(|e| e.expect("an encoding").into_owned());
                decl = Some((version, encoding));
            }
            Event::Start(e) => stack.push(element(&e)),
            Event::Empty(e) => {
                let done = element(&e);
                stack
                    .last_mut()
                    .expect("inside the root")
                    .children
                    .push(done);
            }
            Event::End(_) => {
                let done = stack.pop().expect("an open element");
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(done);
                } else {
                    assert!(root.is_none(), "one root element");
                    root = Some(done);
                }
            }
            Event::Text(t) => {
                let content = t.xml10_content();
                match stack.last_mut() {
                    Some(open) => open.text.push_str(&content),
                    None => assert!(content.trim().is_empty(), "text outside the root"),
                }
            }
            Event::GeneralRef(r) => {
                let resolved = if r.is_char_ref() {
                    r.resolve_char_ref()
                        .expect("a character")
                        .expect("a character")
                        .to_string()
                } else {
                    quick_xml::escape::resolve_xml_entity(&r)
                        .expect("an XML entity")
                        .to_owned()
                };
                stack
                    .last_mut()
                    .expect("inside an element")
                    .text
                    .push_str(&resolved);
            }
            Event::Eof => break,
            Event::DocType(_) => panic!("the writer writes no DOCTYPE"),
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(stack.is_empty(), "every element closed");
    (decl, root.expect("a root element"))
}

#[test]
fn the_writer_follows_the_tmx_14b_rules_for_what_it_writes() {
    let bytes = write_tmx(&sample_units(), "my", "en", "0.1.0").expect("writes");
    let (decl, tmx) = parse_tree(&bytes);
    assert_eq!(decl, Some(("1.0".to_owned(), Some("UTF-8".to_owned()))));
    assert_eq!(tmx.name, "tmx");
    assert_eq!(tmx.attribute("version"), Some("1.4"));
    // <tmx> holds a header, then a body.
    let names: Vec<&str> = tmx.children.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, vec!["header", "body"]);
    let header = &tmx.children[0];
    // The seven attributes the spec requires of <header>, with the values we promise.
    for (name, value) in [
        ("creationtool", "Copydesk"),
        ("creationtoolversion", "0.1.0"),
        ("segtype", "paragraph"),
        ("o-tmf", "Copydesk"),
        ("adminlang", "en"),
        ("srclang", "my"),
        ("datatype", "plaintext"),
    ] {
        assert_eq!(header.attribute(name), Some(value), "{name}");
    }
    assert!(
        ["block", "paragraph", "sentence", "phrase"]
            .contains(&header.attribute("segtype").unwrap_or(""))
    );
    let body = &tmx.children[1];
    assert!(
        body.children.iter().all(|c| c.name == "tu"),
        "the body holds only <tu>"
    );
    // The third unit has no source once its control character is left out: two are written.
    assert_eq!(body.children.len(), 2);
    for tu in &body.children {
        // (note|prop)*, then tuv+: no note after a tuv.
        let first_tuv = tu
            .children
            .iter()
            .position(|c| c.name == "tuv")
            .expect("a tuv");
        assert!(tu.children[first_tuv..].iter().all(|c| c.name == "tuv"));
        assert!(tu.children("tuv").count() >= 2, "every tu has two tuvs");
        for tuv in tu.children("tuv") {
            assert!(tuv.attribute("xml:lang").is_some_and(|l| !l.is_empty()));
            assert_eq!(tuv.children.len(), 1, "one seg, nothing else");
            let seg = &tuv.children[0];
            assert_eq!(seg.name, "seg");
            // No whitespace at either end of a seg.
            assert_eq!(seg.text.trim(), seg.text);
        }
        if let Some(date) = tu.attribute("creationdate") {
            // YYYYMMDDThhmmssZ
            let b = date.as_bytes();
            assert_eq!(b.len(), 16, "{date}");
            assert!(
                b[..8].iter().chain(&b[9..15]).all(u8::is_ascii_digit),
                "{date}"
            );
            assert_eq!((b[8], b[15]), (b'T', b'Z'), "{date}");
        }
    }
    let first = &body.children[0];
    assert_eq!(first.attribute("creationid"), Some("Ma Thida"));
    assert_eq!(first.attribute("creationdate"), Some("20240309T140507Z"));
    let note: Vec<&str> = first.children("note").map(|n| n.text.as_str()).collect();
    assert_eq!(note, vec!["file: flood.docx\nchecked"]);
    let tuvs: Vec<(&str, &str)> = first
        .children("tuv")
        .map(|t| {
            (
                t.attribute("xml:lang").unwrap_or(""),
                t.children[0].text.as_str(),
            )
        })
        .collect();
    assert_eq!(
        tuvs,
        vec![
            ("my", "ကနီ <မြို့နယ်> & \"ရေ\""),
            ("en", "Kani <township> & \"water\"")
        ]
    );
    // The second: no author, no date, no note; trimmed, control characters left out.
    let second = &body.children[1];
    assert_eq!(second.attributes, vec![]);
    assert_eq!(second.children("note").count(), 0);
    let texts: Vec<&str> = second
        .children("tuv")
        .map(|t| t.children[0].text.as_str())
        .collect();
    assert_eq!(texts, vec!["ရေကြီး", "Flood"]);
    // Markup characters are escaped by the writer, never written raw.
    let raw = String::from_utf8(bytes).expect("UTF-8");
    assert!(raw.contains("Kani &lt;township&gt; &amp;"), "{raw}");
}

#[test]
fn the_writer_refuses_what_is_not_a_language_code() {
    for bad in ["", "my MM", "en\"><x", "1"] {
        assert!(
            matches!(
                write_tmx(&sample_units(), bad, "en", "1"),
                Err(TmxError::BadLanguage { .. })
            ),
            "{bad}"
        );
    }
    // A code a person typed with an underscore is written the TMX way.
    let bytes = write_tmx(&sample_units(), "my_MM", "en", "1").expect("writes");
    let (_, tmx) = parse_tree(&bytes);
    assert_eq!(tmx.children[0].attribute("srclang"), Some("my-MM"));
}

#[test]
fn an_empty_memory_is_a_valid_file_with_no_units() {
    let bytes = write_tmx(&[], "my", "en", "1").expect("writes");
    let (_, tmx) = parse_tree(&bytes);
    assert_eq!(tmx.children[1].children.len(), 0);
    assert_eq!(
        read_tmx(&bytes, "my", "en", &Limits::default()).expect("reads"),
        TmxRead {
            declared_source: "my".to_owned(),
            ..TmxRead::default()
        }
    );
}

// --- Round trip ----------------------------------------------------------------------------

/// Characters XML 1.0 cannot hold, which the writer leaves out (as documented).
fn xml_cannot_hold(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

fn expected_text(text: &str) -> String {
    text.chars()
        .filter(|&c| !xml_cannot_hold(c))
        .collect::<String>()
        .trim()
        .to_owned()
}

fn expected_author(text: &str) -> String {
    text.chars()
        .filter(|&c| !xml_cannot_hold(c))
        .map(|c| {
            if matches!(c, '\t' | '\n' | '\r') {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .trim()
        .to_owned()
}

fn text_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        // Markup characters, Burmese, whitespace inside and at the ends, characters XML
        // cannot hold.
        "[ \t\n\r]{0,3}[a-z<>&\"';\\]/ \t\n\r\u{A0}\u{1000}-\u{109F}\u{1}\u{8}\u{B}\u{1F}\u{FFFE}\u{FFFF}]{0,24}[ \t\n\r\u{3000}]{0,3}",
        Just(String::new()),
    ]
}

fn unit_strategy() -> impl Strategy<Value = TmxUnit> {
    (
        text_strategy(),
        text_strategy(),
        text_strategy(),
        // Seconds from the year 0 to past the year 9999 (which the writer leaves out).
        proptest::option::of((-62_167_219_200i64..300_000_000_000, 0u32..1_000_000_000)),
        text_strategy(),
    )
        .prop_map(|(source, english, author, time, note)| TmxUnit {
            source,
            english,
            author,
            time: time.and_then(|(secs, nanos)| DateTime::from_timestamp(secs, nanos)),
            note,
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn what_is_written_reads_back(units in proptest::collection::vec(unit_strategy(), 0..8)) {
        let bytes = write_tmx(&units, "my", "en", "test").expect("writes");
        let read = read_tmx(&bytes, "my", "en", &Limits::default()).expect("reads");
        let expected: Vec<TmxUnit> = units
            .iter()
            .map(|u| TmxUnit {
                source: expected_text(&u.source),
                english: expected_text(&u.english),
                author: expected_author(&u.author),
                time: u.time.and_then(|t| {
                    use chrono::Datelike as _;
                    (0..=9999).contains(&t.year()).then(|| {
                        DateTime::from_timestamp(t.timestamp(), 0).expect("in range")
                    })
                }),
                note: expected_text(&u.note),
            })
            .filter(|u| !u.source.is_empty() && !u.english.is_empty())
            .collect();
        prop_assert_eq!(read.units, expected);
        prop_assert_eq!(read.skipped, vec![]);
        prop_assert_eq!(read.tags_dropped, 0);
        // The writer's output is well-formed whatever the text.
        parse_tree(&bytes);
    }

    #[test]
    fn arbitrary_bytes_never_break_the_reader(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        copydesk::tm::tmx::fuzz_read(&bytes);
    }

    #[test]
    fn mutated_memories_never_break_the_reader(
        at in any::<usize>(),
        cut in 0usize..40,
        insert in "[<>&;/\"'a-z \u{1000}]{0,12}",
    ) {
        for file in [OMEGAT_LEVEL1, OMEGAT_LEVEL2, PO2TMX] {
            let mut bytes = file.as_bytes().to_vec();
            let at = at % bytes.len();
            let end = (at + cut).min(bytes.len());
            bytes.splice(at..end, insert.bytes());
            copydesk::tm::tmx::fuzz_read(&bytes);
        }
    }
}

#[test]
fn the_hand_written_files_pass_the_fuzz_checks() {
    for file in [OMEGAT_LEVEL1, OMEGAT_LEVEL2, PO2TMX] {
        copydesk::tm::tmx::fuzz_read(file.as_bytes());
    }
    let written = write_tmx(&sample_units(), "my", "en", "1").expect("writes");
    copydesk::tm::tmx::fuzz_read(&written);
}
