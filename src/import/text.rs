//! Decoding an exported plan into clean text, whatever the exporter wrote.
//!
//! Exports arrive as UTF-8 (with or without a byte-order mark), UTF-16 with a
//! mark, or Windows-1252 from older office tools, with CRLF or LF line ends.

use encoding_rs::{UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// Turns the bytes of an export into text with `\n` line ends.
pub fn decode(bytes: &[u8]) -> String {
    let text = match encoding_rs::Encoding::for_bom(bytes) {
        Some((encoding, bom_length)) if encoding == UTF_16LE || encoding == UTF_16BE => {
            encoding.decode_without_bom_handling(&bytes[bom_length..]).0
        }
        Some((_, bom_length)) => UTF_8.decode_without_bom_handling(&bytes[bom_length..]).0,
        None => match std::str::from_utf8(bytes) {
            Ok(text) => text.into(),
            // Not UTF-8: the office exports of the period are Windows-1252.
            Err(_) => WINDOWS_1252.decode_without_bom_handling(bytes).0,
        },
    };
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn strips_a_utf8_byte_order_mark_and_crlf() {
        assert_eq!(decode(b"\xEF\xBB\xBFa\r\nb\r\n"), "a\nb\n");
    }

    #[test]
    fn reads_windows_1252_quotes_and_dashes() {
        // 0x93/0x94 are curly double quotes and 0x96 an en dash in Windows-1252.
        assert_eq!(
            decode(b"\x93Safety\x94 5 \x96 25"),
            "\u{201c}Safety\u{201d} 5 \u{2013} 25"
        );
    }

    #[test]
    fn reads_utf16_with_a_byte_order_mark() {
        assert_eq!(decode(b"\xFF\xFEH\x00i\x00\r\x00\n\x00"), "Hi\n");
    }
}
