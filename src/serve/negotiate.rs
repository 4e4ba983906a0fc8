//! Which coding a response to one request takes, from its `Accept-Encoding`
//! (RFC 9110, section 12.5.3): `serve` holds text as gzip, so it can send
//! gzip as it is or the same bytes inflated, and nothing else.

use super::stored::Coding;

/// The coding to send for the `Accept-Encoding` values of a request, or
/// `None` when the request refuses both gzip and identity (a 406).
///
/// A coding's weight is its own entry's `q` (`x-gzip` is gzip), else that
/// of `*`, else none for gzip; identity unnamed is the last resort, taken
/// only when gzip is refused, and is refused only by `identity;q=0` or by
/// `*;q=0` with no entry of its own. The higher weight wins; gzip wins a
/// tie, being smaller. With no
/// header at all, the response is not compressed: a client that says
/// nothing may not decode anything.
pub fn coding<'a>(values: impl IntoIterator<Item = &'a str>) -> Option<Coding> {
    let mut any = false;
    let (mut gzip, mut identity, mut star) = (None, None, None);
    for entry in values.into_iter().flat_map(|value| value.split(',')) {
        any = true;
        let mut parts = entry.split(';');
        let name = parts.next().unwrap_or_default().trim();
        if name.is_empty() {
            continue;
        }
        let Some(weight) = weight(parts) else {
            continue;
        };
        let slot = if name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip") {
            &mut gzip
        } else if name.eq_ignore_ascii_case("identity") {
            &mut identity
        } else if name == "*" {
            &mut star
        } else {
            continue;
        };
        // Two entries for one coding: the better one counts.
        *slot = Some(slot.map_or(weight, |old: u16| old.max(weight)));
    }
    if !any {
        return Some(Coding::Identity);
    }
    let gzip = gzip.or(star).unwrap_or(0);
    let identity = identity.or(star).unwrap_or(1);
    match (gzip, identity) {
        (0, 0) => None,
        (gzip, identity) if gzip >= identity => Some(Coding::Gzip),
        _ => Some(Coding::Identity),
    }
}

/// An entry's `q` in thousandths (1000 when absent), or `None` when it is
/// not a weight RFC 9110 allows, so the entry is ignored.
fn weight<'a>(parameters: impl Iterator<Item = &'a str>) -> Option<u16> {
    let mut weight = 1000;
    for parameter in parameters {
        let (key, value) = parameter.split_once('=')?;
        if !key.trim().eq_ignore_ascii_case("q") {
            continue;
        }
        weight = thousandths(value.trim())?;
    }
    Some(weight)
}

/// `0`, `0.5`, `1.000` and the like, as RFC 9110's `qvalue` allows.
fn thousandths(value: &str) -> Option<u16> {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits = format!("{fraction:0<3}");
    match whole {
        "0" => digits.parse().ok(),
        "1" if digits == "000" => Some(1000),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pick(value: &str) -> Option<Coding> {
        coding([value])
    }

    #[test]
    fn browsers_get_gzip_and_clients_that_say_nothing_get_plain_bytes() {
        assert_eq!(pick("gzip, deflate, br, zstd"), Some(Coding::Gzip));
        assert_eq!(pick("br;q=1.0, gzip;q=0.8, *;q=0.1"), Some(Coding::Gzip));
        assert_eq!(pick("X-GZIP"), Some(Coding::Gzip));
        assert_eq!(coding([]), Some(Coding::Identity));
        assert_eq!(pick(""), Some(Coding::Identity));
        assert_eq!(pick("br"), Some(Coding::Identity));
        assert_eq!(pick("identity"), Some(Coding::Identity));
        assert_eq!(coding(["br", "gzip"]), Some(Coding::Gzip));
    }

    #[test]
    fn weights_and_the_star_decide() {
        assert_eq!(pick("*"), Some(Coding::Gzip));
        assert_eq!(pick("gzip;q=0"), Some(Coding::Identity));
        assert_eq!(pick("gzip;q=0.5, identity;q=0.9"), Some(Coding::Identity));
        assert_eq!(pick("gzip;q=0.9, identity;q=0.9"), Some(Coding::Gzip));
        assert_eq!(pick("*;q=0, gzip"), Some(Coding::Gzip));
        assert_eq!(pick("gzip;q=0.001"), Some(Coding::Gzip));
        assert_eq!(pick("*;q=0.5"), Some(Coding::Gzip));
        assert_eq!(pick("identity;q=0, gzip;q=0.001"), Some(Coding::Gzip));
        assert_eq!(pick("*;q=0"), None);
        assert_eq!(pick("identity;q=0"), None);
        assert_eq!(pick("gzip;q=0, identity;q=0"), None);
    }

    #[test]
    fn malformed_entries_are_ignored_and_nothing_panics() {
        assert_eq!(pick("gzip;q=2"), Some(Coding::Identity));
        assert_eq!(pick("gzip;q=0.1234"), Some(Coding::Identity));
        assert_eq!(pick("gzip;q"), Some(Coding::Identity));
        assert_eq!(pick("gzip;q=-1, identity;q=x"), Some(Coding::Identity));
        assert_eq!(pick(",,;;=,gzip ; Q=0.5"), Some(Coding::Gzip));
        assert_eq!(pick("gzip;level=9"), Some(Coding::Gzip));
        for odd in ["\u{0}", "é;q=é", ";", "=", "q=1", "*;q=1.", "gzip;q=.5"] {
            let _ = pick(odd);
        }
    }
}
