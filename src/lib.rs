//! plansite: prison inspection action plans published as a cross-linked static site.
//!
//! The modules follow the data through the program:
//!
//! 1. [`config`] reads `plansite.toml`;
//! 2. [`content`] loads the content files into typed front matter;
//! 3. [`model`] derives what nobody types by hand: decision classes, due
//!    dates, statuses, themes, owners, recurrence and counts;
//! 4. [`check`] reports every problem the first three stages found;
//! 5. [`render`] turns the derived site into pages, feeds and downloads
//!    through the site theme's Tera templates;
//! 6. [`output`] writes them beside `output/` and swaps them into place.
//!
//! [`build`] runs stages one to six; [`serve`] runs them into memory, serves
//! the result and, watching the inputs, runs them again on every change;
//! [`scaffold`] writes a new site to start from.
//!
//! [`import`] sits beside them: it turns a published action plan into a
//! content file that the same stages read back.

pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod import;
pub mod model;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod slug;
