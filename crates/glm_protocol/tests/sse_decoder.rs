//! The SSE decoder on its own: line endings, fields, splitting, end of input.

use glm_protocol::{SseDecoder, SseEvent, StreamEnd};

fn msg(data: &str) -> SseEvent {
    SseEvent::Message {
        event: None,
        data: data.to_string(),
    }
}

fn named(event: &str, data: &str) -> SseEvent {
    SseEvent::Message {
        event: Some(event.to_string()),
        data: data.to_string(),
    }
}

/// Feeds the reads, then finishes; returns every event and how the stream ended.
fn decode(chunks: &[&[u8]]) -> (Vec<SseEvent>, StreamEnd) {
    let mut decoder = SseDecoder::new();
    let mut events: Vec<SseEvent> = chunks.iter().flat_map(|c| decoder.feed(c)).collect();
    let (tail, end) = decoder.finish();
    events.extend(tail);
    (events, end)
}

fn decode_str(text: &str) -> (Vec<SseEvent>, StreamEnd) {
    decode(&[text.as_bytes()])
}

#[test]
fn lf_events_and_done() {
    let (events, end) = decode_str("data: a\n\ndata: b\n\ndata: [DONE]\n\n");
    assert_eq!(events, vec![msg("a"), msg("b"), SseEvent::Done]);
    assert_eq!(end, StreamEnd::Done);
}

#[test]
fn crlf_and_bare_cr_line_endings() {
    for body in [
        "data: a\r\n\r\ndata: b\r\n\r\n",
        "data: a\r\rdata: b\r\r",
        "data: a\r\n\ndata: b\n\r\n",
    ] {
        let (events, end) = decode_str(body);
        assert_eq!(events, vec![msg("a"), msg("b")], "body {body:?}");
        assert_eq!(end, StreamEnd::Eof);
    }
}

#[test]
fn cr_at_end_of_read_and_lf_at_start_of_next_is_one_line_ending() {
    // Were the `\n` a second line ending, the blank line would dispatch `a` early and `b` would be its own event.
    let (events, _) = decode(&[b"data: a\r", b"\ndata: b\r\n\r\n"]);
    assert_eq!(events, vec![msg("a\nb")]);
}

#[test]
fn cr_at_end_of_read_followed_by_other_text() {
    let (events, _) = decode(&[b"data: a\r", b"data: b\r", b"\r"]);
    assert_eq!(events, vec![msg("a\nb")]);
}

#[test]
fn feed_returns_events_as_soon_as_they_complete() {
    let mut decoder = SseDecoder::new();
    assert!(decoder.feed(b"data: a\n").is_empty());
    assert_eq!(decoder.feed(b"\ndata: b"), vec![msg("a")]);
    assert_eq!(decoder.feed(b"\n\n"), vec![msg("b")]);
}

#[test]
fn comments_are_ignored() {
    let (events, _) = decode_str(": ping\n\n:\ndata: a\n: between\n\n");
    assert_eq!(events, vec![msg("a")]);
}

#[test]
fn exactly_one_leading_space_is_stripped() {
    let (events, _) = decode_str("data:a\n\ndata: b\n\ndata:  c\n\ndata:\td\n\n");
    assert_eq!(events, vec![msg("a"), msg("b"), msg(" c"), msg("\td")]);
}

#[test]
fn multiple_data_lines_join_with_newline() {
    let (events, _) = decode_str("data: one\ndata:\ndata: three\n\n");
    assert_eq!(events, vec![msg("one\n\nthree")]);
}

#[test]
fn empty_data_field_still_dispatches() {
    let (events, _) = decode_str("data:\n\ndata\n\n");
    assert_eq!(events, vec![msg(""), msg("")]);
}

#[test]
fn blank_lines_without_data_dispatch_nothing() {
    let (events, end) = decode_str("\n\n\nevent: x\n\nid: 7\nretry: 10\n\n");
    assert!(events.is_empty(), "{events:?}");
    assert_eq!(end, StreamEnd::Eof);
}

#[test]
fn event_name_is_kept_for_its_event_only() {
    let (events, _) = decode_str("event: error\ndata: {}\n\ndata: next\n\nevent:\ndata: x\n\n");
    assert_eq!(events, vec![named("error", "{}"), msg("next"), msg("x")]);
}

#[test]
fn id_retry_and_unknown_fields_are_ignored() {
    let (events, _) = decode_str("id: 42\nretry: 1000\nfoo: bar\nDATA: shout\ndata: a\n\n");
    assert_eq!(events, vec![msg("a")]);
}

#[test]
fn a_line_without_colon_is_a_field_with_empty_value() {
    let (events, _) = decode_str("data\ndata: x\n\n");
    assert_eq!(events, vec![msg("\nx")]);
}

#[test]
fn many_events_in_one_read() {
    let body: String = (0..100).map(|i| format!("data: {i}\n\n")).collect();
    let (events, _) = decode_str(&body);
    assert_eq!(events.len(), 100);
    assert_eq!(events[99], msg("99"));
}

#[test]
fn multibyte_characters_split_between_reads() {
    let text = "data: 你好🌏é\n\n";
    let bytes = text.as_bytes();
    for at in 0..=bytes.len() {
        let (events, _) = decode(&[&bytes[..at], &bytes[at..]]);
        assert_eq!(events, vec![msg("你好🌏é")], "split at {at}");
    }
    let singles: Vec<&[u8]> = bytes.chunks(1).collect();
    assert_eq!(decode(&singles).0, vec![msg("你好🌏é")]);
}

#[test]
fn invalid_utf8_is_replaced_not_fatal() {
    let (events, _) = decode(&[b"data: a\xFFb\xE4\xBD\n\n"]);
    assert_eq!(events, vec![msg("a\u{FFFD}b\u{FFFD}")]);
}

#[test]
fn leading_bom_is_skipped_even_when_split() {
    let body = b"\xEF\xBB\xBFdata: a\n\n";
    for at in 0..=body.len() {
        let (events, _) = decode(&[&body[..at], &body[at..]]);
        assert_eq!(events, vec![msg("a")], "split at {at}");
    }
}

#[test]
fn bom_later_in_the_stream_is_not_stripped() {
    let (events, _) = decode_str("data: a\n\n\u{feff}data: b\n\n");
    // The second line's field name is "\u{feff}data", which is unknown.
    assert_eq!(events, vec![msg("a")]);
}

#[test]
fn done_marker_variants() {
    for body in [
        "data: [DONE]\n\n",
        "data:[DONE]\n\n",
        "data: [DONE]\r\n\r\n",
        "data: [DONE] \n\n",
    ] {
        assert_eq!(
            decode_str(body),
            (vec![SseEvent::Done], StreamEnd::Done),
            "body {body:?}"
        );
    }
}

#[test]
fn input_after_done_is_ignored() {
    let mut decoder = SseDecoder::new();
    assert_eq!(
        decoder.feed(b"data: a\n\ndata: [DONE]\n\ndata: b\n\n"),
        vec![msg("a"), SseEvent::Done]
    );
    assert!(decoder.is_done());
    assert!(decoder.feed(b"data: c\n\n").is_empty());
    assert_eq!(decoder.finish(), (vec![], StreamEnd::Done));
}

#[test]
fn done_in_the_middle_of_a_multi_line_payload_is_data() {
    let (events, end) = decode_str("data: [DONE]\ndata: more\n\n");
    assert_eq!(events, vec![msg("[DONE]\nmore")]);
    assert_eq!(end, StreamEnd::Eof);
}

#[test]
fn finish_dispatches_an_event_missing_its_blank_line() {
    assert_eq!(decode_str("data: a\n"), (vec![msg("a")], StreamEnd::Eof));
    assert_eq!(decode_str("data: a\r\n"), (vec![msg("a")], StreamEnd::Eof));
}

#[test]
fn finish_treats_an_unterminated_last_line_as_a_line() {
    assert_eq!(
        decode_str("data: a\n\ndata: {\"x\":1}"),
        (vec![msg("a"), msg("{\"x\":1}")], StreamEnd::Eof)
    );
    assert_eq!(
        decode_str("data: a\n\ndata: [DONE]"),
        (vec![msg("a"), SseEvent::Done], StreamEnd::Done)
    );
}

#[test]
fn finish_without_pending_data_reports_eof() {
    assert_eq!(decode_str(""), (vec![], StreamEnd::Eof));
    assert_eq!(
        decode_str("data: a\n\n: trailing comment"),
        (vec![msg("a")], StreamEnd::Eof)
    );
    assert_eq!(decode_str("data: a\n\nevent: x\n"), (vec![msg("a")], StreamEnd::Eof));
}

#[test]
fn finish_is_idempotent() {
    let mut decoder = SseDecoder::new();
    decoder.feed(b"data: a");
    assert_eq!(decoder.finish(), (vec![msg("a")], StreamEnd::Eof));
    assert_eq!(decoder.finish(), (vec![], StreamEnd::Eof));
}

#[test]
fn default_equals_new() {
    let mut decoder = SseDecoder::default();
    assert_eq!(decoder.feed(b"\xEF\xBB\xBFdata: a\n\n"), vec![msg("a")]);
}
