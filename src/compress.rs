//! Compressed copies of the site's text files: the `.gz` and `.br` files
//! that `build --compress` writes beside each, for hosts that serve them as
//! they are, and the gzip that `serve` keeps its pages in.
//!
//! Both are deterministic: the same bytes always compress to the same
//! bytes (the gzip header carries no time and no file name), so two builds
//! of one site stay byte-identical with their compressed copies.

use std::io::{self, Read, Write};

use flate2::{Compress, Compression, FlushCompress, Status};

/// The extensions of the files worth compressing: text, which HTML, CSV and
/// JSON shrink to a fifth or less. Everything else a site holds (images,
/// WebAssembly, Pagefind's index, which is gzipped already) is left as it is.
const TEXT_EXTENSIONS: &[&str] = &[
    "html",
    "htm",
    "css",
    "js",
    "mjs",
    "json",
    "csv",
    "xml",
    "txt",
    "svg",
    "md",
    "map",
    "webmanifest",
];

/// Whether a file (by its `/`-separated path) is text that compresses, so a
/// compressed copy is worth making and keeping.
pub fn is_text(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty()
            && TEXT_EXTENSIONS
                .iter()
                .any(|known| known.eq_ignore_ascii_case(ext))
    })
}

/// The extension of each compressed copy `build --compress` writes, after the file's own.
pub const COPIES: [&str; 2] = ["gz", "br"];

/// Gzip at zlib's default level: on the estate's pages the best level (9)
/// takes twice the time for 1.5% less, and browsers that take brotli,
/// nearly all, never fetch the `.gz` (measured in the README).
const GZIP_LEVEL: u32 = 6;

/// Brotli quality for the written copies: 6 takes about the time of gzip at
/// 9 and gives files a quarter smaller; 9 takes four times as long for 8%
/// less, and 11, the best, would take many minutes at estate size
/// (measured in the README).
const BROTLI_QUALITY: i32 = 6;

/// Brotli's widest window (log2 of bytes): 4 MB, wide enough for the
/// downloads' repetition; every browser decodes up to 16 MB (24). A
/// smaller file gets a window just wider than itself, down to
/// [`BROTLI_SMALLEST_WINDOW`]: the encoder sets up tables by the window.
const BROTLI_WINDOW: i32 = 22;

/// The narrowest window given, though brotli allows 10. At quality 6 a
/// window of 16 or less makes this encoder take another way, and on 3,000
/// of the estate's pages (31 MB, all under 64 KB) it took 15.7 s against
/// 1.2 s with 18 and 2.4 s with 22, for files 0.3 points bigger. That
/// way was what made `build --compress` take over 100 s at estate size.
const BROTLI_SMALLEST_WINDOW: i32 = 18;

/// The window for `size` bytes: [`BROTLI_SMALLEST_WINDOW`] up to [`BROTLI_WINDOW`].
fn brotli_window(size: usize) -> i32 {
    let bits = usize::BITS - size.max(1).leading_zeros();
    i32::try_from(bits).map_or(BROTLI_WINDOW, |bits| {
        bits.clamp(BROTLI_SMALLEST_WINDOW, BROTLI_WINDOW)
    })
}

/// `bytes` as one gzip member with no time or name in its header, so the
/// same bytes always give the same file.
pub fn gzip(bytes: &[u8]) -> io::Result<Vec<u8>> {
    let mut encoder = flate2::GzBuilder::new().write(
        Vec::with_capacity(bytes.len() / 4 + 64),
        Compression::new(GZIP_LEVEL),
    );
    encoder.write_all(bytes)?;
    encoder.finish()
}

/// `bytes` as a brotli stream.
pub fn brotli(bytes: &[u8]) -> io::Result<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: BROTLI_QUALITY,
        lgwin: brotli_window(bytes.len()),
        size_hint: bytes.len(),
        mode: brotli::enc::backward_references::BrotliEncoderMode::BROTLI_MODE_TEXT,
        ..Default::default()
    };
    let mut out = Vec::with_capacity(bytes.len() / 5 + 64);
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

/// The compressed copy of `bytes` whose file ends in `.{extension}` (one of [`COPIES`]).
pub fn copy(extension: &str, bytes: &[u8]) -> io::Result<Vec<u8>> {
    match extension {
        "gz" => gzip(bytes),
        "br" => brotli(bytes),
        other => Err(io::Error::other(format!("no compression writes .{other}"))),
    }
}

/// Raw deflate of `bytes`, ended by a sync flush instead of a final block:
/// what `serve` keeps, so that the bytes a response adds (the live-reload
/// script) can follow as a block of their own without compressing the
/// file again. A page is compressed at zlib's default level on the thread
/// that rendered it; a file past [`FAST_ABOVE`] at the fastest level.
pub fn deflate_open(bytes: &[u8]) -> io::Result<Vec<u8>> {
    let level = if bytes.len() > FAST_ABOVE {
        Compression::fast()
    } else {
        Compression::default()
    };
    deflate(bytes, level, FlushCompress::Sync)
}

/// The size past which `serve` compresses a file at the fastest level: no
/// page comes near it, and the data downloads (tens of megabytes each at
/// estate size) are made again after every edit, where the default level
/// took four times as long (3.5 s of CPU against 0.9 s) for 40% less.
pub const FAST_ABOVE: usize = 1 << 20;

/// Raw deflate of `bytes` with a final block: the end of a stream that
/// [`deflate_open`] began, or a whole stream.
pub fn deflate_close(bytes: &[u8]) -> io::Result<Vec<u8>> {
    deflate(bytes, Compression::fast(), FlushCompress::Finish)
}

fn deflate(bytes: &[u8], level: Compression, flush: FlushCompress) -> io::Result<Vec<u8>> {
    let mut compress = Compress::new(level, false);
    let mut out = Vec::with_capacity(bytes.len() / 4 + 64);
    loop {
        let consumed = usize::try_from(compress.total_in()).map_err(io::Error::other)?;
        let rest = bytes.get(consumed..).unwrap_or_default();
        if out.capacity() - out.len() < 64 {
            out.reserve(out.capacity().max(1024));
        }
        let status = compress
            .compress_vec(rest, &mut out, flush)
            .map_err(io::Error::other)?;
        let all_in = compress.total_in() == bytes.len() as u64;
        let done = match flush {
            FlushCompress::Finish => status == Status::StreamEnd,
            // A flush is complete once a call leaves output room unused.
            _ => all_in && out.len() < out.capacity(),
        };
        if done {
            return Ok(out);
        }
    }
}

/// The bytes of a raw deflate stream, expecting about `size` of them.
pub fn inflate(stream: impl Read, size: usize) -> io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(size);
    flate2::read::DeflateDecoder::new(stream).read_to_end(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_told_by_extension_and_pagefind_s_index_is_not() {
        for text in [
            "index.html",
            "a/b/style.CSS",
            "data/actions.csv",
            "feed.xml",
        ] {
            assert!(is_text(text), "{text}");
        }
        for other in [
            "pagefind/index/en_1.pf_index",
            "logo.png",
            "pagefind/wasm.en.pagefind",
            ".html",
            "html",
            "a.html/b",
        ] {
            assert!(!is_text(other), "{other}");
        }
    }

    #[test]
    fn copies_decompress_to_the_original_and_repeat_exactly() {
        let page = "<p>Violence should be reduced.</p>\n".repeat(500);
        let gz = copy("gz", page.as_bytes()).expect("gzip");
        assert_eq!(gz, copy("gz", page.as_bytes()).expect("gzip again"));
        let mut back = String::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_string(&mut back)
            .expect("gunzip");
        assert_eq!(back, page);
        let br = copy("br", page.as_bytes()).expect("brotli");
        let mut back = String::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_string(&mut back)
            .expect("unbrotli");
        assert_eq!(back, page);
        assert!(copy("zst", b"x").is_err());
        assert_eq!(brotli_window(0), BROTLI_SMALLEST_WINDOW);
        assert_eq!(brotli_window(500_000), 19);
        assert_eq!(brotli_window(100_000_000), BROTLI_WINDOW);
    }

    #[test]
    fn an_open_stream_closed_by_another_block_inflates_to_both_parts() {
        for head in ["", "x", &"<p>a page</p>".repeat(10_000)] {
            let mut stream = deflate_open(head.as_bytes()).expect("open");
            stream.extend(deflate_close(b"<script></script></body>").expect("close"));
            let back = inflate(&stream[..], 0).expect("inflate");
            assert_eq!(back, format!("{head}<script></script></body>").as_bytes());
        }
    }
}
