//! Property tests: however the body is cut into reads, the reply is the same; arbitrary input never panics.

mod common;

use common::*;
use glm_protocol::{Reply, SseDecoder, StreamReader};
use proptest::prelude::*;

/// Cuts `bytes` at the given offsets (taken modulo the length, sorted, deduplicated).
fn cut<'a>(bytes: &'a [u8], offsets: &[usize]) -> Vec<&'a [u8]> {
    let mut points: Vec<usize> = offsets.iter().map(|o| o % (bytes.len() + 1)).collect();
    points.sort_unstable();
    points.dedup();
    let mut pieces = Vec::new();
    let mut start = 0;
    for p in points {
        pieces.push(&bytes[start..p]);
        start = p;
    }
    pieces.push(&bytes[start..]);
    pieces
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_splitting_never_changes_the_reply(
        which in 0..FIXTURES.len(),
        offsets in proptest::collection::vec(any::<usize>(), 0..40),
        crlf in any::<bool>(),
    ) {
        let raw = fixture(FIXTURES[which]);
        let bytes = if crlf { with_crlf(&raw) } else { raw };
        prop_assert_eq!(read_chunks(cut(&bytes, &offsets)), read_whole(&bytes));
    }

    #[test]
    fn any_text_survives_encoding_and_random_splitting(
        parts in proptest::collection::vec(any::<String>(), 1..6),
        offsets in proptest::collection::vec(any::<usize>(), 0..20),
    ) {
        let mut body = String::new();
        for part in &parts {
            let chunk = serde_json::json!({"choices": [{"index": 0, "delta": {"content": part}}]});
            body.push_str(&format!("data: {chunk}\r\n\r\n"));
        }
        body.push_str("data: [DONE]\n\n");
        let reply = read_chunks(cut(body.as_bytes(), &offsets));
        prop_assert_eq!(reply.content, parts.concat());
        prop_assert!(reply.error.is_none());
    }

    #[test]
    fn arbitrary_bytes_never_panic(chunks in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..64), 0..8)) {
        let mut decoder = SseDecoder::new();
        let mut reader = StreamReader::new();
        let mut reply = Reply::default();
        for chunk in &chunks {
            decoder.feed(chunk);
            reader.feed(chunk, &mut reply);
        }
        decoder.finish();
        reader.finish(&mut reply);
        prop_assert!(reply.is_finished());
    }

    #[test]
    fn arbitrary_sse_shaped_text_never_panics(
        lines in proptest::collection::vec("(data|event|id|retry|:)?:? ?[\\[\\]{}\"a-z0-9,:DONE]{0,20}(\r\n|\n|\r)?", 0..30),
    ) {
        let body = lines.concat();
        let reply = read_whole(body.as_bytes());
        prop_assert!(reply.is_finished());
        let bytes = body.as_bytes();
        for at in 0..=bytes.len() {
            prop_assert_eq!(&read_split_at(bytes, at), &reply);
        }
    }
}
