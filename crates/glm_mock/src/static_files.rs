//! Serves the built app from `--static DIR` (under `--base`, `/` by default): MIME types, the SPA fallback, no path
//! traversal, and the meta tag that points the app at this server as its default endpoint.

use std::path::{Path, PathBuf};

use crate::http::{Request, Response};

/// The file for `request.path` under `base` (which starts and ends with `/`), `index.html` for the base and
/// extension-less unknown paths below it, a redirect from the base without its slash, or `None` (404).
pub fn serve(dir: &Path, base: &str, request: &Request, fallback_host: &str) -> Option<Response> {
    if base.len() > 1 && request.path == base[..base.len() - 1] {
        // Like any static host: `/tools/chat` -> `/tools/chat/`, so the app's relative URLs resolve below it.
        return Some(Response::empty(301).with("Location", base.to_string()));
    }
    let relative = safe_relative(request.path.strip_prefix(base)?)?;
    let mut file = dir.join(&relative);
    if file.is_dir() {
        file = file.join("index.html");
    }
    if !file.is_file() {
        if relative.extension().is_some() {
            return None;
        }
        file = dir.join("index.html");
    }
    let extension = file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if file.file_name().is_some_and(|n| n == "index.html") {
        let host = request
            .header("host")
            .filter(|h| is_plain_host(h))
            .unwrap_or(fallback_host);
        let bytes = inject_endpoint(&std::fs::read(&file).ok()?, host);
        return Some(Response::new(200, mime_type(&extension), bytes).with("Cache-Control", "no-cache"));
    }
    // Like a host with gzip_static: the build's precompressed copy (`FILE.gz`) when the browser takes gzip.
    let gzipped = file.with_file_name(format!("{}.gz", file.file_name()?.to_string_lossy()));
    if accepts_gzip(request)
        && let Ok(bytes) = std::fs::read(&gzipped)
    {
        return Some(
            Response::new(200, mime_type(&extension), bytes)
                .with("Content-Encoding", "gzip")
                .with("Vary", "Accept-Encoding")
                .with("Cache-Control", "no-cache"),
        );
    }
    let bytes = std::fs::read(&file).ok()?;
    Some(Response::new(200, mime_type(&extension), bytes).with("Cache-Control", "no-cache"))
}

/// Whether the request's `Accept-Encoding` lists gzip (without `q=0`).
fn accepts_gzip(request: &Request) -> bool {
    request.header("accept-encoding").is_some_and(|list| {
        list.split(',').any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            parts.next().is_some_and(|name| name.eq_ignore_ascii_case("gzip"))
                && parts.all(|p| !matches!(p.replace(' ', "").as_str(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"))
        })
    })
}

pub fn mime_type(extension: &str) -> &'static str {
    match extension {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" | "md" => "text/plain; charset=utf-8",
        "wav" => "audio/wav",
        "mp4" => "video/mp4",
        _ => "application/octet-stream",
    }
}

/// The URL path as a relative file path, or `None` if it tries to leave the directory.
fn safe_relative(path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(path)?;
    let mut out = PathBuf::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            p if p.contains(['\\', '\0', ':']) => return None,
            p => out.push(p),
        }
    }
    Some(out)
}

fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let (mut out, mut i) = (Vec::with_capacity(bytes.len()), 0);
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = path.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Host headers made only of name, IPv4/IPv6 and port characters; anything else is ignored.
fn is_plain_host(host: &str) -> bool {
    !host.is_empty() && host.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
}

/// Inserts `<meta name="glm-chat-default-endpoint" content="http://HOST/api/paas/v4">` right after `<head>`, or
/// after `<html>` or the doctype when a minifier left out the optional `<head>` tag (never before the doctype,
/// which would put the page in quirks mode).
pub fn inject_endpoint(html: &[u8], host: &str) -> Vec<u8> {
    let meta = format!("<meta name=\"glm-chat-default-endpoint\" content=\"http://{host}/api/paas/v4\">");
    let text = String::from_utf8_lossy(html);
    let lower = text.to_ascii_lowercase();
    let after_tag = |tag: &str| {
        lower
            .match_indices(tag)
            .find(|(i, _)| lower[i + tag.len()..].starts_with(['>', ' ', '\t', '\n', '\r']))
            .and_then(|(i, _)| lower[i..].find('>').map(|end| i + end + 1))
    };
    match after_tag("<head")
        .or_else(|| after_tag("<html"))
        .or_else(|| after_tag("<!doctype"))
    {
        Some(at) => format!("{}{meta}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{meta}{text}").into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused() {
        assert!(safe_relative("/../etc/passwd").is_none());
        assert!(safe_relative("/a/%2e%2e/%2e%2e/secret").is_none());
        assert!(safe_relative("/a\\..\\b").is_none());
        assert_eq!(safe_relative("/pkg/app.wasm"), Some(PathBuf::from("pkg/app.wasm")));
    }

    #[test]
    fn meta_goes_right_after_head_but_not_after_header() {
        let html = b"<html><header></header><HEAD lang=\"en\"><title>x</title></head></html>";
        let out = String::from_utf8(inject_endpoint(html, "127.0.0.1:9")).unwrap();
        assert!(out.contains("<HEAD lang=\"en\"><meta name=\"glm-chat-default-endpoint\" content=\"http://127.0.0.1:9/api/paas/v4\"><title>"));
    }

    #[test]
    fn meta_never_goes_before_the_doctype() {
        let minified = b"<!doctype html><html lang=en><meta charset=utf-8><title>x</title>";
        let out = String::from_utf8(inject_endpoint(minified, "h:1")).unwrap();
        assert!(
            out.starts_with("<!doctype html><html lang=en><meta name=\"glm-chat-default-endpoint\""),
            "{out}"
        );
    }

    fn get(path: &str, accept_encoding: Option<&str>) -> Request {
        let mut headers = vec![("host".to_string(), "h:1".to_string())];
        if let Some(a) = accept_encoding {
            headers.push(("accept-encoding".to_string(), a.to_string()));
        }
        Request {
            method: "GET".into(),
            path: path.into(),
            headers,
            body: Vec::new(),
        }
    }

    #[test]
    fn the_precompressed_copy_goes_to_browsers_that_take_gzip() {
        let dir = std::env::temp_dir().join(format!("glm-mock-static-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("app.wasm"), b"raw bytes").unwrap();
        std::fs::write(dir.join("app.wasm.gz"), b"gzipped").unwrap();
        std::fs::write(dir.join("plain.css"), b"a{}").unwrap();
        let header = |r: &Response, name: &str| r.headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone());

        let r = serve(&dir, "/", &get("/app.wasm", Some("gzip, deflate, br")), "h:1").unwrap();
        assert_eq!(r.body, b"gzipped");
        assert_eq!(header(&r, "Content-Encoding").as_deref(), Some("gzip"));
        assert_eq!(header(&r, "Content-Type").as_deref(), Some("application/wasm"));
        for refused in [None, Some("br"), Some("gzip;q=0, br")] {
            let r = serve(&dir, "/", &get("/app.wasm", refused), "h:1").unwrap();
            assert_eq!(r.body, b"raw bytes", "{refused:?}");
            assert_eq!(header(&r, "Content-Encoding"), None);
        }
        // No copy: the file as it is.
        let r = serve(&dir, "/", &get("/plain.css", Some("gzip")), "h:1").unwrap();
        assert_eq!(r.body, b"a{}");
        assert_eq!(header(&r, "Content-Encoding"), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn hostile_hosts_are_rejected() {
        assert!(is_plain_host("localhost:8787"));
        assert!(is_plain_host("[::1]:8787"));
        assert!(!is_plain_host("x\"><script>"));
    }
}
