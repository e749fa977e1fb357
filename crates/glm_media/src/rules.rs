//! The documented limits (reference §2.2) as checks. Each refusal names the file or URL and the rule it broke, so the
//! interface can say exactly why nothing was attached or sent.

use glm_history::{Attachment, AttachmentKind};
use glm_protocol::base64;
use glm_protocol::models::{ModelInfo, ModelKind};

use crate::sniff::{AudioFormat, ImageFormat, extension};

/// "Each under 5 MB": read as 5 MiB of file (before base64).
pub const MAX_IMAGE_BYTES: usize = 5 * 1024 * 1024;
/// "At most 6000×6000 px".
pub const MAX_IMAGE_SIDE: u32 = 6000;
/// `file_url`: "up to 50".
pub const MAX_FILES: usize = 50;
/// Audio: "up to 10 minutes".
pub const MAX_AUDIO_SECONDS: f64 = 600.0;

const IMAGE_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg"];
const VIDEO_EXTENSIONS: &[&str] = &["mp4", "mkv", "mov"];
const FILE_EXTENSIONS: &[&str] = &["pdf", "txt", "doc", "docx", "jsonl", "xlsx", "pptx"];

/// Why an attachment was not added, or a message not sent. `name` is the file name or the URL.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// Not a PNG or JPEG.
    ImageFormat {
        name: String,
    },
    /// 5 MB or more.
    ImageTooBig {
        name: String,
        bytes: usize,
    },
    /// Wider or taller than 6000 px.
    ImageTooLarge {
        name: String,
        width: u32,
        height: u32,
    },
    /// The browser could not decode it.
    ImageUnreadable {
        name: String,
    },
    /// This model takes images by URL only (GLM-4V-Flash).
    NoBase64Images,
    /// More images than the model takes in one message.
    TooManyImages {
        max: u32,
    },
    /// Not an http(s) URL.
    NotAUrl {
        name: String,
    },
    /// A URL whose extension is not one the kind allows.
    UrlFormat {
        name: String,
        kind: AttachmentKind,
    },
    /// This model takes no attachment of this kind.
    KindNotSupported {
        kind: AttachmentKind,
    },
    /// `file_url` together with `image_url` or `video_url` in one message.
    FileWithMedia,
    TooManyFiles,
    /// Not WAV or MP3.
    AudioFormat {
        name: String,
    },
    AudioTooLong {
        name: String,
        seconds: u32,
    },
}

/// A file chosen as an image: its format from its bytes, and its size. The dimensions are checked once the browser
/// has decoded it ([`check_image_size`]).
pub fn check_image_file(name: &str, bytes: &[u8], model: &ModelInfo) -> Result<ImageFormat, Refusal> {
    if model.kind != ModelKind::Vision {
        return Err(Refusal::KindNotSupported {
            kind: AttachmentKind::Image,
        });
    }
    if !model.base64_images {
        return Err(Refusal::NoBase64Images);
    }
    let format = ImageFormat::of(bytes).ok_or_else(|| Refusal::ImageFormat { name: name.into() })?;
    if bytes.len() >= MAX_IMAGE_BYTES {
        return Err(Refusal::ImageTooBig {
            name: name.into(),
            bytes: bytes.len(),
        });
    }
    Ok(format)
}

pub fn check_image_size(name: &str, width: u32, height: u32) -> Result<(), Refusal> {
    if width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE {
        return Err(Refusal::ImageTooLarge {
            name: name.into(),
            width,
            height,
        });
    }
    if width == 0 || height == 0 {
        return Err(Refusal::ImageUnreadable { name: name.into() });
    }
    Ok(())
}

/// A file chosen as audio (glm-4-voice): WAV or MP3. A WAV's length is read from its header here; an MP3's is
/// measured by the browser and checked with [`check_audio_seconds`].
pub fn check_audio_file(name: &str, bytes: &[u8], model: &ModelInfo) -> Result<AudioFormat, Refusal> {
    if model.kind != ModelKind::Voice {
        return Err(Refusal::KindNotSupported {
            kind: AttachmentKind::Audio,
        });
    }
    let format = AudioFormat::of(bytes).ok_or_else(|| Refusal::AudioFormat { name: name.into() })?;
    if format == AudioFormat::Wav
        && let Some(seconds) = crate::wav::duration_seconds(bytes)
    {
        check_audio_seconds(name, seconds)?;
    }
    Ok(format)
}

pub fn check_audio_seconds(name: &str, seconds: f64) -> Result<(), Refusal> {
    if seconds > MAX_AUDIO_SECONDS {
        return Err(Refusal::AudioTooLong {
            name: name.into(),
            seconds: seconds.ceil() as u32,
        });
    }
    Ok(())
}

/// An image, video or file given by URL. It must be http(s); an extension, when the URL has one, must be one the
/// kind allows (video: mp4/mkv/mov; files: pdf/txt/doc(x)/jsonl/xlsx/pptx; images: jpg/jpeg/png). A URL without an
/// extension is left to the server, which fetches it.
pub fn check_url(kind: AttachmentKind, url: &str, model: &ModelInfo) -> Result<(), Refusal> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"));
    if !rest.is_some_and(|r| r.len() > 2 && !r.starts_with('/') && !url.contains(char::is_whitespace)) {
        return Err(Refusal::NotAUrl { name: url.into() });
    }
    supported(kind, model)?;
    let allowed = match kind {
        AttachmentKind::Image => IMAGE_EXTENSIONS,
        AttachmentKind::Video => VIDEO_EXTENSIONS,
        AttachmentKind::File => FILE_EXTENSIONS,
        AttachmentKind::Audio => return Err(Refusal::KindNotSupported { kind }),
    };
    let path = rest.unwrap_or_default().split_once('/').map(|(_, p)| p).unwrap_or("");
    match extension(path) {
        Some(ext) if !allowed.contains(&ext.as_str()) => Err(Refusal::UrlFormat { name: url.into(), kind }),
        _ => Ok(()),
    }
}

fn supported(kind: AttachmentKind, model: &ModelInfo) -> Result<(), Refusal> {
    let ok = match kind {
        AttachmentKind::Image | AttachmentKind::Video => model.kind == ModelKind::Vision,
        AttachmentKind::File => model.kind == ModelKind::Vision && model.file_input,
        AttachmentKind::Audio => model.kind == ModelKind::Voice,
    };
    if ok {
        Ok(())
    } else {
        Err(Refusal::KindNotSupported { kind })
    }
}

/// The whole message, at send time (the model may have changed since the files were attached): every kind must be
/// one the model takes, files never travel with images or video, and the counts stay within the limits.
pub fn check_message(attachments: &[Attachment], model: &ModelInfo) -> Result<(), Refusal> {
    for a in attachments {
        supported(a.kind, model)?;
        if a.kind == AttachmentKind::Image && !model.base64_images && a.url.starts_with("data:") {
            return Err(Refusal::NoBase64Images);
        }
    }
    let count = |kind| attachments.iter().filter(|a| a.kind == kind).count();
    let files = count(AttachmentKind::File);
    if files > 0 && count(AttachmentKind::Image) + count(AttachmentKind::Video) > 0 {
        return Err(Refusal::FileWithMedia);
    }
    if files > MAX_FILES {
        return Err(Refusal::TooManyFiles);
    }
    if count(AttachmentKind::Image) > model.max_images as usize {
        return Err(Refusal::TooManyImages { max: model.max_images });
    }
    Ok(())
}

/// A file kept by value, as the message stores it and the preview shows it.
pub fn data_url(mime: &str, bytes: &[u8]) -> String {
    format!("data:{mime};base64,{}", base64::encode(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use glm_protocol::models::model_info;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    fn att(kind: AttachmentKind, url: &str) -> Attachment {
        Attachment {
            kind,
            name: "n".into(),
            mime: String::new(),
            url: url.into(),
        }
    }

    #[test]
    fn images_are_checked_for_format_size_and_dimensions() {
        let v = model_info("glm-4.5v");
        assert_eq!(check_image_file("a.png", PNG, &v), Ok(ImageFormat::Png));
        assert_eq!(
            check_image_file("a.gif", b"GIF89a....", &v),
            Err(Refusal::ImageFormat { name: "a.gif".into() })
        );
        let mut big = PNG.to_vec();
        big.resize(MAX_IMAGE_BYTES, 0);
        assert_eq!(
            check_image_file("big.png", &big, &v),
            Err(Refusal::ImageTooBig {
                name: "big.png".into(),
                bytes: MAX_IMAGE_BYTES
            })
        );
        big.truncate(MAX_IMAGE_BYTES - 1);
        assert!(check_image_file("big.png", &big, &v).is_ok(), "just under 5 MB");
        assert_eq!(check_image_size("a.png", 6000, 6000), Ok(()));
        assert_eq!(
            check_image_size("w.png", 6001, 10),
            Err(Refusal::ImageTooLarge {
                name: "w.png".into(),
                width: 6001,
                height: 10
            })
        );
        assert!(check_image_size("h.png", 1, 6001).is_err());
        assert_eq!(
            check_image_size("z.png", 0, 0),
            Err(Refusal::ImageUnreadable { name: "z.png".into() })
        );
    }

    #[test]
    fn images_need_a_vision_model_that_takes_base64() {
        assert_eq!(
            check_image_file("a.png", PNG, &model_info("glm-4.5")),
            Err(Refusal::KindNotSupported {
                kind: AttachmentKind::Image
            })
        );
        assert_eq!(
            check_image_file("a.png", PNG, &model_info("glm-4v-flash")),
            Err(Refusal::NoBase64Images)
        );
        assert!(
            check_url(
                AttachmentKind::Image,
                "https://x.test/a.png",
                &model_info("glm-4v-flash")
            )
            .is_ok()
        );
    }

    #[test]
    fn urls_must_be_http_with_an_allowed_extension() {
        let v = model_info("glm-4.6v");
        assert!(check_url(AttachmentKind::Video, "https://x.test/clip.MP4", &v).is_ok());
        assert!(check_url(AttachmentKind::Video, "https://x.test/clip.mov?sig=1", &v).is_ok());
        assert!(
            check_url(AttachmentKind::Video, "http://x.test/stream", &v).is_ok(),
            "no extension"
        );
        assert_eq!(
            check_url(AttachmentKind::Video, "https://x.test/clip.avi", &v),
            Err(Refusal::UrlFormat {
                name: "https://x.test/clip.avi".into(),
                kind: AttachmentKind::Video
            })
        );
        assert!(check_url(AttachmentKind::File, "https://x.test/doc.pdf", &v).is_ok());
        assert!(check_url(AttachmentKind::File, "https://x.test/doc.exe", &v).is_err());
        assert!(check_url(AttachmentKind::Image, "https://x.test/a.webp", &v).is_err());
        assert!(
            check_url(AttachmentKind::Image, "https://x.test.com", &v).is_ok(),
            "a host is not an extension"
        );
        for bad in [
            "ftp://x.test/a.png",
            "data:image/png;base64,AAAA",
            "javascript:alert(1)",
            "https://",
            "x.png",
        ] {
            assert_eq!(
                check_url(AttachmentKind::Image, bad, &v),
                Err(Refusal::NotAUrl { name: bad.into() }),
                "{bad}"
            );
        }
        assert_eq!(
            check_url(
                AttachmentKind::File,
                "https://x.test/doc.pdf",
                &model_info("glm-4v-plus-0111")
            ),
            Err(Refusal::KindNotSupported {
                kind: AttachmentKind::File
            }),
            "file_url only on models with file input"
        );
        assert!(check_url(AttachmentKind::Video, "https://x.test/a.mp4", &model_info("glm-4.5")).is_err());
    }

    #[test]
    fn combinations_and_counts_are_checked_at_send() {
        let v = model_info("glm-4.5v");
        let img = att(AttachmentKind::Image, "data:image/png;base64,AAAA");
        let vid = att(AttachmentKind::Video, "https://x.test/a.mp4");
        let file = att(AttachmentKind::File, "https://x.test/a.pdf");
        assert_eq!(check_message(&[img.clone(), vid.clone()], &v), Ok(()));
        assert_eq!(check_message(std::slice::from_ref(&file), &v), Ok(()));
        assert_eq!(
            check_message(&[file.clone(), img.clone()], &v),
            Err(Refusal::FileWithMedia)
        );
        assert_eq!(check_message(&[vid, file.clone()], &v), Err(Refusal::FileWithMedia));
        assert_eq!(
            check_message(&vec![file; MAX_FILES + 1], &v),
            Err(Refusal::TooManyFiles)
        );
        let plus = model_info("glm-4v-plus-0111");
        assert_eq!(
            check_message(&vec![img.clone(); 6], &plus),
            Err(Refusal::TooManyImages { max: 5 })
        );
        assert_eq!(check_message(&vec![img.clone(); 5], &plus), Ok(()));
        let flash = model_info("glm-4v-flash");
        assert_eq!(
            check_message(std::slice::from_ref(&img), &flash),
            Err(Refusal::NoBase64Images)
        );
        assert_eq!(
            check_message(&vec![att(AttachmentKind::Image, "https://x.test/a.png"); 2], &flash),
            Err(Refusal::TooManyImages { max: 1 })
        );
        assert_eq!(
            check_message(&[img], &model_info("glm-4-voice")),
            Err(Refusal::KindNotSupported {
                kind: AttachmentKind::Image
            })
        );
        let audio = att(AttachmentKind::Audio, "data:audio/wav;base64,AAAA");
        assert_eq!(
            check_message(std::slice::from_ref(&audio), &model_info("glm-4-voice")),
            Ok(())
        );
        assert!(check_message(&[audio], &v).is_err());
        assert_eq!(check_message(&[], &model_info("glm-4.5")), Ok(()));
    }

    #[test]
    fn audio_files_are_wav_or_mp3_up_to_ten_minutes() {
        let voice = model_info("glm-4-voice");
        let short = crate::wav::encode(&[0.0; 1600], 16_000);
        assert_eq!(check_audio_file("a.wav", &short, &voice), Ok(AudioFormat::Wav));
        assert_eq!(check_audio_file("a.mp3", b"ID3\x04\0\0", &voice), Ok(AudioFormat::Mp3));
        assert_eq!(
            check_audio_file("a.ogg", b"OggS\0\0", &voice),
            Err(Refusal::AudioFormat { name: "a.ogg".into() })
        );
        assert!(check_audio_file("a.wav", &short, &model_info("glm-4.5v")).is_err());
        // Eleven minutes of silence at 1 kHz.
        let long = crate::wav::encode(&vec![0.0; 660 * 1000], 1000);
        assert_eq!(
            check_audio_file("long.wav", &long, &voice),
            Err(Refusal::AudioTooLong {
                name: "long.wav".into(),
                seconds: 660
            })
        );
        assert_eq!(check_audio_seconds("x.mp3", 600.0), Ok(()));
    }

    #[test]
    fn data_urls_carry_the_type_and_standard_base64() {
        assert_eq!(data_url("image/png", b"\xfb\xff"), "data:image/png;base64,+/8=");
    }
}
