//! plansite: prison inspection action plans published as a cross-linked static site.
//!
//! The modules follow the data through the program:
//!
//! 1. [`config`] reads `plansite.toml`;
//! 2. [`content`] loads the content files into typed front matter;
//! 3. [`model`] derives what nobody types by hand: decision classes, due
//!    dates, statuses, themes, owners, recurrence and counts;
//! 4. [`check`] reports every problem the first three stages found.
//!
//! [`import`] sits beside them: it turns a published action plan into a
//! content file that the same stages read back.

pub mod check;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod import;
pub mod model;
