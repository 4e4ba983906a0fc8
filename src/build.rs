//! `plansite build`: every stage in order, from content to a published `output/`.
//!
//! Load and derive (as `check` does), stop on any error, then render every
//! page in parallel into a staging folder and swap it into place. Errors at
//! any stage leave the previous output as it was.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::compress;
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
    /// Overrides the config's `compress`: write `.gz` and `.br` copies.
    pub compress: Option<bool>,
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
    let compress = options.compress.unwrap_or(prepared.config.compress);
    let (pages, files) = publish(&prepared, &place, compress).map_err(fail)?;
    Ok(Report {
        output,
        pages,
        files,
        elapsed: started.elapsed(),
        warnings: diagnostics,
    })
}

/// Writes everything into a staging folder (with compressed copies of the
/// text if `compress`) and swaps it in; counts pages and files.
fn publish(
    prepared: &Prepared,
    output: &Path,
    compress: bool,
) -> Result<(usize, usize), Vec<Diagnostic>> {
    let staging = Staging::new(output).map_err(|err| vec![output_problem(output, &err)])?;
    let text = Mutex::new(Vec::new());
    let (pages, mut files) = render_site(prepared, &|path, bytes| {
        if compress && compress::is_text(path) {
            let mut text = text
                .lock()
                .map_err(|_| Diagnostic::error(path, "a rendering thread failed while writing"))?;
            text.push((bytes.len(), path.to_string()));
        }
        staging
            .write(path, &bytes)
            .map_err(|err| output_problem(&output.join(path), &err))
    })?;
    if compress {
        files += write_copies(&staging, output, text.into_inner().unwrap_or_default())?;
    }
    staging
        .publish()
        .map_err(|err| vec![output_problem(output, &err)])?;
    Ok((pages, files))
}

/// Writes the compressed copies of the `text` files (size, path) already
/// written, in parallel, the biggest first so that no core is left with a
/// download to compress at the end; how many.
fn write_copies(
    staging: &Staging,
    output: &Path,
    mut text: Vec<(usize, String)>,
) -> Result<usize, Vec<Diagnostic>> {
    text.sort_unstable_by(|a, b| b.cmp(a));
    let copies: Vec<(&str, &str)> = text
        .iter()
        .flat_map(|(_, path)| compress::COPIES.map(|extension| (path.as_str(), extension)))
        .collect();
    let mut problems: Vec<Diagnostic> = copies
        .par_iter()
        .filter_map(|&(path, extension)| {
            let copy = format!("{path}.{extension}");
            staging
                .read(path)
                .and_then(|bytes| compress::copy(extension, &bytes))
                .and_then(|bytes| staging.write(&copy, &bytes))
                .map_err(|err| output_problem(&output.join(&copy), &err))
                .err()
        })
        .collect();
    if problems.is_empty() {
        Ok(copies.len())
    } else {
        crate::diagnostics::sort(&mut problems);
        problems.dedup();
        Err(problems)
    }
}

fn output_problem(path: &Path, err: &std::io::Error) -> Diagnostic {
    Diagnostic::error(path, format!("cannot write: {err}"))
        .help("check that the output folder's parent exists and is writable")
}
