//! What the translation memory costs: a lookup at 10,000, 100,000 and 1,000,000 entries
//! through the index beside the plain scan it must agree with (`Memory::lookup_by_scan`),
//! so the speed-up is a ratio measured in the same run; the analysis of a 1,000-row story
//! against 100,000 entries; and the import of a 100,000-unit TMX file, in units per
//! second. Run with `cargo bench --bench memory`; results go in BENCHMARKS.md.
//!
//! The resident memory of a 1,000,000-entry memory is not a criterion figure: before
//! criterion runs, the bench reads `VmRSS` (and the peak, `VmHWM`) from
//! `/proc/self/status` before and after building that memory, and prints both with the
//! build time on standard output, in lines starting with `memory:`. It also prints the
//! spread of single lookups (each query timed alone) and the bands of the analysed story.
//!
//! The memories are generated, deterministically (a seeded splitmix64 written here, so no
//! dependency decides the bytes): sources are Burmese-like sentences of 10 to 40 real
//! Myanmar syllables (consonant, optional medial, vowel, final and tone, each checked to be
//! one syllable by `script::myanmar_syllables`), in words of one to three syllables with a
//! space between some phrases, ending with ။; one entry in five has two or three sentences.
//! The English beside them is words of news copy, one sentence per source sentence.
//!
//! Why Zipf: syllables are drawn with a Zipf frequency (the `r`th commonest has weight
//! `1 / r`), as in natural text, where a few syllables (သည်, များ, ကို) are in nearly every
//! sentence and most are rare. The index's cost is set by exactly that shape: it reads the
//! posting lists of a text's rarest syllables, and a common syllable's list holds most of
//! the memory. Uniformly drawn syllables would make every list the same, middling length
//! and measure a memory no desk has.
//!
//! Queries are of two kinds: near-duplicates of entries spread over the memory (one to
//! three syllables substituted, deleted or inserted, so there are real fuzzy matches) and
//! fresh sentences drawn the same way (which rarely match anything).
#![allow(
    clippy::expect_used,
    missing_docs,
    reason = "a benchmark that cannot set up should stop"
)]

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};
use copydesk::model::{BlockId, RowRef};
use copydesk::script::{Script, myanmar_syllables};
use copydesk::tm::analysis::{self, BANDS};
use copydesk::tm::tmx::{Limits, TmxUnit, read_tmx, write_tmx};
use copydesk::tm::{Entry, EntryStatus, Lookup, Memory, Origin, token};
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use quick_xml::events::Event;

/// How many distinct syllables the sources are drawn from.
const SYLLABLE_COUNT: usize = 2000;

/// Queries of each kind per memory size.
const QUERIES: usize = 64;

/// Prints a line of the bench's own report (resident memory, single lookups, bands).
#[expect(
    clippy::print_stdout,
    reason = "figures criterion does not measure are printed beside its own"
)]
fn say(line: &str) {
    println!("memory: {line}");
}

/// A small deterministic generator (splitmix64).
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        let mut rng = Self(seed);
        rng.next();
        rng
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A number in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Draws ranks `0..n` with weight `1 / (rank + 1)`.
struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    fn new(n: usize) -> Self {
        let mut total = 0.0;
        let cumulative = (1..=n)
            .map(|r| {
                total += 1.0 / r as f64;
                total
            })
            .collect();
        Self { cumulative }
    }

    fn draw(&self, rng: &mut Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let u = rng.unit() * total;
        self.cumulative
            .partition_point(|&c| c <= u)
            .min(self.cumulative.len() - 1)
    }
}

/// Myanmar syllables: consonant, optional medial, then a rhyme (vowel, final, tone) in the
/// combinations Burmese spells, in Unicode's storage order (a dot below before the asat:
/// င့်). The commonest particles come first, so Zipf's first ranks are theirs; the rest
/// are shuffled. Each is checked to be one syllable by the script layer and one token by
/// the memory's tokeniser.
fn syllables() -> Vec<String> {
    const YA_PIN: &str = "ကခဂပဖဗဘမလ";
    const YA_YIT: &str = "ကခဂဃပဖဗဘမ";
    const HA_HTOE: &str = "ငညနမယရလဝ";
    let mut onsets = Vec::new();
    for c in '\u{1000}'..='\u{1021}' {
        onsets.push(c.to_string());
        if YA_PIN.contains(c) {
            onsets.push(format!("{c}\u{103B}"));
        }
        if YA_YIT.contains(c) {
            onsets.push(format!("{c}\u{103C}"));
        }
        if c != 'ဝ' && c != 'အ' {
            onsets.push(format!("{c}\u{103D}"));
        }
        if HA_HTOE.contains(c) {
            onsets.push(format!("{c}\u{103E}"));
        }
    }
    // Open rhymes: vowel and the tones it takes.
    let open: [(&str, &[&str]); 11] = [
        ("", &[""]),
        ("ာ", &["", "း"]),
        ("ိ", &["", "း"]),
        ("ီ", &["", "း"]),
        ("ု", &["", "း"]),
        ("ူ", &["", "း"]),
        ("ေ", &["", "း", "့"]),
        ("ဲ", &["", "့"]),
        ("ော", &["", "့"]),
        ("ော်", &[""]),
        ("ို", &["", "း", "့"]),
    ];
    // Closed rhymes: vowel, nasal finals (which take tones), stop finals (which do not).
    let closed: [(&str, &[&str], &[&str]); 5] = [
        ("", &["န", "မ", "င", "ည"], &["တ", "က", "ပ", "စ"]),
        ("ိ", &["န", "မ"], &["တ", "ပ"]),
        ("ု", &["န", "မ"], &["တ", "ပ"]),
        ("ော", &["င"], &["က"]),
        ("ို", &["င"], &["က"]),
    ];
    let mut rhymes: Vec<String> = Vec::new();
    for (vowel, tones) in open {
        for tone in tones {
            rhymes.push(format!("{vowel}{tone}"));
        }
    }
    for (vowel, nasals, stops) in closed {
        for n in nasals {
            rhymes.push(format!("{vowel}{n}\u{103A}"));
            rhymes.push(format!("{vowel}{n}\u{1037}\u{103A}"));
            rhymes.push(format!("{vowel}{n}\u{103A}\u{1038}"));
        }
        for s in stops {
            rhymes.push(format!("{vowel}{s}\u{103A}"));
        }
    }
    let mut all: Vec<String> = onsets
        .iter()
        .flat_map(|o| rhymes.iter().map(move |r| format!("{o}{r}")))
        .collect();
    let mut rng = Rng::new(7);
    for i in (1..all.len()).rev() {
        all.swap(i, rng.below(i + 1));
    }
    let particles = [
        "သည်",
        "များ",
        "ကို",
        "တွင်",
        "နှင့်",
        "က",
        "မှ",
        "ပြီး",
        "ရန်",
        "သော",
        "ခဲ့",
        "ကြောင်း",
        "ရှိ",
        "ပါ",
        "လည်း",
    ];
    let mut chosen: Vec<String> = particles.iter().map(|&p| p.to_owned()).collect();
    for s in all {
        if chosen.len() == SYLLABLE_COUNT {
            break;
        }
        if !chosen.contains(&s) {
            chosen.push(s);
        }
    }
    for s in &chosen {
        assert_eq!(myanmar_syllables(s).count(), 1, "{s} is not one syllable");
        assert_eq!(token::content_keys(s).len(), 1, "{s} is not one token");
    }
    // And in running text, beside each other, they stay apart.
    let run: String = chosen[..200].concat();
    assert_eq!(
        myanmar_syllables(&run).count(),
        200,
        "syllables run together"
    );
    chosen
}

/// Words of news copy for the English side, commonest first.
const WORDS: &str = "\
    the of and to in a said on for was that by with from at were is had after their \
    township residents police government village villages military officials people week \
    rice prices market road power water flood school hospital farmers workers election \
    commission minister ministry region state army council local two three hundred \
    thousand kyat dollars year month Monday Tuesday Wednesday Thursday Friday Saturday \
    Sunday Yangon Mandalay Naypyitaw Sagaing Magway Bago Shan Kachin Rakhine reported \
    announced closed reopened rose fell arrested released killed injured fled returned \
    displaced shortage fuel electricity cuts hours daily fighting camp camps aid groups \
    group border trade traders teachers students exam results court sentenced years prison \
    charges under law new former senior leader leaders meeting talks statement according \
    sources told reporters because since during before about more than most many some no \
    not also still would could will has have been being they he she it we our this these \
    those which who";

/// A sentence's syllables (indices into the syllable list), each with whether a space
/// follows it.
type Sentence = Vec<(usize, bool)>;

/// The generated text: syllables, English words, their frequencies.
struct Corpus {
    syllables: Vec<String>,
    syllable_ranks: Zipf,
    words: Vec<&'static str>,
    word_ranks: Zipf,
    /// The translators, one copy of each name shared by their entries, as the desk's
    /// memory keeps them.
    authors: Vec<Arc<str>>,
}

impl Corpus {
    fn new() -> Self {
        let syllables = syllables();
        let syllable_ranks = Zipf::new(syllables.len());
        let words: Vec<&'static str> = WORDS.split_whitespace().collect();
        Self {
            syllables,
            syllable_ranks,
            word_ranks: Zipf::new(words.len()),
            words,
            authors: ["Thiri Htet", "Kyaw Zin", "Nandar Aung", "Min Thu"]
                .map(Arc::from)
                .to_vec(),
        }
    }

    /// 10 to 40 syllables in words of one to three, a space after one word in four.
    fn sentence(&self, rng: &mut Rng) -> Sentence {
        let length = 10 + rng.below(31);
        let mut sentence = Vec::with_capacity(length);
        while sentence.len() < length {
            let word = (1 + rng.below(3)).min(length - sentence.len());
            for _ in 0..word {
                sentence.push((self.syllable_ranks.draw(rng), false));
            }
            if rng.below(4) == 0
                && let Some(last) = sentence.last_mut()
            {
                last.1 = true;
            }
        }
        sentence
    }

    /// One sentence in five entries has company: two or three sentences.
    fn source(&self, rng: &mut Rng) -> Vec<Sentence> {
        let count = match rng.below(10) {
            0..=7 => 1,
            8 => 2,
            _ => 3,
        };
        (0..count).map(|_| self.sentence(rng)).collect()
    }

    fn burmese(&self, source: &[Sentence]) -> String {
        let mut text = String::new();
        for (k, sentence) in source.iter().enumerate() {
            if k > 0 {
                text.push(' ');
            }
            for (n, &(syllable, space)) in sentence.iter().enumerate() {
                text.push_str(&self.syllables[syllable]);
                if space && n + 1 < sentence.len() {
                    text.push(' ');
                }
            }
            text.push('။');
        }
        text
    }

    /// English: one sentence of 6 to 24 words per source sentence.
    fn english(&self, rng: &mut Rng, sentences: usize) -> String {
        let mut text = String::new();
        for k in 0..sentences {
            if k > 0 {
                text.push(' ');
            }
            let words = 6 + rng.below(19);
            for w in 0..words {
                let word = self.words[self.word_ranks.draw(rng)];
                if w == 0 {
                    let mut chars = word.chars();
                    text.extend(chars.next().map(|c| c.to_ascii_uppercase()));
                    text.push_str(chars.as_str());
                } else {
                    text.push(' ');
                    text.push_str(word);
                }
            }
            text.push('.');
        }
        text
    }

    /// Entry `i` of every generated memory (a memory of `n` entries holds entries
    /// `0..n`): rows of stories of 30 rows, as a desk's own memory holds them.
    fn entry(&self, i: usize) -> Entry {
        let mut rng = Rng::new(i as u64);
        let source = self.source(&mut rng);
        let mut english = self.english(&mut rng, source.len());
        // Exactly as long as their text, as `tm::story_entries` and the TMX reader make
        // them: slack left by building the strings would count as the memory's.
        let mut text = self.burmese(&source);
        text.shrink_to_fit();
        english.shrink_to_fit();
        Entry {
            source: text,
            english,
            origin: Origin::Story {
                slug: format!("story-{:06}", i / 30).into(),
                row: RowRef::Block(BlockId((i % 30) as u32)),
            },
            author: Arc::clone(&self.authors[i % self.authors.len()]),
            time: start() + TimeDelta::minutes(i64::try_from(i).unwrap_or(0)),
            status: if i.is_multiple_of(3) {
                EntryStatus::Reviewed
            } else {
                EntryStatus::Confirmed
            },
            note: String::new(),
        }
    }

    /// Entry `i`'s source with `changes` syllables substituted, deleted or inserted.
    fn near_duplicate(&self, i: usize, changes: usize, rng: &mut Rng) -> String {
        let mut source = self.source(&mut Rng::new(i as u64));
        for _ in 0..changes {
            let k = rng.below(source.len());
            let sentence = &mut source[k];
            let at = rng.below(sentence.len());
            match rng.below(5) {
                0 if sentence.len() > 5 => {
                    sentence.remove(at);
                }
                1 => sentence.insert(at, (self.syllable_ranks.draw(rng), false)),
                _ => {
                    let old = sentence[at].0;
                    let mut new = old;
                    while new == old {
                        new = self.syllable_ranks.draw(rng);
                    }
                    sentence[at].0 = new;
                }
            }
        }
        self.burmese(&source)
    }

    /// A fresh source, drawn like the entries' but from seeds no entry has.
    fn fresh(&self, k: usize) -> String {
        self.burmese(&self.source(&mut Rng::new((1 << 48) + k as u64)))
    }
}

fn start() -> DateTime<Utc> {
    DateTime::from_timestamp(1_767_225_600, 0).unwrap_or_default()
}

/// A memory of entries `0..n`.
fn build(corpus: &Corpus, n: usize) -> Memory {
    let mut memory = Memory::new();
    // A story's entries share one copy of its slug, as `tm::story_entries` makes them.
    let mut slug: Option<Arc<str>> = None;
    for i in 0..n {
        let mut entry = corpus.entry(i);
        if let Origin::Story { slug: own, .. } = &mut entry.origin {
            match &slug {
                Some(shared) if **shared == **own => *own = Arc::clone(shared),
                _ => slug = Some(Arc::clone(own)),
            }
        }
        memory.add(entry);
    }
    // As the desk's cache is loaded: added in bulk, then compacted.
    memory.compact();
    memory
}

/// A field of `/proc/self/status` in KiB (`VmRSS`, `VmHWM`).
fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or_else(
        || "unknown".to_owned(),
        |k| format!("{:.0} MiB", k as f64 / 1024.0),
    )
}

/// One memory size with its queries.
struct Sized {
    name: &'static str,
    memory: Memory,
    near: Vec<String>,
    fresh: Vec<String>,
}

fn queries(corpus: &Corpus, n: usize) -> (Vec<String>, Vec<String>) {
    let near = (0..QUERIES)
        .map(|k| {
            let mut rng = Rng::new((1 << 40) + (n * QUERIES + k) as u64);
            let i = rng.below(n);
            let changes = 1 + rng.below(3);
            corpus.near_duplicate(i, changes, &mut rng)
        })
        .collect();
    let fresh = (0..QUERIES).map(|k| corpus.fresh(k)).collect();
    (near, fresh)
}

fn sized(corpus: &Corpus, name: &'static str, memory: Memory) -> Sized {
    let (near, fresh) = queries(corpus, memory.len());
    Sized {
        name,
        memory,
        near,
        fresh,
    }
}

/// The median, 90th percentile and slowest of single lookups, each timed alone, and how
/// many found a match; the index's best match is checked against the scan's on a few.
fn single_lookups(sized: &Sized) {
    let how = Lookup::default();
    for (kind, queries) in [("near-duplicate", &sized.near), ("fresh", &sized.fresh)] {
        let mut times = Vec::new();
        let mut found = 0;
        let mut best_scores = Vec::new();
        for query in queries {
            let started = Instant::now();
            let matches = black_box(sized.memory.lookup(query, &how));
            times.push(started.elapsed());
            if let Some(best) = matches.first() {
                found += 1;
                best_scores.push(best.raw);
            }
        }
        times.sort_unstable();
        best_scores.sort_unstable();
        let at = |p: usize| times[(times.len() - 1) * p / 100];
        say(&format!(
            "{} entries, {kind}: single lookups median {:.3} ms, 90th percentile {:.3} ms, \
             slowest {:.3} ms; {found}/{} found a match (median best score {})",
            sized.name,
            at(50).as_secs_f64() * 1e3,
            at(90).as_secs_f64() * 1e3,
            at(100).as_secs_f64() * 1e3,
            queries.len(),
            best_scores
                .get(best_scores.len() / 2)
                .map_or_else(|| "none".to_owned(), u8::to_string),
        ));
    }
    // The index must agree with the scan (the tests prove it; this keeps the benchmark
    // honest about what it times). Checked on a few queries: the scan is slow (not in the
    // quick run, which is for profiling the index).
    if std::env::var_os("COPYDESK_BENCH_QUICK").is_some() {
        return;
    }
    for query in sized.near.iter().take(3).chain(sized.fresh.iter().take(1)) {
        let indexed = sized.memory.lookup(query, &how);
        let scanned = sized.memory.lookup_by_scan(query, &how);
        assert_eq!(indexed, scanned, "the index and the scan differ on {query}");
    }
}

/// Lookups through the index and by the scan, in one group, each cycling through its
/// queries.
fn lookups(c: &mut Criterion, sized: &Sized) {
    let mut group = c.benchmark_group(format!("lookup, {} entries", sized.name));
    let how = Lookup::default();
    for (kind, queries) in [("near-duplicate", &sized.near), ("fresh", &sized.fresh)] {
        group.sample_size(50);
        group.sampling_mode(SamplingMode::Auto);
        group.measurement_time(Duration::from_secs(5));
        let mut next = 0;
        group.bench_function(format!("index, {kind}"), |b| {
            b.iter(|| {
                next = (next + 1) % queries.len();
                black_box(sized.memory.lookup(&queries[next], &how))
            });
        });
    }
    // For comparison: the same lookups with matches from 75% only (the 50% floor is what
    // makes a lookup read most of the memory; see BENCHMARKS.md).
    let from_75 = Lookup {
        min: 75,
        ..Lookup::default()
    };
    for (kind, queries) in [("near-duplicate", &sized.near), ("fresh", &sized.fresh)] {
        let mut next = 0;
        group.bench_function(format!("index, {kind}, min 75"), |b| {
            b.iter(|| {
                next = (next + 1) % queries.len();
                black_box(sized.memory.lookup(&queries[next], &from_75))
            });
        });
    }
    for (kind, queries) in [("near-duplicate", &sized.near), ("fresh", &sized.fresh)] {
        // The scan takes about a second at 1,000,000 entries: few samples, each of the
        // same few iterations.
        group.sample_size(10);
        group.sampling_mode(SamplingMode::Flat);
        group.warm_up_time(Duration::from_secs(1));
        group.measurement_time(Duration::from_secs(8));
        let mut next = 0;
        group.bench_function(format!("baseline: scan, {kind}"), |b| {
            b.iter(|| {
                next = (next + 1) % queries.len();
                black_box(sized.memory.lookup_by_scan(&queries[next], &how))
            });
        });
    }
    group.finish();
}

/// A 1,000-row story against a memory: near-duplicates of its entries (some unchanged,
/// some with up to six syllables changed), fresh rows, and rows repeated inside the story.
fn story_rows(corpus: &Corpus, n: usize) -> Vec<String> {
    let mut rng = Rng::new(1 << 44);
    let mut rows: Vec<String> = Vec::with_capacity(1000);
    for k in 0..1000 {
        let row = match rng.below(10) {
            0..=2 => {
                let i = rng.below(n);
                let changes = rng.below(7);
                corpus.near_duplicate(i, changes, &mut rng)
            }
            3 if k > 0 => rows[rng.below(k)].clone(),
            _ => corpus.fresh(10_000 + k),
        };
        rows.push(row);
    }
    rows
}

fn analysing(c: &mut Criterion, corpus: &Corpus, sized: &Sized) {
    let rows = story_rows(corpus, sized.memory.len());
    let result = analysis::analyse(
        &sized.memory,
        rows.iter().map(String::as_str),
        Script::Myanmar,
        Some("analysed"),
    );
    let bands: Vec<String> = BANDS
        .iter()
        .zip(result.bands)
        .map(|((_, _, name), t)| format!("{name} {} rows", t.rows))
        .collect();
    say(&format!(
        "analysis of the 1,000-row story, {} entries: {}; repetitions {} rows; {} syllables",
        sized.name,
        bands.join(", "),
        result.repetitions.rows,
        result.total.units,
    ));
    let mut group = c.benchmark_group(format!("analysis, 1,000-row story, {} entries", sized.name));
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Elements(rows.len() as u64));
    group.bench_function("analyse", |b| {
        b.iter(|| {
            black_box(analysis::analyse(
                &sized.memory,
                rows.iter().map(String::as_str),
                Script::Myanmar,
                Some("analysed"),
            ))
        });
    });
    group.finish();
}

/// An imported entry, as the desk keeps a unit of a TMX file.
fn imported(unit: TmxUnit) -> Entry {
    Entry {
        source: unit.source,
        english: unit.english,
        origin: Origin::File {
            name: "archive".into(),
        },
        author: unit.author.into(),
        time: unit.time.unwrap_or_else(start),
        status: EntryStatus::Imported,
        note: unit.note,
    }
}

/// The TMX file's units: entries `0..100,000`, one in ten with a note, written by
/// `write_tmx` with the language codes another tool would write (`my-MM`, `en-US`) and read
/// for the desk's `my` and `en`.
fn importing(c: &mut Criterion, corpus: &Corpus) {
    const UNITS: usize = 100_000;
    let units: Vec<TmxUnit> = (0..UNITS)
        .map(|i| {
            let entry = corpus.entry(i);
            TmxUnit {
                source: entry.source,
                english: entry.english,
                author: entry.author.to_string(),
                time: Some(entry.time),
                note: if i % 10 == 0 {
                    format!("Checked against the {} print edition.", 2000 + i % 25)
                } else {
                    String::new()
                },
            }
        })
        .collect();
    let bytes = write_tmx(&units, "my-MM", "en-US", "bench").expect("write");
    drop(units);
    let limits = Limits::default();
    let read = read_tmx(&bytes, "my", "en", &limits).expect("read");
    assert_eq!(
        read.units.len(),
        UNITS,
        "units lost: {:?}",
        read.skipped.first()
    );
    say(&format!(
        "TMX file of {UNITS} units: {:.1} MB",
        bytes.len() as f64 / 1e6
    ));
    drop(read);

    let mut group = c.benchmark_group("TMX import, 100,000 units");
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Elements(UNITS as u64));
    group.bench_function("read_tmx", |b| {
        b.iter(|| black_box(read_tmx(&bytes, "my", "en", &limits).expect("read")));
    });
    group.bench_function("read_tmx and add to an empty memory", |b| {
        b.iter(|| {
            let read = read_tmx(&bytes, "my", "en", &limits).expect("read");
            let mut memory = Memory::new();
            memory.set_file("archive", 5, read.units.into_iter().map(imported).collect());
            black_box(memory.len())
        });
    });
    // The floor: quick-xml's events alone, nothing decoded or kept.
    group.bench_function("baseline: quick-xml events only", |b| {
        b.iter(|| {
            let mut reader = quick_xml::Reader::from_reader(&bytes[..]);
            let mut units = 0usize;
            loop {
                match reader.read_event().expect("xml") {
                    Event::Start(e) if e.name().0 == "tu" => units += 1,
                    Event::Eof => break,
                    _ => {}
                }
            }
            black_box(units)
        });
    });
    group.finish();
}

fn all(c: &mut Criterion) {
    let corpus = Corpus::new();
    say(&format!(
        "{} distinct syllables, Zipf-drawn; the commonest {} in {:.0}% of draws",
        corpus.syllables.len(),
        corpus.syllables[0],
        100.0
            / corpus
                .syllable_ranks
                .cumulative
                .last()
                .copied()
                .unwrap_or(1.0),
    ));

    // The largest memory first, in a process that holds nothing else yet, so its resident
    // size is what the memory costs.
    let before = status_kib("VmRSS");
    let started = Instant::now();
    let million = build(&corpus, 1_000_000);
    let took = started.elapsed();
    let after = status_kib("VmRSS");
    say(&format!(
        "1,000,000 entries built in {:.1} s ({:.0} entries/s); resident {} before, {} after, \
         {} for the memory; peak {}",
        took.as_secs_f64(),
        1e6 / took.as_secs_f64(),
        mib(before),
        mib(after),
        mib(after.zip(before).map(|(a, b)| a.saturating_sub(b))),
        mib(status_kib("VmHWM")),
    ));
    let sizes = [
        sized(&corpus, "10,000", build(&corpus, 10_000)),
        sized(&corpus, "100,000", build(&corpus, 100_000)),
        sized(&corpus, "1,000,000", million),
    ];
    for s in &sizes {
        single_lookups(s);
    }
    // `COPYDESK_BENCH_QUICK=1`: the resident memory and single lookups only (a minute, for
    // trying a change; the figures in BENCHMARKS.md come from the whole run).
    if std::env::var_os("COPYDESK_BENCH_QUICK").is_some() {
        return;
    }
    for s in &sizes {
        lookups(c, s);
    }
    analysing(c, &corpus, &sizes[1]);
    importing(c, &corpus);
}

criterion_group!(benches, all);
criterion_main!(benches);
