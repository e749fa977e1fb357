//! Files and the microphone for attachments: a file's bytes, an image's size (the browser decodes it), an audio
//! file's length, and recording speech as float samples with Web Audio. The decisions about them are glm_media's.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{ArrayBuffer, Uint8Array};
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AudioContext, AudioProcessingEvent, Blob, MediaStream, MediaStreamAudioSourceNode, ScriptProcessorNode};

/// The whole content of a file or blob.
pub async fn read_bytes(blob: &Blob) -> Option<Vec<u8>> {
    let buffer = JsFuture::from(blob.array_buffer()).await.ok()?;
    Some(Uint8Array::new(&buffer).to_vec())
}

/// Width and height of an image, decoded by the browser; `None` when it cannot be decoded.
pub async fn image_size(blob: &Blob) -> Option<(u32, u32)> {
    let promise = web_sys::window()?.create_image_bitmap_with_blob(blob).ok()?;
    let bitmap: web_sys::ImageBitmap = JsFuture::from(promise).await.ok()?.dyn_into().ok()?;
    let size = (bitmap.width(), bitmap.height());
    bitmap.close();
    Some(size)
}

/// The length of an audio file in seconds, decoded by the browser.
pub async fn audio_seconds(bytes: &[u8]) -> Option<f64> {
    let context = AudioContext::new().ok()?;
    let buffer: ArrayBuffer = Uint8Array::from(bytes).buffer();
    let decoded = match context.decode_audio_data(&buffer) {
        Ok(p) => JsFuture::from(p).await.ok(),
        Err(_) => None,
    };
    let _ = context.close();
    Some(decoded?.dyn_into::<web_sys::AudioBuffer>().ok()?.duration())
}

/// Why the microphone could not be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MicError {
    #[error("this browser cannot record audio here")]
    Unsupported,
    #[error("the microphone was not allowed or is not there")]
    Denied,
}

/// A recording in progress: the microphone feeds a script processor that copies every block of samples.
pub struct Recording {
    context: AudioContext,
    stream: MediaStream,
    source: MediaStreamAudioSourceNode,
    processor: ScriptProcessorNode,
    samples: Rc<RefCell<Vec<f32>>>,
    _on_audio: Closure<dyn FnMut(AudioProcessingEvent)>,
}

impl Recording {
    /// Asks for the microphone and starts capturing (at 16 kHz where the browser can resample, else its own rate).
    pub async fn start() -> Result<Recording, MicError> {
        let devices = web_sys::window()
            .and_then(|w| w.navigator().media_devices().ok())
            .ok_or(MicError::Unsupported)?;
        let constraints = web_sys::MediaStreamConstraints::new();
        constraints.set_audio(&JsValue::TRUE);
        let promise = devices
            .get_user_media_with_constraints(&constraints)
            .map_err(|_| MicError::Unsupported)?;
        let stream: MediaStream = JsFuture::from(promise)
            .await
            .map_err(|_| MicError::Denied)?
            .dyn_into()
            .map_err(|_| MicError::Denied)?;
        let context = match speech_context() {
            Some(c) => c,
            None => {
                stop_tracks(&stream);
                return Err(MicError::Unsupported);
            }
        };
        let wired = (|| {
            let source = context.create_media_stream_source(&stream).ok()?;
            let processor = context
                .create_script_processor_with_buffer_size_and_number_of_input_channels_and_number_of_output_channels(
                    4096, 1, 1,
                )
                .ok()?;
            Some((source, processor))
        })();
        let Some((source, processor)) = wired else {
            stop_tracks(&stream);
            let _ = context.close();
            return Err(MicError::Unsupported);
        };
        // A context made after an await may start suspended under the autoplay policy; the click allows resuming.
        let _ = context.resume();
        let samples = Rc::new(RefCell::new(Vec::new()));
        let sink = samples.clone();
        let on_audio = Closure::<dyn FnMut(AudioProcessingEvent)>::new(move |ev: AudioProcessingEvent| {
            if let Ok(data) = ev.input_buffer().and_then(|b| b.get_channel_data(0)) {
                sink.borrow_mut().extend_from_slice(&data);
            }
        });
        processor.set_onaudioprocess(Some(on_audio.as_ref().unchecked_ref()));
        // A script processor only runs while connected to the output; it writes silence there.
        let _ = source.connect_with_audio_node(&processor);
        let _ = processor.connect_with_audio_node(&context.destination());
        Ok(Recording {
            context,
            stream,
            source,
            processor,
            samples,
            _on_audio: on_audio,
        })
    }

    /// Seconds captured so far.
    pub fn seconds(&self) -> f64 {
        self.samples.borrow().len() as f64 / f64::from(self.rate())
    }

    fn rate(&self) -> u32 {
        (self.context.sample_rate() as u32).max(1)
    }

    /// Stops the microphone and returns the samples with their rate.
    pub fn finish(self) -> (Vec<f32>, u32) {
        self.processor.set_onaudioprocess(None);
        let _ = self.source.disconnect();
        let _ = self.processor.disconnect();
        stop_tracks(&self.stream);
        let rate = self.rate();
        let _ = self.context.close();
        (self.samples.take(), rate)
    }
}

fn speech_context() -> Option<AudioContext> {
    let options = web_sys::AudioContextOptions::new();
    options.set_sample_rate(glm_media::wav::SPEECH_RATE as f32);
    AudioContext::new_with_context_options(&options)
        .ok()
        .or_else(|| AudioContext::new().ok())
}

fn stop_tracks(stream: &MediaStream) {
    for track in stream.get_tracks() {
        if let Ok(track) = track.dyn_into::<web_sys::MediaStreamTrack>() {
            track.stop();
        }
    }
}
