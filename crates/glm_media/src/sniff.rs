//! What a file really is, from its first bytes: a name or a browser-reported type can lie, the signature cannot.

/// The image formats the API takes (jpg/jpeg/png).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Png,
    Jpeg,
}

impl ImageFormat {
    pub fn of(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(ImageFormat::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(ImageFormat::Jpeg)
        } else {
            None
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            ImageFormat::Png => "image/png",
            ImageFormat::Jpeg => "image/jpeg",
        }
    }
}

/// The audio formats `input_audio` takes (wav, mp3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AudioFormat {
    Wav,
    Mp3,
}

impl AudioFormat {
    pub fn of(bytes: &[u8]) -> Option<Self> {
        if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WAVE" {
            Some(AudioFormat::Wav)
        } else if bytes.starts_with(b"ID3") || (bytes.len() >= 2 && bytes[0] == 0xFF && bytes[1] & 0xE0 == 0xE0) {
            Some(AudioFormat::Mp3)
        } else {
            None
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            AudioFormat::Wav => "audio/wav",
            AudioFormat::Mp3 => "audio/mpeg",
        }
    }
}

/// The lower-case extension of the last path segment of a name or URL (query and fragment ignored).
pub fn extension(name: &str) -> Option<String> {
    let path = name.split(['?', '#']).next().unwrap_or("");
    let last = path.rsplit('/').next().unwrap_or("");
    let (stem, ext) = last.rsplit_once('.')?;
    (!stem.is_empty() && !ext.is_empty()).then(|| ext.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_decide_the_format() {
        assert_eq!(ImageFormat::of(b"\x89PNG\r\n\x1a\n...."), Some(ImageFormat::Png));
        assert_eq!(ImageFormat::of(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(ImageFormat::Jpeg));
        assert_eq!(ImageFormat::of(b"GIF89a"), None);
        assert_eq!(ImageFormat::of(b"RIFF\0\0\0\0WEBPVP8 "), None);
        assert_eq!(AudioFormat::of(b"RIFF\x24\0\0\0WAVEfmt "), Some(AudioFormat::Wav));
        assert_eq!(AudioFormat::of(b"ID3\x04"), Some(AudioFormat::Mp3));
        assert_eq!(AudioFormat::of(&[0xFF, 0xFB, 0x90]), Some(AudioFormat::Mp3));
        assert_eq!(AudioFormat::of(b"OggS"), None);
        assert_eq!(AudioFormat::of(&[0x1A, 0x45, 0xDF, 0xA3]), None, "webm");
    }

    #[test]
    fn extensions_come_from_the_last_segment() {
        assert_eq!(extension("a/b/Clip.MP4?x=1#t").as_deref(), Some("mp4"));
        assert_eq!(extension("https://x.test/v1.2/video").as_deref(), None);
        assert_eq!(extension("report.tar.gz").as_deref(), Some("gz"));
        assert_eq!(extension(".hidden"), None);
        assert_eq!(extension("https://cdn.test/img"), None);
    }
}
