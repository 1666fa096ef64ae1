//! Exports and imports on the sample desk: every format checks out, drafts are marked,
//! withheld names never leak, story text cannot inject markup, Markdown round-trips.

use std::io::Read as _;

use copydesk::export::{self, ExportError, Format, NoMedia};
use copydesk::model::{CreditDisplay, Story};
use copydesk::store::{self, DeskMedia};

/// Every text a format's bytes hold: the bytes, or for Word files every file in the zip.
fn readable(format: Format, bytes: &[u8]) -> String {
    if format.is_text() {
        return String::from_utf8(bytes.to_vec()).expect("utf-8");
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).expect("entry");
        all.push_str(file.name());
        let mut content = Vec::new();
        file.read_to_end(&mut content).expect("read");
        all.push_str(&String::from_utf8_lossy(&content));
    }
    all
}

/// The sample desk, loaded, and its folder.
pub fn sample() -> (store::LoadedDesk, std::path::PathBuf) {
    let root = crate::sample_desk();
    (store::load_desk(&root).expect("sample"), root)
}

/// One of the sample desk's stories.
pub fn story<'a>(desk: &'a store::LoadedDesk, slug: &str) -> &'a Story {
    &desk
        .stories
        .iter()
        .find(|s| s.story.slug == slug)
        .expect("story")
        .story
}

#[test]
fn every_format_of_every_sample_story_checks_out() {
    let (desk, root) = sample();
    let media = DeskMedia { root: &root };
    for loaded in &desk.stories {
        for format in Format::ALL {
            let bytes = export::export(&loaded.story, &desk.settings, &media, format, true)
                .unwrap_or_else(|e| panic!("{} as {}: {e}", loaded.story.slug, format.key()));
            let text = readable(format, &bytes);
            let headline = loaded.story.headline.english.trim();
            if !headline.is_empty() && format != Format::Ninjs {
                assert!(
                    text.contains(headline) || text.contains(&escape(headline)),
                    "{} as {} has its headline",
                    loaded.story.slug,
                    format.key()
                );
            }
            // Same story, same bytes, Word files with photos included.
            let again =
                export::export(&loaded.story, &desk.settings, &media, format, true).expect("again");
            assert!(
                bytes == again,
                "{} as {} is reproducible",
                loaded.story.slug,
                format.key()
            );
        }
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[test]
fn a_withheld_name_appears_in_no_byte_of_any_export() {
    let (desk, root) = sample();
    let media = DeskMedia { root: &root };
    let kani = story(&desk, "kani-chindwin-flood");
    let withheld: Vec<&str> = kani
        .contributors
        .iter()
        .filter(|c| c.display == CreditDisplay::Withheld)
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(
        withheld,
        ["Saw Htoo Lay"],
        "the sample story has a withheld reporter"
    );
    for format in Format::ALL {
        let bytes = export::export(kani, &desk.settings, &media, format, true).expect("export");
        let text = readable(format, &bytes);
        for name in &withheld {
            assert!(!text.contains(name), "{name} leaked into {}", format.key());
            // Not even in parts (a surname alone), nor in any other encoding we use.
            assert!(
                !text.contains("Htoo Lay"),
                "part of the name leaked into {}",
                format.key()
            );
        }
        if format.is_publishable() {
            assert!(
                text.contains("Northern Light Radio"),
                "{} credits the service instead",
                format.key()
            );
        }
    }
}

#[test]
fn story_text_cannot_inject_markup() {
    let (desk, _) = sample();
    let mut evil = story(&desk, "kani-chindwin-flood").clone();
    evil.headline.english = "<script>alert('x')</script> & \"quotes\"".into();
    evil.blocks[0].row.english = "</p><img src=x onerror=alert(1)>]]></nitf>".into();
    for format in [
        Format::Html,
        Format::Nitf,
        Format::BilingualHtml,
        Format::Ninjs,
    ] {
        let bytes = export::export(&evil, &desk.settings, &NoMedia, format, true).expect("export");
        let text = String::from_utf8(bytes).expect("utf-8");
        // ninjs carries the headline as a JSON string (text by definition); its body_html,
        // like every markup format, must hold the story's text escaped.
        if format != Format::Ninjs {
            assert!(
                !text.contains("<script>alert"),
                "{} runs the story's script",
                format.key()
            );
        }
        assert!(
            !text.contains("<img src=x"),
            "{} lets markup through",
            format.key()
        );
    }
    let html = String::from_utf8(
        export::export(&evil, &desk.settings, &NoMedia, Format::Html, true).expect("html"),
    )
    .expect("utf-8");
    assert!(
        html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"),
        "shown as text"
    );
}

#[test]
fn only_a_current_sign_off_exports_without_draft_marks() {
    let (desk, _) = sample();
    let approved = story(&desk, "hpakant-jade-mine-landslide");
    let bytes = export::export(approved, &desk.settings, &NoMedia, Format::Text, false)
        .expect("signed off");
    assert!(!String::from_utf8_lossy(&bytes).contains("DRAFT"));

    let editing = story(&desk, "kani-chindwin-flood");
    for format in Format::ALL.into_iter().filter(|f| f.is_publishable()) {
        let err = export::export(editing, &desk.settings, &NoMedia, format, false).unwrap_err();
        assert!(
            matches!(err, ExportError::NotSignedOff { .. }),
            "{}",
            format.key()
        );
        let draft = export::export(editing, &desk.settings, &NoMedia, format, true).expect("draft");
        assert!(
            readable(format, &draft).contains("DRAFT"),
            "{} says DRAFT",
            format.key()
        );
    }
    // A change after sign-off: refused again, with the reason.
    let mut changed = approved.clone();
    changed.headline.english.push_str(" (updated)");
    let err = export::export(&changed, &desk.settings, &NoMedia, Format::Html, false).unwrap_err();
    assert!(
        err.to_string().contains("changed after the sign-off"),
        "{err}"
    );
    // The review table is not publishable copy and needs no sign-off.
    assert!(
        export::export(
            editing,
            &desk.settings,
            &NoMedia,
            Format::BilingualHtml,
            false
        )
        .is_ok()
    );
}

#[test]
fn markdown_round_trips_byte_for_byte() {
    let (desk, _) = sample();
    for loaded in &desk.stories {
        let first = export::export(
            &loaded.story,
            &desk.settings,
            &NoMedia,
            Format::Markdown,
            true,
        )
        .expect("md");
        let parsed = copydesk::import::parse_markdown("story.md", &first, loaded.story.created)
            .expect("import");
        assert!(parsed.had_front_matter);
        let mut imported = parsed.story;
        imported.created = loaded.story.created;
        imported.modified = loaded.story.modified;
        let second = export::export(&imported, &desk.settings, &NoMedia, Format::Markdown, true)
            .expect("md again");
        assert_eq!(
            String::from_utf8_lossy(&first),
            String::from_utf8_lossy(&second),
            "{} round-trips",
            loaded.story.slug
        );
        assert_eq!(imported.slug, loaded.story.slug);
        assert_eq!(imported.dateline, loaded.story.dateline);
    }
}

#[test]
fn html_has_the_parts_a_cms_needs() {
    let (desk, root) = sample();
    let hpakant = story(&desk, "hpakant-jade-mine-landslide");
    let html = String::from_utf8(
        export::export(
            hpakant,
            &desk.settings,
            &DeskMedia { root: &root },
            Format::Html,
            false,
        )
        .expect("html"),
    )
    .expect("utf-8");
    for part in [
        "<html lang=\"en\">",
        "<article lang=\"en\">",
        "<h1>",
        "<p class=\"deck\">",
        "<figure>",
        "<figcaption>",
        "data:image/png;base64,",
        "<h2>A history of collapses</h2>",
        "<blockquote>",
        "<p class=\"credit-line\">Reported by Nan Seng.",
        "@media print",
        "\"@type\":\"NewsArticle\"",
        "\"translationOfWork\":{\"@type\":\"CreativeWork\",\"inLanguage\":\"my\"}",
        "\"translator\":[{\"@type\":\"Person\",\"name\":\"Thiri Htet\"}]",
        "\"creditText\":\"Reported by Nan Seng.",
    ] {
        assert!(html.contains(part), "missing {part}");
    }
}

/// Every format of every sample story against the copy kept in `tests/snapshots/`: a change
/// to any exporter shows as a readable diff. Run with `COPYDESK_BLESS=1` to accept changes.
#[test]
fn exports_match_their_snapshots() {
    let (desk, _) = sample();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let bless = std::env::var_os("COPYDESK_BLESS").is_some();
    let mut mismatched = Vec::new();
    for loaded in &desk.stories {
        for format in Format::ALL {
            let bytes = export::export(&loaded.story, &desk.settings, &NoMedia, format, true)
                .expect("export");
            // Word files are compared by their document text, the part a person reads.
            let (name, text) = if format.is_text() {
                (
                    format!("{}.{}", loaded.story.slug, format.key()),
                    String::from_utf8(bytes).expect("utf-8"),
                )
            } else {
                let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
                let mut xml = String::new();
                zip.by_name("word/document.xml")
                    .expect("document")
                    .read_to_string(&mut xml)
                    .expect("read");
                (
                    format!("{}.{}.document.xml", loaded.story.slug, format.key()),
                    xml,
                )
            };
            let path = dir.join(&name);
            if bless {
                std::fs::create_dir_all(&dir).expect("dir");
                std::fs::write(&path, &text).expect("write");
            } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                mismatched.push(name);
            }
        }
    }
    assert!(
        mismatched.is_empty(),
        "exports differ from tests/snapshots (COPYDESK_BLESS=1 to accept): {mismatched:?}"
    );
}
