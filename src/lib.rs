//! plansite: prison inspection action plans published as a cross-linked static site.
//!
//! The modules follow the data through the program:
//!
//! 1. [`config`] reads `plansite.toml`;
//! 2. [`content`] loads the content files into typed front matter;
//! 3. [`model`] derives what nobody types by hand: decision classes, due
//!    dates, statuses, themes, owners, recurrence and counts;
//! 4. [`render`] turns the derived site into pages, feeds and downloads
//!    through the site theme's Tera templates;
//! 5. [`output`] decides where a build may publish, writes beside `output/`
//!    and swaps the new site into place.
//!
//! [`pipeline`] runs the stages in order into a sink of files; the commands
//! are thin over it: [`build`] renders into a staging folder that [`output`]
//! swaps into place, [`check`] into nothing (reporting every problem the stages found), and [`serve`] into memory,
//! running it again on every change while it watches the inputs;
//! [`scaffold`] writes a new site to start from. [`slug`] holds the one rule
//! for the names that become URLs, which every stage that makes one obeys.
//!
//! [`import`] sits beside them: it turns a published action plan into a
//! content file that the same stages read back.

pub mod build;
pub mod check;
pub mod compress;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod import;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod slug;
