//! Property tests: any conversation built by any sequence of operations stays a valid tree, and survives export →
//! import and record → decode unchanged.

use glm_history::{
    Attachment, AttachmentKind, Conversation, ConversationId, ConversationSettings, MessageBody, decode_record,
    encode_record, export_json, history_turns, import_json, search,
};
use glm_protocol::reply::{Reply, ReplyStatus};
use glm_protocol::wire::{ContentFilter, FinishReason, FunctionCall, ToolCall, Usage, WebSearchResult};
use glm_protocol::{ApiError, ErrorKind};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    Ask(String, Vec<Attachment>),
    Answer(Box<Reply>),
    Tool(String, String),
    Edit(usize, String),
    Regenerate(usize),
    Delete(usize),
    Switch(usize, bool),
    Rename(String),
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "\\PC{0,16}", "[a-z 量子]{0,8}"]
}

fn finish() -> impl Strategy<Value = Option<FinishReason>> {
    prop::option::of(prop_oneof![
        Just(FinishReason::Stop),
        Just(FinishReason::Length),
        Just(FinishReason::ToolCalls),
        Just(FinishReason::Sensitive),
        Just(FinishReason::Other("future_reason".into())),
    ])
}

fn reply() -> impl Strategy<Value = Reply> {
    let status = prop_oneof![
        Just(ReplyStatus::Streaming),
        Just(ReplyStatus::Done),
        Just(ReplyStatus::Error),
        Just(ReplyStatus::Interrupted)
    ];
    let call = (text(), text()).prop_map(|(name, args)| ToolCall {
        index: Some(0),
        id: Some("call_1".into()),
        kind: Some("function".into()),
        function: Some(FunctionCall {
            name: Some(name),
            arguments: Some(args),
        }),
        mcp: None,
    });
    let source = (text(), text()).prop_map(|(title, link)| WebSearchResult {
        title,
        link,
        ..WebSearchResult::default()
    });
    let filter = (text(), prop::option::of(0i64..4)).prop_map(|(role, level)| ContentFilter { role, level });
    let usage = prop::option::of((any::<u32>(), any::<u32>())).prop_map(|u| {
        u.map(|(p, c)| Usage {
            prompt_tokens: p.into(),
            completion_tokens: c.into(),
            total_tokens: u64::from(p) + u64::from(c),
            ..Usage::default()
        })
    });
    let error = prop::option::of((prop::option::of(400u16..600), prop::option::of(text()))).prop_map(|e| {
        e.map(|(status, message)| ApiError {
            kind: ErrorKind::RateLimit,
            status,
            code: Some("1302".into()),
            message,
        })
    });
    (
        (text(), text(), prop::option::of(text()), status, finish()),
        (
            prop::collection::vec(call, 0..2),
            prop::collection::vec(source, 0..3),
            prop::collection::vec(filter, 0..2),
        ),
        (
            usage,
            error,
            prop::option::of(any::<u64>()),
            prop::option::of(any::<i64>()),
        ),
    )
        .prop_map(
            |(
                (content, reasoning, model, status, finish),
                (tool_calls, web_search, content_filter),
                (usage, error, thought_ms, created),
            )| Reply {
                content,
                reasoning,
                model,
                status,
                finish,
                tool_calls,
                web_search,
                content_filter,
                usage,
                error,
                thought_ms,
                created,
                ..Reply::default()
            },
        )
}

fn attachment() -> impl Strategy<Value = Attachment> {
    let kind = prop_oneof![
        Just(AttachmentKind::Image),
        Just(AttachmentKind::Video),
        Just(AttachmentKind::File),
        Just(AttachmentKind::Audio)
    ];
    (kind, text(), text(), text()).prop_map(|(kind, name, mime, url)| Attachment { kind, name, mime, url })
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (text(), prop::collection::vec(attachment(), 0..2)).prop_map(|(t, a)| Op::Ask(t, a)),
        3 => reply().prop_map(|r| Op::Answer(Box::new(r))),
        1 => (text(), text()).prop_map(|(n, t)| Op::Tool(n, t)),
        2 => (any::<usize>(), text()).prop_map(|(i, t)| Op::Edit(i, t)),
        2 => any::<usize>().prop_map(Op::Regenerate),
        1 => any::<usize>().prop_map(Op::Delete),
        2 => (any::<usize>(), any::<bool>()).prop_map(|(i, next)| Op::Switch(i, next)),
        1 => text().prop_map(Op::Rename),
    ]
}

fn settings() -> impl Strategy<Value = ConversationSettings> {
    // Temperatures are typed by people as short decimals; n/100 stands for them.
    let ratio = prop::option::of((0u32..=100).prop_map(|n| f64::from(n) / 100.0));
    (
        text(),
        text(),
        any::<bool>(),
        any::<bool>(),
        ratio.clone(),
        ratio,
        prop::option::of(any::<u32>()),
        any::<bool>(),
        (prop::option::of(text()), any::<bool>(), prop::option::of(text())),
    )
        .prop_map(
            |(model, system_prompt, thinking, web_search, temperature, top_p, max_tokens, stream, extra)| {
                let (stop, json_output, tool) = extra;
                ConversationSettings {
                    model,
                    system_prompt,
                    thinking,
                    web_search,
                    temperature,
                    top_p,
                    max_tokens,
                    stream,
                    params: glm_protocol::params::RequestParams {
                        stop,
                        json_output,
                        ..Default::default()
                    },
                    tools: tool
                        .map(|name| glm_protocol::tools::ToolEntry {
                            name,
                            enabled: json_output,
                            ..Default::default()
                        })
                        .into_iter()
                        .collect(),
                }
            },
        )
}

fn build(id: String, created: i64, settings: ConversationSettings, pinned: bool, ops: Vec<Op>) -> Conversation {
    let mut c = Conversation::new(ConversationId(id), created, settings);
    c.set_pinned(pinned);
    for (step, op) in ops.into_iter().enumerate() {
        let now = created.saturating_add(step as i64);
        let pick = |i: usize, c: &Conversation| c.messages.get(i % c.messages.len().max(1)).map(|m| m.id.clone());
        // Operations that do not apply (editing an answer…) are refused with an error, which is fine here.
        match op {
            Op::Ask(text, attachments) => drop(c.push(MessageBody::User { text, attachments }, now)),
            Op::Answer(r) => drop(c.push(MessageBody::Assistant { reply: r }, now)),
            Op::Tool(name, text) => drop(c.push(
                MessageBody::Tool {
                    call_id: "call_1".into(),
                    name,
                    text,
                },
                now,
            )),
            Op::Edit(i, t) => drop(pick(i, &c).map(|id| c.edit_user(&id, &t, now))),
            Op::Regenerate(i) => drop(pick(i, &c).map(|id| c.regenerate(&id, now))),
            Op::Delete(i) => drop(pick(i, &c).map(|id| c.delete_message(&id, now))),
            Op::Switch(i, next) => drop(pick(i, &c).map(|id| c.switch_sibling(&id, if next { 1 } else { -1 }))),
            Op::Rename(t) => c.rename(&t, now),
        }
    }
    c
}

fn conversation(id: String) -> impl Strategy<Value = Conversation> {
    (
        any::<i32>(),
        settings(),
        any::<bool>(),
        prop::collection::vec(op(), 0..14),
    )
        .prop_map(move |(created, settings, pinned, ops)| build(id.clone(), created.into(), settings, pinned, ops))
}

fn conversations() -> impl Strategy<Value = Vec<Conversation>> {
    (0usize..4).prop_flat_map(|n| (0..n).map(|i| conversation(format!("c{i}"))).collect::<Vec<_>>())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn export_then_import_gives_back_equal_conversations(list in conversations(), at in any::<i64>()) {
        let back = import_json(&export_json(&list, at));
        prop_assert_eq!(back, Ok(list));
    }

    #[test]
    fn records_decode_to_what_was_encoded(c in conversation("r".into())) {
        let value = serde_json::to_value(encode_record(&c)).unwrap();
        prop_assert_eq!(decode_record(value), Ok(c));
    }

    #[test]
    fn any_operations_leave_a_valid_tree_showing_a_leaf(c in conversation("t".into()), q in text()) {
        let mut checked = c.clone();
        prop_assert_eq!(checked.validate(), Ok(()));
        prop_assert_eq!(&checked, &c, "validation had nothing to repair");
        match &c.current_leaf {
            None => prop_assert!(c.messages.is_empty()),
            Some(leaf) => prop_assert!(!c.messages.iter().any(|m| m.parent.as_ref() == Some(leaf))),
        }
        let path = c.path();
        prop_assert!(path.first().is_none_or(|m| m.parent.is_none()));
        // The path found by looking backwards is the one found by following each parent with a whole search, and
        // the alternatives counted in one pass are those counted message by message.
        let mut naive = Vec::new();
        let mut next = c.current_leaf.as_ref();
        while let Some(m) = next.and_then(|id| c.messages.iter().find(|m| &m.id == id)) {
            naive.push(&m.id);
            next = m.parent.as_ref();
        }
        naive.reverse();
        prop_assert_eq!(path.iter().map(|m| &m.id).collect::<Vec<_>>(), naive);
        for (m, branch) in c.path_with_siblings() {
            prop_assert_eq!(Some(branch), c.siblings(&m.id));
        }
        prop_assert!(history_turns(&c).len() <= path.len());
        let _ = search(std::slice::from_ref(&c), &q);
    }
}
