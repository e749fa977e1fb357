//! Vetting of link and image URLs taken from untrusted model output.

/// Longest link we keep; longer ones are almost certainly junk or an attack on the layout.
const MAX_LINK_LEN: usize = 16 * 1024;
/// Inline images are allowed as `data:` URLs, so they may be big, but not unbounded.
const MAX_IMAGE_LEN: usize = 2 * 1024 * 1024;

/// A URL that may become an `<a href>`: only `http:`, `https:` and `mailto:`.
///
/// Leading/trailing whitespace and control characters are stripped, and so are tabs and
/// newlines anywhere, because the browser's URL parser drops them too (`jav\tascript:` is
/// `javascript:` to a browser). Entities are NOT decoded: the DOM layer sets the attribute as
/// a property, so `&#x09;` stays literal and such a string has no valid scheme at all.
/// Relative URLs and `#anchors` are refused: an embedded chat has no sensible base URL.
pub fn safe_link(url: &str) -> Option<String> {
    let url = clean(url, MAX_LINK_LEN)?;
    let (scheme, rest) = split_scheme(&url)?;
    let ok = match scheme.as_str() {
        "http" | "https" => has_authority(rest),
        "mailto" => !rest.is_empty(),
        _ => false,
    };
    ok.then(|| format!("{scheme}:{rest}"))
}

/// A URL that may become an `<img src>`: `https:` or a base64 `data:image/{png,jpeg,gif,webp}`.
///
/// SVG is refused even as data: it is a document that can carry script and links.
pub fn safe_image(url: &str) -> Option<String> {
    let url = clean(url, MAX_IMAGE_LEN)?;
    let (scheme, rest) = split_scheme(&url)?;
    match scheme.as_str() {
        "https" if has_authority(rest) => Some(format!("https:{rest}")),
        "data" => data_image(rest),
        _ => None,
    }
}

/// `rest` is what follows `data:`; accepts only `image/<raster>;base64,<payload>`.
fn data_image(rest: &str) -> Option<String> {
    let (meta, payload) = rest.split_once(',')?;
    let meta = meta.to_ascii_lowercase();
    let mime = meta.strip_suffix(";base64")?;
    if !matches!(mime, "image/png" | "image/jpeg" | "image/gif" | "image/webp") {
        return None;
    }
    let payload: String = payload.chars().filter(|c| !c.is_whitespace()).collect();
    let base64 = |c: char| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=');
    (!payload.is_empty() && payload.chars().all(base64)).then(|| format!("data:{mime};base64,{payload}"))
}

/// Strips what browsers strip (surrounding whitespace/controls, inner tabs and newlines) plus
/// any other control character, so what we check is what the browser would navigate to.
fn clean(url: &str, max_len: usize) -> Option<String> {
    let junk = |c: char| c.is_control() || c.is_whitespace();
    let trimmed = url.trim_matches(junk);
    if trimmed.is_empty() || trimmed.len() > max_len {
        return None;
    }
    Some(trimmed.chars().filter(|c| !c.is_control()).collect())
}

/// Splits `scheme:rest` with the scheme lower-cased; `None` when there is no valid scheme
/// (a relative URL, an anchor, or something like `jav&#x09;ascript:` that a browser would
/// also treat as relative).
fn split_scheme(url: &str) -> Option<(String, &str)> {
    let (scheme, rest) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| (scheme.to_ascii_lowercase(), rest))
}

/// `//host…` with a non-empty host; browsers also accept `\` for `/` in web URLs.
fn has_authority(rest: &str) -> bool {
    let mut chars = rest.chars();
    let slash = |c: Option<char>| matches!(c, Some('/' | '\\'));
    slash(chars.next()) && slash(chars.next()) && chars.next().is_some_and(|c| !matches!(c, '/' | '\\' | '?' | '#'))
}
