//! The `plansite` command line: parses arguments and hands each command to the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// A build makes and frees millions of small strings on every core; mimalloc
/// does that markedly faster than the system allocator (see the README).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc's `mi_option_e` (mimalloc.h), which
/// libmimalloc-sys names no constant for.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc 3's own default for [`PURGE_DELAY`], in milliseconds.
const DEFAULT_PURGE_DELAY: std::ffi::c_long = 1000;

/// The purge delay `serve`'s first build runs with, in milliseconds.
const FIRST_BUILD_PURGE_DELAY: std::ffi::c_long = 20;

/// The purge delay `serve` keeps once its first build is done.
const SERVING_PURGE_DELAY: std::ffi::c_long = 0;

/// Gives freed memory back to the system within 20 ms rather than a second
/// while `serve`, which lives long and holds a whole site, makes its first
/// build.
///
/// A build frees most of what it rendered in bursts; with the default
/// delay much of that stayed resident. With the estate corpus, `serve`
/// held 1.06 to 1.46 GB once ready with the default, 1.02 to 1.03 GB with
/// 20 ms and 1.00 to 1.01 GB with 0 ms, but 0 ms made its first build
/// slower (23 to 26 s against 20 s, 18 s with 20 ms; two runs each, so
/// roughly). `build` ends soon anyway and is left as it was. A delay set
/// in `MIMALLOC_PURGE_DELAY`, or an option index that is not the purge
/// delay's in this mimalloc, is left alone.
fn return_freed_memory_soon() {
    set_purge_delay(DEFAULT_PURGE_DELAY, FIRST_BUILD_PURGE_DELAY);
}

/// Gives freed memory back at once from the end of `serve`'s first build.
///
/// Each edit then rebuilds a few pages and, in a pause, the downloads
/// (about 300 MB made and freed at estate size); with 20 ms, memory freed
/// that way was partly kept. With the estate corpus over 40 edits of one
/// plan's words, `serve` grew from about 735 MiB to 793 to 813 MiB with
/// 20 ms and to 755 to 756 MiB with 0 ms (two runs each), the edits as
/// fast (71 against 72 ms median) and the downloads 4% slower.
fn return_freed_memory_at_once() {
    set_purge_delay(FIRST_BUILD_PURGE_DELAY, SERVING_PURGE_DELAY);
}

/// Sets mimalloc's purge delay to `to` where it is `from`, so a delay set
/// in `MIMALLOC_PURGE_DELAY` is left alone.
fn set_purge_delay(from: std::ffi::c_long, to: std::ffi::c_long) {
    // SAFETY: mimalloc's option calls take any option index and value, and
    // an option is one word, read and written whole.
    unsafe {
        if libmimalloc_sys::mi_option_get(PURGE_DELAY) == from {
            libmimalloc_sys::mi_option_set(PURGE_DELAY, to);
        }
    }
}

/// Turns transparent huge pages off for this process: every command runs
/// leaner and faster in 4 KiB pages.
///
/// mimalloc asks for huge pages where the kernel allows them (`madvise`
/// mode, Debian's default). Each first touch of one then zeroes 2 MiB, and
/// memory given back leaves the resident set only when a whole huge page
/// is free. With the estate corpus, `build` took 19.2 s of CPU (6.4 s of
/// it in the kernel, mostly zeroing huge pages) with them and 16.9 s (4.4
/// s) without, peaking at 1,245 and 1,194 MB (five alternating runs each,
/// every pair the same way round); `serve` held 950 to 957 MiB once ready
/// with them and 904 to 913 MiB without (five runs in all), and its first
/// build was no slower. On a kernel without the call this does nothing.
#[cfg(target_os = "linux")]
fn no_huge_pages() {
    // SAFETY: PR_SET_THP_DISABLE takes integers only and changes a flag of
    // this process; a failure (an old kernel) leaves things as they were.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// Publish prison inspection action plans as a cross-linked static site.
#[derive(Parser)]
#[command(name = "plansite", version, about, long_about = None)]
struct Cli {
    /// The site's folder (holding plansite.toml and content/).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate everything a build reads (config, content, templates) and report every problem; write nothing.
    Check {
        /// Measure action statuses against this date (YYYY-MM-DD) instead of the config's or today's.
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// Render the site into the output folder, replacing it only when the build succeeds.
    Build {
        /// Where to write the site [default: ROOT/output].
        #[arg(long, short, value_name = "DIR")]
        output: Option<PathBuf>,
        /// The address the site is served from (https://example.org/plans/ or /plans/) instead of the config's.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Measure action statuses against this date (YYYY-MM-DD) instead of the config's or today's.
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// Replace the output folder even if it holds files that plansite did not write.
        #[arg(long)]
        force: bool,
        /// Also write a .gz and a .br copy of each text file, for hosts that serve them [config: compress].
        #[arg(long, overrides_with = "no_compress")]
        compress: bool,
        /// Write no compressed copies, whatever the config says.
        #[arg(long, overrides_with = "compress")]
        no_compress: bool,
    },
    /// Build the site into memory and serve it on localhost; with --watch, rebuild and reload on every change.
    Serve {
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1", value_name = "IP")]
        interface: std::net::IpAddr,
        /// The port to listen on.
        #[arg(long, short, default_value_t = plansite::serve::DEFAULT_PORT)]
        port: u16,
        /// If the port is taken, take the next free one instead of stopping.
        #[arg(long)]
        next_free_port: bool,
        /// Rebuild on every change to content, templates, static files or config, and reload open tabs.
        #[arg(long, short)]
        watch: bool,
        /// Measure action statuses against this date (YYYY-MM-DD) instead of the config's or today's.
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// Write a small working site (config, a prison, a plan) into a new or empty folder.
    New {
        /// The folder to create.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
    /// Turn published action plans (text exports) into content files.
    Import {
        /// The exported plans to import.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Where to write the content files [default: ROOT/content].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Overwrite content files that already exist.
        #[arg(long)]
        force: bool,
    },
}

fn main() -> ExitCode {
    #[cfg(target_os = "linux")]
    no_huge_pages();
    let cli = Cli::parse();
    let ok = match cli.command {
        Command::Check { as_of } => plansite::check::run(
            &cli.root,
            &plansite::pipeline::Options {
                as_of,
                ..Default::default()
            },
        ),
        Command::Build {
            output,
            base_url,
            as_of,
            force,
            compress,
            no_compress,
        } => plansite::build::run(
            &cli.root,
            &plansite::build::Options {
                pipeline: plansite::pipeline::Options { base_url, as_of },
                output,
                force,
                compress: (compress || no_compress).then_some(compress),
            },
        ),
        Command::Serve {
            interface,
            port,
            next_free_port,
            watch,
            as_of,
        } => {
            return_freed_memory_soon();
            plansite::serve::run(
                &cli.root,
                &plansite::serve::Options {
                    interface,
                    port,
                    next_free_port,
                    watch,
                    as_of,
                    after_first_build: return_freed_memory_at_once,
                },
            )
        }
        Command::New { dir } => plansite::scaffold::run(&dir),
        Command::Import { files, out, force } => {
            let out = out.unwrap_or_else(|| cli.root.join(plansite::config::CONTENT_DIR));
            plansite::import::run(&files, &out, force)
        }
    };
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
