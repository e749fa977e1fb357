//! HTML character references: every numeric one, and the named ones that people and models actually write
//! (punctuation, quotes, arrows, maths and a few Greek letters).
//!
//! The full HTML table has 2,125 names and would cost about 20 KB of wasm; an unknown name stays literal text
//! (`&hearts;` shows as written), which is harmless: nothing here is ever interpreted as HTML.

/// Named references, sorted by name for a binary search.
#[rustfmt::skip]
const NAMED: &[(&str, &str)] = &[
    ("Delta", "Δ"), ("Omega", "Ω"), ("Sigma", "Σ"), ("alpha", "α"), ("amp", "&"), ("apos", "'"), ("approx", "≈"),
    ("asymp", "≈"), ("beta", "β"), ("bull", "•"), ("cent", "¢"), ("check", "✓"), ("copy", "©"), ("darr", "↓"),
    ("deg", "°"), ("delta", "δ"), ("divide", "÷"), ("emsp", "\u{2003}"), ("ensp", "\u{2002}"), ("epsilon", "ε"),
    ("equiv", "≡"), ("euro", "€"), ("frac12", "½"), ("frac14", "¼"), ("frac34", "¾"), ("gamma", "γ"), ("ge", "≥"),
    ("gt", ">"), ("hArr", "⇔"), ("harr", "↔"), ("hellip", "…"), ("infin", "∞"), ("int", "∫"), ("isin", "∈"),
    ("lArr", "⇐"), ("lambda", "λ"), ("laquo", "«"), ("larr", "←"), ("ldquo", "“"), ("le", "≤"), ("lsquo", "‘"),
    ("lt", "<"), ("mdash", "—"), ("micro", "µ"), ("middot", "·"), ("minus", "−"), ("mu", "μ"), ("nabla", "∇"),
    ("nbsp", "\u{a0}"), ("ndash", "–"), ("ne", "≠"), ("notin", "∉"), ("omega", "ω"), ("para", "¶"), ("part", "∂"),
    ("phi", "φ"), ("pi", "π"), ("plusmn", "±"), ("pound", "£"), ("prod", "∏"), ("quot", "\""), ("rArr", "⇒"),
    ("radic", "√"), ("raquo", "»"), ("rarr", "→"), ("rdquo", "”"), ("reg", "®"), ("rsquo", "’"), ("sect", "§"),
    ("shy", "\u{ad}"), ("sigma", "σ"), ("sum", "∑"), ("sup2", "²"), ("sup3", "³"), ("tau", "τ"), ("theta", "θ"),
    ("thinsp", "\u{2009}"), ("times", "×"), ("trade", "™"), ("uarr", "↑"), ("yen", "¥"), ("zwj", "\u{200d}"),
    ("zwnj", "\u{200c}"),
];

/// The character reference at the start of `s` (which starts with `&`): what it stands for and its length.
pub(crate) fn entity_at(s: &str) -> Option<(Decoded, usize)> {
    let body = s.strip_prefix('&')?;
    let end = body.find(';')?;
    let name = &body[..end];
    let len = end + 2;
    if let Some(num) = name.strip_prefix('#') {
        let (digits, radix, max) = match num.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 6),
            None => (num, 10, 7),
        };
        if digits.is_empty() || digits.len() > max || !digits.chars().all(|c| c.is_digit(radix)) {
            return None;
        }
        let code = u32::from_str_radix(digits, radix).ok()?;
        // NUL and surrogates are replaced, as HTML does.
        let c = char::from_u32(code).filter(|&c| c != '\0').unwrap_or('\u{fffd}');
        return Some((Decoded::Char(c), len));
    }
    if name.is_empty() || name.len() > 31 || !name.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let i = NAMED.binary_search_by(|(n, _)| n.cmp(&name)).ok()?;
    Some((Decoded::Str(NAMED[i].1), len))
}

pub(crate) enum Decoded {
    Char(char),
    Str(&'static str),
}

impl Decoded {
    pub fn push_to(&self, out: &mut String) {
        match self {
            Decoded::Char(c) => out.push(*c),
            Decoded::Str(s) => out.push_str(s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(s: &str) -> Option<(String, usize)> {
        entity_at(s).map(|(d, n)| {
            let mut out = String::new();
            d.push_to(&mut out);
            (out, n)
        })
    }

    #[test]
    fn table_is_sorted_for_the_binary_search() {
        assert!(NAMED.windows(2).all(|w| w[0].0 < w[1].0), "NAMED is not sorted");
    }

    #[test]
    fn named_numeric_and_invalid_references() {
        assert_eq!(decode("&amp;rest"), Some(("&".into(), 5)));
        assert_eq!(decode("&nbsp;"), Some(("\u{a0}".into(), 6)));
        assert_eq!(decode("&hellip;"), Some(("…".into(), 8)));
        assert_eq!(decode("&#35;"), Some(("#".into(), 5)));
        assert_eq!(decode("&#x4E2D;"), Some(("中".into(), 8)));
        assert_eq!(decode("&#X1F600;"), Some(("😀".into(), 9)));
        assert_eq!(decode("&#0;"), Some(("\u{fffd}".into(), 4)));
        assert_eq!(decode("&#xD800;"), Some(("\u{fffd}".into(), 8)));
        assert_eq!(decode("&#12345678;"), None);
        assert_eq!(decode("&#;"), None);
        assert_eq!(decode("&#xZ;"), None);
        assert_eq!(decode("&nosuchname;"), None);
        assert_eq!(decode("&amp"), None);
        assert_eq!(decode("& amp;"), None);
    }
}
