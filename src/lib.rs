//! Copydesk: a translation desk for multilingual newsrooms.
//!
//! A reporter files a story in the source language, a translator drafts English beside it
//! row by row, a writer turns the draft into publishable copy and an editor signs off.
//! See `ARCHITECTURE.md` for how the modules fit together.

pub mod cli;
pub mod credits;
pub mod edit;
pub mod export;
pub mod find;
pub mod fuzzing;
pub mod generate;
pub mod glossary;
pub mod import;
pub mod lines;
pub mod merge;
pub mod model;
pub mod qa;
pub mod script;
pub mod session;
pub mod soak;
pub mod store;
pub mod summary;
pub mod tm;
pub mod workflow;
pub mod xliff;

#[cfg(feature = "gui")]
pub mod app;
#[cfg(feature = "gui")]
pub mod command;
#[cfg(feature = "gui")]
pub mod ui;
