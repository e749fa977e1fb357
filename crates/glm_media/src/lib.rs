//! Images, video, files and audio sent with a message: checked against the documented limits (reference §2.2)
//! before anything is sent, fitted to what the chosen model takes, and recorded speech encoded as WAV.
//!
//! Pure Rust like `glm_protocol`: the browser adapters read the bytes, decode the image and capture the samples;
//! everything decided about them is here and tested on the host.

pub mod fit;
pub mod rules;
pub mod sniff;
pub mod wav;

pub use fit::fit_to_model;
pub use rules::{
    MAX_AUDIO_SECONDS, MAX_FILES, MAX_IMAGE_BYTES, MAX_IMAGE_SIDE, Refusal, check_audio_file, check_audio_seconds,
    check_image_file, check_image_size, check_message, check_url, data_url,
};
pub use sniff::{AudioFormat, ImageFormat};
