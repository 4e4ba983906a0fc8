//! `plansite check`: load and derive everything, compile the templates,
//! report every problem, write nothing.

use std::path::Path;

use crate::build::{self, Options};
use crate::diagnostics::plural;

/// Runs the check and prints its findings; true when no error was found.
pub fn run(root: &Path, options: &Options) -> bool {
    let (prepared, diagnostics) = build::prepare(root, options);
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
