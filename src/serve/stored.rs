//! A file of the site as `serve` holds it: text kept compressed, so an
//! estate-sized site fits a laptop's memory (its pages take a sixth or
//! less of their size), and sent as it is to browsers that take gzip.
//!
//! What a response adds to a page (the live-reload script, which names the
//! build being served and so changes with every rebuild even when the page
//! does not) must not mean compressing the page again for every request.
//! So the page is kept as raw deflate ended by a sync flush, up to the
//! point the script goes; a response closes that stream with one small
//! block of its own (script and the rest of the page), and wraps it in a
//! gzip header and trailer, whose checksum continues from the one kept.
//! A browser that takes no gzip gets the same stream inflated.
//!
//! Compressing is left out of the time a reader waits after an edit: the
//! pages a partial rebuild renders are held as written
//! ([`Stored::Written`]) and sent uncompressed until a quiet moment
//! compresses them ([`Stored::compressed`]), as it refreshes the downloads.

use std::io::{self, Read};

use crate::compress;

/// One file of the site being served.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stored {
    /// A file that compresses poorly (images, Pagefind's gzipped index), as written.
    Plain(Box<[u8]>),
    /// A text file, compressed.
    Deflated(Deflated),
    /// A text file as written, not compressed yet: compressing the pages an
    /// edit renders took a fifth of the edit's time at estate size.
    Written {
        bytes: Box<[u8]>,
        /// Whether responses add the live-reload script (HTML pages only).
        page: bool,
    },
}

/// A text file as an open deflate stream up to where a response may add
/// bytes, and the rest as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deflated {
    /// Raw deflate of the bytes before `tail`, ended by a sync flush.
    head: Box<[u8]>,
    /// What follows the point a response may add bytes at (`</body></html>`
    /// for a page, nothing for other files).
    tail: Box<[u8]>,
    /// The CRC-32 of the bytes `head` holds, for the gzip trailer.
    crc: u32,
    /// How many bytes `head` holds.
    size: usize,
    /// Whether responses add the live-reload script (HTML pages only).
    page: bool,
}

/// How a response's body is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coding {
    Gzip,
    Identity,
}

impl Stored {
    /// Keeps `bytes`, the file at `path`: compressed if it is text, with the
    /// live-reload script's place found if it is a page.
    pub fn new(path: &str, bytes: Vec<u8>) -> Stored {
        match Stored::written(path, bytes) {
            Stored::Written { bytes, page } => Stored::deflated(bytes, page),
            other => other,
        }
    }

    /// Keeps `bytes`, the file at `path`, as written, for
    /// [`Stored::compressed`] to compress later if it is text.
    pub fn written(path: &str, bytes: Vec<u8>) -> Stored {
        let bytes = bytes.into_boxed_slice();
        if compress::is_text(path) {
            let page = super::live::takes_script(path);
            Stored::Written { bytes, page }
        } else {
            Stored::Plain(bytes)
        }
    }

    /// The file compressed, if it is text held as written.
    pub fn compressed(&self) -> Option<Stored> {
        match self {
            Stored::Written { bytes, page } => Some(Stored::deflated(bytes.clone(), *page)),
            Stored::Plain(_) | Stored::Deflated(_) => None,
        }
    }

    /// Text compressed up to the live-reload script's place, if it is a page.
    fn deflated(bytes: Box<[u8]>, page: bool) -> Stored {
        let at = if page {
            super::live::script_place(&bytes)
        } else {
            bytes.len()
        };
        let (before, after) = bytes.split_at(at);
        match compress::deflate_open(before) {
            Ok(head) => Stored::Deflated(Deflated {
                // A copy of exactly its size: the deflater's buffer has room
                // to spare, which mimalloc keeps when a block shrinks by
                // less than half, and the site keeps every file.
                head: head.as_slice().into(),
                tail: after.into(),
                crc: crc32fast::hash(before),
                size: before.len(),
                page,
            }),
            // Not seen in practice; the file is served all the same.
            Err(_) => Stored::Plain(bytes),
        }
    }

    /// Whether a response may come compressed, so caches must tell requests apart by `Accept-Encoding`.
    pub fn is_compressed(&self) -> bool {
        matches!(self, Stored::Deflated(_))
    }

    /// Whether responses add the live-reload script to this file.
    pub fn is_page(&self) -> bool {
        matches!(
            self,
            Stored::Deflated(Deflated { page: true, .. }) | Stored::Written { page: true, .. }
        )
    }

    /// The bytes the file was rendered as, nothing added.
    pub fn plain(&self) -> io::Result<Vec<u8>> {
        self.body(b"", Coding::Identity)
    }

    /// A response's body in `coding`, with `insert` added at the script's
    /// place (nothing is added to a plain file, which has no place for it).
    pub fn body(&self, insert: &[u8], coding: Coding) -> io::Result<Vec<u8>> {
        let deflated = match self {
            Stored::Plain(bytes) => return Ok(bytes.to_vec()),
            Stored::Written { bytes, page } => return Ok(with_insert(bytes, *page, insert)),
            Stored::Deflated(deflated) => deflated,
        };
        let mut rest = Vec::with_capacity(insert.len() + deflated.tail.len());
        rest.extend_from_slice(insert);
        rest.extend_from_slice(&deflated.tail);
        let close = compress::deflate_close(&rest)?;
        match coding {
            Coding::Identity => compress::inflate(
                (&deflated.head[..]).chain(&close[..]),
                deflated.size + rest.len(),
            ),
            Coding::Gzip => {
                let mut crc = crc32fast::Hasher::new_with_initial(deflated.crc);
                crc.update(&rest);
                // The trailer holds the size modulo 2^32, as RFC 1952 says.
                let size = (deflated.size + rest.len()) as u32;
                let mut out = Vec::with_capacity(GZIP_HEADER.len() + deflated.head.len() + 32);
                out.extend_from_slice(&GZIP_HEADER);
                out.extend_from_slice(&deflated.head);
                out.extend_from_slice(&close);
                out.extend_from_slice(&crc.finalize().to_le_bytes());
                out.extend_from_slice(&size.to_le_bytes());
                Ok(out)
            }
        }
    }

    /// The bytes held in memory for this file.
    pub fn held(&self) -> usize {
        match self {
            Stored::Plain(bytes) | Stored::Written { bytes, .. } => bytes.len(),
            Stored::Deflated(deflated) => deflated.head.len() + deflated.tail.len(),
        }
    }
}

/// `bytes` with `insert` at the live-reload script's place, if it is a page.
fn with_insert(bytes: &[u8], page: bool, insert: &[u8]) -> Vec<u8> {
    if !page {
        return bytes.to_vec();
    }
    let (before, after) = bytes.split_at(super::live::script_place(bytes));
    [before, insert, after].concat()
}

/// A gzip member's header: deflate, no flags, no time, no extra flags,
/// operating system unknown (RFC 1952).
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];

#[cfg(test)]
mod tests {
    use super::*;

    fn gunzip(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut out)
            .expect("a gzip stream");
        out
    }

    #[test]
    fn a_page_gets_the_insert_before_its_body_ends_in_both_codings() {
        let page = format!("<html><body>{}</body></html>\n", "<p>x</p>".repeat(2000));
        let stored = Stored::new("a/index.html", page.clone().into_bytes());
        assert!(stored.is_page() && stored.is_compressed());
        assert!(stored.held() < page.len() / 10, "{}", stored.held());
        let want = page.replace("</body>", "<script></script></body>");
        let plain = stored.body(b"<script></script>", Coding::Identity);
        assert_eq!(plain.expect("inflated"), want.as_bytes());
        let gzip = stored
            .body(b"<script></script>", Coding::Gzip)
            .expect("gzip");
        assert_eq!(gunzip(&gzip), want.as_bytes());
        assert_eq!(stored.plain().expect("plain"), page.as_bytes());
    }

    #[test]
    fn a_page_held_as_written_is_served_as_it_will_be_once_compressed() {
        let page = format!("<html><body>{}</body></html>\n", "<p>y</p>".repeat(2000));
        let written = Stored::written("b/index.html", page.clone().into_bytes());
        assert!(written.is_page() && !written.is_compressed());
        assert_eq!(written.held(), page.len());
        let insert = b"<script></script>";
        let served = written.body(insert, Coding::Identity).expect("as written");
        let compressed = written.compressed().expect("text compresses");
        assert!(compressed.is_page() && compressed.is_compressed());
        assert!(compressed.held() < page.len() / 10, "{}", compressed.held());
        assert_eq!(
            served,
            compressed.body(insert, Coding::Identity).expect("inflated")
        );
        assert_eq!(
            gunzip(&compressed.body(insert, Coding::Gzip).expect("gzip")),
            served
        );
        assert!(compressed.compressed().is_none(), "compressed twice");
        let csv = Stored::written("data/a.csv", b"a,b\n".to_vec());
        assert!(!csv.is_page());
        assert_eq!(
            csv.body(insert, Coding::Identity).expect("as written"),
            b"a,b\n"
        );
        let png = Stored::written("logo.png", vec![0x89, b'P']);
        assert!(png.compressed().is_none() && !png.is_compressed());
    }

    #[test]
    fn other_text_is_compressed_whole_and_the_rest_kept_as_it_is() {
        let csv = "a,b\n1,2\n".repeat(100);
        let stored = Stored::new("data/actions.csv", csv.clone().into_bytes());
        assert!(stored.is_compressed() && !stored.is_page());
        let gzip = stored.body(b"", Coding::Gzip).expect("gzip");
        assert_eq!(gunzip(&gzip), csv.as_bytes());
        let png = Stored::new("logo.png", vec![0x89, b'P', b'N', b'G']);
        assert!(!png.is_compressed());
        assert_eq!(
            png.body(b"<x>", Coding::Gzip).expect("as it is"),
            [0x89, b'P', b'N', b'G']
        );
        let empty = Stored::new("empty.txt", Vec::new());
        assert_eq!(gunzip(&empty.body(b"", Coding::Gzip).expect("gzip")), b"");
    }
}
