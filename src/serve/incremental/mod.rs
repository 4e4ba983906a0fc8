//! What `serve --watch` keeps from one build to the next, and how it finds
//! the pages an edit makes stale. Serve-only: no stage of the pipeline
//! depends on it.
//!
//! [`stale`] compares snapshots of the changed prisons taken before and after
//! an edit. (The model's side, patching one edited plan into the last site,
//! is still `model::patch`; the pipeline issue moves it here.)

pub mod stale;
