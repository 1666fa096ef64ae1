//! The desk search in the window: the story files searched on a thread of its own (as the
//! memory is read), hits streamed back in slug order as they are found, at most
//! [`WINDOW_LIMIT`] of them; stories the window holds (the open one, with what is not saved
//! yet) are searched as the window has them. A new query, or a change to the desk, starts
//! it again; the old thread stops at its next message.

use std::collections::HashSet;
use std::sync::mpsc::{Receiver, TryRecvError};

use crate::find::{Matcher, Query, story_hits};
use crate::session::Session;
use crate::store::search::{SearchEnd, StoryFound, search_stories};
use crate::ui::DeskSearchResults;

/// The most hits the desk view lists.
pub(super) const WINDOW_LIMIT: usize = 500;

/// How many stories the thread searches between reports of how far it is.
const PROGRESS_EVERY: usize = 100;

enum Message {
    /// A story with hits, or that could not be read, and how many stories were looked at.
    Found(usize, StoryFound),
    Progress(usize),
    Done(SearchEnd),
}

/// The search, and the thread running it.
pub(super) struct DeskSearch {
    /// The window, woken when the thread has something.
    ctx: egui::Context,
    results: DeskSearchResults,
    /// The desk index's generation the search ran at.
    generation: Option<u64>,
    running: Option<Receiver<Message>>,
    /// Stories searched as the window holds them, not read from their files.
    held: usize,
}

impl DeskSearch {
    /// No search yet, in this window.
    pub(super) fn new(ctx: &egui::Context) -> Self {
        Self {
            ctx: ctx.clone(),
            results: DeskSearchResults::default(),
            generation: None,
            running: None,
            held: 0,
        }
    }

    /// What the desk view shows.
    pub(super) fn results(&self) -> &DeskSearchResults {
        &self.results
    }

    /// Starts searching for `query` (an empty query clears the search).
    pub(super) fn start(&mut self, session: &Session, query: &Query) {
        self.running = None;
        self.generation = Some(session.index_generation());
        self.results = DeskSearchResults {
            query: query.clone(),
            total: session.story_count(),
            ..DeskSearchResults::default()
        };
        let Some(matcher) = Matcher::new(query) else {
            self.results.done = true;
            return;
        };
        // The stories the window holds, as it holds them.
        let mut held = HashSet::new();
        for doc in session.docs() {
            let story = doc.story();
            held.insert(story.slug.clone());
            let hits = story_hits(story, &matcher, WINDOW_LIMIT + 1);
            self.results.add(hits, WINDOW_LIMIT);
        }
        self.held = held.len();
        self.results.searched = self.held;
        let slugs: Vec<String> = session
            .summaries()
            .map(|s| s.slug.clone())
            .filter(|s| !held.contains(s))
            .collect();
        let limit = WINDOW_LIMIT.saturating_sub(self.results.hits.len());
        let (tx, rx) = std::sync::mpsc::channel();
        let root = session.root().to_owned();
        let settings = session.settings().clone();
        let ctx = self.ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("copydesk-search".to_owned())
            .spawn(move || {
                let mut looked = 0;
                let end = search_stories(
                    &root,
                    &settings,
                    slugs.iter().map(String::as_str),
                    &matcher,
                    limit,
                    |_, found| {
                        looked += 1;
                        let sent = match &found {
                            Ok(hits) if hits.is_empty() => {
                                if looked % PROGRESS_EVERY == 0 {
                                    ctx.request_repaint();
                                    tx.send(Message::Progress(looked)).is_ok()
                                } else {
                                    true
                                }
                            }
                            _ => {
                                ctx.request_repaint();
                                tx.send(Message::Found(looked, found)).is_ok()
                            }
                        };
                        // A closed channel: a newer search took over.
                        sent
                    },
                );
                let _ = tx.send(Message::Done(end));
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => self.running = Some(rx),
            Err(err) => {
                log::warn!("could not start the desk search: {err}");
                self.results.done = true;
                self.results
                    .problems
                    .push(format!("The search could not start: {err}"));
            }
        }
    }

    /// Starts again when the desk changed since the search ran (a story saved, here or by
    /// a colleague), so the hits are the desk's as it is.
    pub(super) fn follow(&mut self, session: &Session) {
        if self.results.query.text.is_empty() || self.generation == Some(session.index_generation())
        {
            return;
        }
        let query = self.results.query.clone();
        self.start(session, &query);
    }

    /// Takes what the thread has found since the last frame.
    pub(super) fn poll(&mut self) {
        let Some(rx) = &self.running else {
            return;
        };
        loop {
            match rx.try_recv() {
                Ok(Message::Found(looked, found)) => {
                    self.results.searched = self.held + looked;
                    match found {
                        Ok(hits) => self.results.add(hits, WINDOW_LIMIT),
                        Err(problem) => self.results.problems.push(problem.to_string()),
                    }
                }
                Ok(Message::Progress(looked)) => {
                    self.results.searched = self.held + looked;
                }
                Ok(Message::Done(end)) => {
                    self.results.searched = self.held + end.stories;
                    self.results.truncated |= end.truncated;
                    self.results.done = true;
                    self.running = None;
                    return;
                }
                Err(TryRecvError::Empty) => return,
                Err(TryRecvError::Disconnected) => {
                    self.results.done = true;
                    self.running = None;
                    return;
                }
            }
        }
    }

    /// Forgets the search (another desk was opened).
    pub(super) fn clear(&mut self) {
        *self = Self::new(&self.ctx);
    }
}
