//! The fuzz targets' smoke run, inside the test suite: every reader over its seed corpus in
//! `fuzz/corpus/<target>/`, then 256 mutated seeds (bytes flipped, inserted, cut, files
//! spliced) and 256 inputs of random bytes, each given to a reader picked at random (about
//! 51 of each kind per reader), in seconds. The long run is coverage-guided:
//! `.ci/fuzz <seconds>` (see README). `COPYDESK_WRITE_CORPUS=1` rewrites the seed corpus
//! from the sample desk, the fixtures and crafted files.

use std::path::{Path, PathBuf};

use proptest::prelude::*;

type Target = fn(&[u8]);

const TARGETS: [(&str, Target); 7] = [
    ("desk_file", copydesk::fuzzing::desk_file),
    ("import_file", copydesk::fuzzing::import_file),
    ("word_file", copydesk::fuzzing::word_file),
    ("script_text", copydesk::fuzzing::script_text),
    ("tmx_file", copydesk::tm::tmx::fuzz_read),
    ("xliff_file", copydesk::xliff::fuzz_read),
    ("glossary_file", copydesk::fuzzing::glossary_file),
];

fn corpus_dir(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join("corpus")
        .join(target)
}

fn corpus(target: &str) -> Vec<Vec<u8>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir(target))
        .expect("the seed corpus is in the repository")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| std::fs::read(f).expect("seed"))
        .collect()
}

#[test]
fn every_seed_passes_through_its_reader() {
    if std::env::var_os("COPYDESK_WRITE_CORPUS").is_some() {
        write_corpus();
    }
    for (name, target) in TARGETS {
        let seeds = corpus(name);
        assert!(seeds.len() >= 4, "{name} has a seed corpus");
        for seed in &seeds {
            target(seed);
        }
    }
}

/// A change to a seed: what a fuzzer does first.
#[derive(Clone, Debug)]
enum Mutation {
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Cut(usize, usize),
    Splice(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Mutation::Flip(at, b)),
        (
            any::<usize>(),
            prop_oneof![
                proptest::collection::vec(any::<u8>(), 1..8),
                Just(b"(((((".to_vec()),
                Just(b"\"".to_vec()),
                Just(b"]]".to_vec()),
                Just("\u{1031}\u{103b}".as_bytes().to_vec()),
                Just(b"\xff".to_vec()),
            ]
        )
            .prop_map(|(at, bytes)| Mutation::Insert(at, bytes)),
        (any::<usize>(), 1usize..64).prop_map(|(at, n)| Mutation::Cut(at, n)),
        (any::<usize>(), any::<usize>()).prop_map(|(at, from)| Mutation::Splice(at, from)),
    ]
}

fn mutate(seed: &[u8], other: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for m in mutations {
        let len = bytes.len().max(1);
        match m {
            Mutation::Flip(at, b) => {
                if let Some(byte) = bytes.get_mut(at % len) {
                    *byte ^= b | 1;
                }
            }
            Mutation::Insert(at, more) => {
                let at = (at % len).min(bytes.len());
                bytes.splice(at..at, more.iter().copied());
            }
            Mutation::Cut(at, n) => {
                let at = (at % len).min(bytes.len());
                let end = (at + n).min(bytes.len());
                bytes.drain(at..end);
            }
            Mutation::Splice(at, from) => {
                let at = (at % len).min(bytes.len());
                let from = from % other.len().max(1);
                bytes.truncate(at);
                bytes.extend(other.get(from..).unwrap_or_default());
            }
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn mutated_seeds_never_break_a_reader(
        target in 0..TARGETS.len(),
        seed in any::<usize>(),
        other in any::<usize>(),
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        let (name, read) = TARGETS[target];
        let seeds = corpus(name);
        let bytes = mutate(
            &seeds[seed % seeds.len()],
            &seeds[other % seeds.len()],
            &mutations,
        );
        read(&bytes);
    }

    #[test]
    fn random_bytes_never_break_a_reader(
        target in 0..TARGETS.len(),
        bytes in proptest::collection::vec(any::<u8>(), 0..512),
    ) {
        (TARGETS[target].1)(&bytes);
    }
}

/// Writes the seed corpus: real files of each kind, small, and the crafted ones the
/// hostile-input tests use.
fn write_corpus() {
    let sample = crate::sample_desk();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures");
    let mut seeds: Vec<(&str, String, Vec<u8>)> = Vec::new();
    let mut add = |target: &'static str, name: &str, bytes: Vec<u8>| {
        seeds.push((target, name.to_owned(), bytes));
    };
    // Story and desk files: the sample desk's, the fixtures' (version 1 among them).
    for (dir, prefix) in [
        (sample.clone(), "sample"),
        (fixtures.join("format-v1"), "v1"),
    ] {
        add(
            "desk_file",
            &format!("{prefix}-desk.ron"),
            std::fs::read(dir.join("desk.ron")).expect("desk"),
        );
        for entry in std::fs::read_dir(dir.join("stories")).expect("stories") {
            let path = entry.expect("entry").path();
            let name = format!(
                "{prefix}-{}",
                path.file_name().expect("name").to_string_lossy()
            );
            add("desk_file", &name, std::fs::read(&path).expect("story"));
        }
    }
    // Imports: text and Markdown with Burmese, the sample's Markdown exports, Word files
    // the exporter writes and crafted ones.
    let desk = copydesk::store::load_desk(&sample).expect("sample");
    for (i, loaded) in desk.stories.iter().take(2).enumerate() {
        let md = copydesk::export::export(
            &loaded.story,
            &desk.settings,
            &copydesk::export::NoMedia,
            copydesk::export::Format::Markdown,
            true,
        )
        .expect("md");
        let mut tagged = vec![3];
        tagged.extend(&md);
        add("import_file", &format!("export-{i}.md"), tagged);
        let docx = copydesk::export::export(
            &loaded.story,
            &desk.settings,
            &copydesk::export::NoMedia,
            copydesk::export::Format::Docx,
            true,
        )
        .expect("docx");
        add("word_file", &format!("final-{i}.docx"), docx.clone());
        let mut tagged = vec![2];
        tagged.extend(&docx);
        add("import_file", &format!("final-{i}.docx"), tagged);
        let source: Vec<&str> = loaded
            .story
            .blocks
            .iter()
            .map(|b| b.row.source.as_str())
            .collect();
        let mut tagged = vec![0];
        tagged.extend(source.join("\n\n").as_bytes());
        add("import_file", &format!("source-{i}.txt"), tagged);
        let text = source.join(" ");
        let mut line = vec![40];
        line.extend(text.as_bytes());
        add("script_text", &format!("source-{i}.txt"), line);
    }
    let mut md = vec![1];
    md.extend("## Subhead\n\n> quoted\n> lines\n\n\\# escaped &#32; \\<b>\n\nplain".as_bytes());
    add("import_file", "plain.md", md);
    let mut draft = vec![3];
    draft.extend(
        "# Headline\n\n*The deck.*\n\n![alt](photo.png \"Caption\")\n\n## Subhead\n\n> A quote\n\n- item\n- item\n\n<div>html</div> [link](https://e.com)\n"
            .as_bytes(),
    );
    add("import_file", "draft.md", draft);
    add(
        "word_file",
        "headings.docx",
        crate::hostile::docx(&crate::hostile::document(
            r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Head</w:t></w:r></w:p><w:p><w:r><w:t>A &amp; B</w:t><w:tab/><w:br/></w:r></w:p>"#,
        )),
    );
    add("word_file", "empty.docx", crate::hostile::docx(b""));
    for (name, text) in [
        (
            "zawgyi.txt",
            "\u{1031}\u{1019}\u{1037}\u{103a} \u{107e}\u{1000}",
        ),
        ("mixed.txt", "Yangon ရန်ကုန် 2026 ၂၀၂၆ “quotes” — dash\ttab"),
        (
            "marks.txt",
            "\u{1000}\u{103a}\u{1037}\u{102d}\u{102f} \u{1004}\u{103a}\u{1039}\u{1000}",
        ),
        (
            "long-word.txt",
            "Supercalifragilisticexpialidocious-and-then-some",
        ),
    ] {
        let mut bytes = vec![12];
        bytes.extend(text.as_bytes());
        add("script_text", name, bytes);
    }
    for (target, name, bytes) in seeds {
        let dir = corpus_dir(target);
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(dir.join(name), bytes).expect("seed");
    }
}
