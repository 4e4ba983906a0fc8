//! `plansite check`: load and derive everything, compile the templates and
//! render one page of each kind, report every problem, write nothing; and
//! advise on owner names that are probably one owner written two ways.

use std::path::Path;

use crate::diagnostics::{Diagnostic, plural};
use crate::model::{self, owners};
use crate::pipeline::{self, Options, Prepared};
use crate::render::pages;
use crate::render::views::Views;

/// Runs the check and prints its findings; true when no error was found.
pub fn run(root: &Path, options: &Options) -> bool {
    let loaded = model::load(root, options.as_of.as_deref());
    let advice = owners::duplicates::warnings(&loaded.site, &loaded.content, &loaded.config.owners);
    let (prepared, mut diagnostics) = pipeline::prepare_loaded(root, options, loaded);
    diagnostics.extend(advice);
    if let Some(prepared) = &prepared {
        diagnostics.extend(render_samples(prepared));
    }
    crate::diagnostics::sort(&mut diagnostics);
    for diagnostic in &diagnostics {
        diagnostic.emit();
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let counts = prepared.as_ref().map(|p| {
        let site = &p.site;
        format!(
            "{} prisons, {} plans, {} recommendations, {} actions",
            site.prisons.len(),
            site.plans.len(),
            site.recommendations.len(),
            site.actions.len(),
        )
    });
    println!(
        "checked {}: {} {}, {} {}",
        counts.unwrap_or_else(|| "the site".into()),
        errors,
        plural(errors, "error"),
        warnings,
        plural(warnings, "warning"),
    );
    errors == 0
}

/// Renders the first page of each kind, and the feed and sitemap, into
/// nothing: a template that compiles can still fail on the data it is given
/// (a misspelt field), and `check` is meant to find that before `build` does.
fn render_samples(prepared: &Prepared) -> Vec<Diagnostic> {
    let all = pages::all(&prepared.site);
    let mut samples: Vec<pages::Page> = Vec::new();
    for page in &all {
        if !samples.iter().any(|s| s.template() == page.template()) {
            samples.push(*page);
        }
    }
    let views = Views::new(&prepared.site, &prepared.urls);
    let discard = |_: &str, _: Vec<u8>| Ok(());
    let mut problems = pipeline::render_pages(prepared, &views, &samples, &discard);
    // The sitemap of the sample pages exercises its template as well as all of them would.
    if let Err(mut more) = pipeline::render_feeds(prepared, &views, &samples, &discard) {
        problems.append(&mut more);
    }
    problems
}
