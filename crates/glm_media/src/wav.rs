//! WAV for `input_audio`: the browser captures float samples with Web Audio (Chromium's MediaRecorder only makes
//! webm/opus, which the API does not take) and they are written here as 16-bit mono PCM.

/// The rate recordings are kept at: speech needs no more, and it keeps ten minutes under 20 MB.
pub const SPEECH_RATE: u32 = 16_000;

/// A complete WAV file (RIFF, PCM, 16-bit, mono) of `samples` in -1.0..=1.0 (values outside are clipped).
pub fn encode(samples: &[f32], sample_rate: u32) -> Vec<u8> {
    let data_len = (samples.len() * 2) as u32;
    let mut out = Vec::with_capacity(44 + data_len as usize);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&sample_rate.to_le_bytes());
    out.extend_from_slice(&(sample_rate * 2).to_le_bytes()); // bytes per second
    out.extend_from_slice(&2u16.to_le_bytes()); // bytes per frame
    out.extend_from_slice(&16u16.to_le_bytes()); // bits per sample
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    for &s in samples {
        let s = if s.is_nan() { 0.0 } else { s.clamp(-1.0, 1.0) };
        let v = if s < 0.0 { s * 32768.0 } else { s * 32767.0 };
        out.extend_from_slice(&(v.round() as i16).to_le_bytes());
    }
    out
}

/// Averages `samples` at rate `from` down to rate `to` (a plain box filter: enough for speech). A `to` at or above
/// `from` returns the samples unchanged.
pub fn downsample(samples: &[f32], from: u32, to: u32) -> Vec<f32> {
    if to == 0 || to >= from {
        return samples.to_vec();
    }
    let ratio = f64::from(from) / f64::from(to);
    let count = (samples.len() as f64 / ratio).floor() as usize;
    (0..count)
        .map(|i| {
            let start = (i as f64 * ratio) as usize;
            let end = (((i + 1) as f64 * ratio) as usize).clamp(start + 1, samples.len());
            let window = &samples[start..end];
            window.iter().sum::<f32>() / window.len() as f32
        })
        .collect()
}

/// The length of a WAV file in seconds, from its `fmt ` byte rate and the `data` it really holds. `None` when the
/// header cannot be read.
pub fn duration_seconds(bytes: &[u8]) -> Option<f64> {
    if bytes.len() < 12 || &bytes[..4] != b"RIFF" || &bytes[8..12] != b"WAVE" {
        return None;
    }
    let u32_at = |i: usize| -> Option<u32> { Some(u32::from_le_bytes(bytes.get(i..i + 4)?.try_into().ok()?)) };
    let mut at = 12;
    let mut byte_rate = None;
    while at + 8 <= bytes.len() {
        let id = &bytes[at..at + 4];
        let size = u32_at(at + 4)? as usize;
        let body = at + 8;
        match id {
            b"fmt " => byte_rate = u32_at(body + 8).filter(|r| *r > 0),
            b"data" => {
                let held = size.min(bytes.len() - body);
                return Some(held as f64 / f64::from(byte_rate?));
            }
            _ => {}
        }
        // Chunks are padded to an even length.
        at = body.checked_add(size)?.checked_add(size & 1)?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_is_canonical_pcm16_mono() {
        let wav = encode(&[0.0, 1.0, -1.0, 0.5, 2.0, f32::NAN], 16_000);
        assert_eq!(wav.len(), 44 + 12);
        assert_eq!(&wav[0..4], b"RIFF");
        assert_eq!(u32::from_le_bytes(wav[4..8].try_into().unwrap()), 36 + 12);
        assert_eq!(&wav[8..16], b"WAVEfmt ");
        assert_eq!(u32::from_le_bytes(wav[16..20].try_into().unwrap()), 16);
        assert_eq!(u16::from_le_bytes(wav[20..22].try_into().unwrap()), 1, "PCM");
        assert_eq!(u16::from_le_bytes(wav[22..24].try_into().unwrap()), 1, "mono");
        assert_eq!(u32::from_le_bytes(wav[24..28].try_into().unwrap()), 16_000);
        assert_eq!(u32::from_le_bytes(wav[28..32].try_into().unwrap()), 32_000);
        assert_eq!(u16::from_le_bytes(wav[32..34].try_into().unwrap()), 2);
        assert_eq!(u16::from_le_bytes(wav[34..36].try_into().unwrap()), 16);
        assert_eq!(&wav[36..40], b"data");
        assert_eq!(u32::from_le_bytes(wav[40..44].try_into().unwrap()), 12);
        let samples: Vec<i16> = wav[44..].chunks(2).map(|c| i16::from_le_bytes([c[0], c[1]])).collect();
        assert_eq!(
            samples,
            vec![0, 32767, -32768, 16384, 32767, 0],
            "clipped, NaN as silence"
        );
    }

    #[test]
    fn duration_reads_back_and_odd_chunks_are_skipped() {
        let wav = encode(&vec![0.0; 8_000], 16_000);
        assert_eq!(duration_seconds(&wav), Some(0.5));
        // A LIST chunk of odd length before fmt: padded, then skipped.
        let mut with_list = wav[..12].to_vec();
        with_list.extend_from_slice(b"LIST\x03\0\0\0abc\0");
        with_list.extend_from_slice(&wav[12..]);
        assert_eq!(duration_seconds(&with_list), Some(0.5));
        // A truncated file counts what it holds, not what its header claims.
        assert_eq!(duration_seconds(&wav[..44 + 16_000]), Some(0.5));
        assert_eq!(duration_seconds(&wav[..44 + 8_000]), Some(0.25));
        assert_eq!(duration_seconds(b"RIFF\0\0\0\0WAVE"), None);
        assert_eq!(duration_seconds(b"not a wav at all"), None);
    }

    #[test]
    fn downsampling_averages_and_keeps_the_length_in_proportion() {
        let input: Vec<f32> = (0..48).map(|i| (i % 3) as f32).collect();
        let out = downsample(&input, 48_000, 16_000);
        assert_eq!(out.len(), 16);
        assert!(out.iter().all(|v| (*v - 1.0).abs() < 1e-6));
        assert_eq!(downsample(&input, 16_000, 16_000), input);
        assert_eq!(downsample(&vec![0.5; 44_100], 44_100, 16_000).len(), 16_000);
    }
}
