//! `plansite check`: load and derive everything, report every problem, write nothing.

use std::path::Path;

use crate::diagnostics::plural;
use crate::model;

/// Runs the check and prints its findings; true when no error was found.
pub fn run(root: &Path, as_of: Option<&str>) -> bool {
    let loaded = model::load(root, as_of);
    for diagnostic in &loaded.diagnostics {
        diagnostic.emit();
    }
    let errors = loaded.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = loaded.diagnostics.len() - errors;
    let site = &loaded.site;
    println!(
        "checked {} prisons, {} plans, {} recommendations, {} actions: {} {}, {} {}",
        site.prisons.len(),
        site.plans.len(),
        site.recommendations.len(),
        site.actions.len(),
        errors,
        plural(errors, "error"),
        warnings,
        plural(warnings, "warning"),
    );
    errors == 0
}
