//! `plansite build`: every stage in order, from content to a published `output/`.
//!
//! Load and derive (as `check` does), stop on any error, then render every
//! page in parallel into a staging folder and swap it into place. Errors at
//! any stage leave the previous output as it was.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, plural};
use crate::output::{self, Staging};
use crate::pipeline::{self, Prepared, render_site};

/// What a build may be told on the command line.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// What the stages are told: base URL and as-of date.
    pub pipeline: pipeline::Options,
    /// Where to publish; `ROOT/output` when absent.
    pub output: Option<PathBuf>,
    /// Replaces an output folder that plansite did not write.
    pub force: bool,
}

/// What a finished build did.
#[derive(Debug)]
pub struct Report {
    pub output: PathBuf,
    pub pages: usize,
    pub files: usize,
    pub elapsed: Duration,
    /// Problems that did not stop the build.
    pub warnings: Vec<Diagnostic>,
}

/// Runs a build and prints its outcome; true when the site was published.
pub fn run(root: &Path, options: &Options) -> bool {
    match build(root, options) {
        Ok(report) => {
            for warning in &report.warnings {
                warning.emit();
            }
            println!(
                "built {} {} ({} files) into {} in {} ms",
                report.pages,
                plural(report.pages, "page"),
                report.files,
                report.output.display(),
                report.elapsed.as_millis()
            );
            true
        }
        Err(problems) => {
            for problem in &problems {
                problem.emit();
            }
            let errors = problems.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "build failed with {errors} {}; the previous output was left as it was",
                plural(errors, "error")
            );
            false
        }
    }
}

/// Builds the site under `root`; on error, every problem found (warnings included).
pub fn build(root: &Path, options: &Options) -> Result<Report, Vec<Diagnostic>> {
    let started = Instant::now();
    let (prepared, diagnostics) = pipeline::prepare(root, &options.pipeline);
    let Some(prepared) = prepared else {
        return Err(diagnostics);
    };
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| root.join("output"));
    let fail = |mut errors: Vec<Diagnostic>| {
        errors.extend(diagnostics.iter().cloned());
        crate::diagnostics::sort(&mut errors);
        errors
    };
    let place =
        output::place(root, &output, options.force).map_err(|problem| fail(vec![problem]))?;
    let (pages, files) = publish(&prepared, &place).map_err(fail)?;
    Ok(Report {
        output,
        pages,
        files,
        elapsed: started.elapsed(),
        warnings: diagnostics,
    })
}

/// Writes everything into a staging folder and swaps it in; counts pages and files.
fn publish(prepared: &Prepared, output: &Path) -> Result<(usize, usize), Vec<Diagnostic>> {
    let staging = Staging::new(output).map_err(|err| vec![output_problem(output, &err)])?;
    let counts = render_site(prepared, &|path, bytes| {
        staging
            .write(path, &bytes)
            .map_err(|err| output_problem(&output.join(path), &err))
    })?;
    staging
        .publish()
        .map_err(|err| vec![output_problem(output, &err)])?;
    Ok(counts)
}

fn output_problem(path: &Path, err: &std::io::Error) -> Diagnostic {
    Diagnostic::error(path, format!("cannot write: {err}"))
        .help("check that the output folder's parent exists and is writable")
}
