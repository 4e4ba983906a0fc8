//! Writes a benchmark corpus: a complete site of invented prisons and plans.
//!
//! ```sh
//! cargo run --release --example corpus -- --size small|medium|estate --out DIR
//! ```
//!
//! The same size always writes the same bytes (one fixed seed, no clock).
//! `benches/estate.rs` builds the same corpora through the same module.

#[path = "corpus/generate/mod.rs"]
mod generate;

use std::path::PathBuf;
use std::process::ExitCode;

use generate::Size;

const USAGE: &str = "usage: corpus --size small|medium|estate --out DIR";

fn main() -> ExitCode {
    let mut size = None;
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--size" => size = args.next().as_deref().and_then(Size::parse),
            "--out" => out = args.next().map(PathBuf::from),
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("error: unexpected argument `{other}`\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let (Some(size), Some(out)) = (size, out) else {
        eprintln!("error: both --size and --out are needed\n{USAGE}");
        return ExitCode::from(2);
    };
    match generate::write_site(size, &out) {
        Ok(s) => {
            println!(
                "wrote {} corpus into {}: {} prisons, {} plans, {} recommendations, {} actions, {:.1} MiB",
                size.name(),
                out.display(),
                s.prisons,
                s.plans,
                s.recommendations,
                s.actions,
                s.bytes as f64 / (1024.0 * 1024.0)
            );
            ExitCode::SUCCESS
        }
        Err(problem) => {
            eprintln!("error: {problem}");
            ExitCode::FAILURE
        }
    }
}
