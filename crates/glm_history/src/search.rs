//! Finding conversations by words in their titles and messages, with a snippet around the first match.

use crate::conversation::Conversation;
use crate::ids::{ConversationId, MessageId};
use crate::sidebar::sidebar_order;

/// Characters of context shown before and after a match.
const BEFORE: usize = 20;
const AFTER: usize = 40;

/// One conversation that matched. `message` is the message holding the match (`None` when the title matched), so
/// the UI can `show` it even when it sits on another branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub conversation: ConversationId,
    pub message: Option<MessageId>,
    pub snippet: String,
}

/// Lower-cases one non-ASCII character into `out` (one or more characters: `İ` gives two).
pub type Lower = fn(char, &mut Vec<char>);

/// Unicode's lower case, as the standard library has it. Its tables are about 15 KB of a wasm module, so the browser
/// build passes the browser's own `toLowerCase` to [`search_with`] instead.
pub fn unicode_lower(c: char, out: &mut Vec<char>) {
    out.extend(c.to_lowercase());
}

/// Conversations whose title or any message (every branch; user text, answer, reasoning, tool results) contains
/// `query`, ignoring case, in sidebar order. Matching is by characters, not words, so Chinese text needs no
/// segmentation. An empty query matches nothing: the UI shows the plain list instead.
pub fn search(conversations: &[Conversation], query: &str) -> Vec<SearchHit> {
    search_with(conversations, query, unicode_lower)
}

/// [`search`], with `lower` folding the case of non-ASCII characters (ASCII is folded here).
pub fn search_with(conversations: &[Conversation], query: &str, lower: Lower) -> Vec<SearchHit> {
    let needle = fold(query.trim(), lower);
    if needle.is_empty() {
        return Vec::new();
    }
    let needle: Vec<char> = needle.into_iter().map(|(c, _)| c).collect();
    sidebar_order(conversations)
        .into_iter()
        .filter_map(|c| hit(c, &needle, lower))
        .collect()
}

fn hit(c: &Conversation, needle: &[char], lower: Lower) -> Option<SearchHit> {
    let found = |text: &str| snippet(text, needle, lower);
    if let Some(snippet) = found(&c.title) {
        return Some(SearchHit {
            conversation: c.id.clone(),
            message: None,
            snippet,
        });
    }
    c.messages.iter().find_map(|m| {
        let snippet = m.body.texts().into_iter().find_map(found)?;
        Some(SearchHit {
            conversation: c.id.clone(),
            message: Some(m.id.clone()),
            snippet,
        })
    })
}

/// Lower-cases `text` character by character, remembering which original character each folded one came from:
/// some characters fold to two (`İ`), so positions in the folded text are not positions in the original.
fn fold(text: &str, lower: Lower) -> Vec<(char, usize)> {
    let mut out = Vec::with_capacity(text.len());
    let mut one = Vec::new();
    for (i, c) in text.chars().enumerate() {
        if c.is_ascii() {
            out.push((c.to_ascii_lowercase(), i));
        } else {
            one.clear();
            lower(c, &mut one);
            out.extend(one.iter().map(|&l| (l, i)));
        }
    }
    out
}

/// The text around the first match on one line, with `…` where it was cut.
fn snippet(text: &str, needle: &[char], lower: Lower) -> Option<String> {
    let folded = fold(text, lower);
    let at = folded
        .windows(needle.len())
        .position(|w| w.iter().map(|(c, _)| *c).eq(needle.iter().copied()))?;
    let start = folded[at].1;
    let end = folded[at + needle.len() - 1].1 + 1;
    let chars: Vec<char> = text.chars().collect();
    let from = start.saturating_sub(BEFORE);
    let to = (end + AFTER).min(chars.len());
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    let piece: String = chars[from..to].iter().collect();
    out.push_str(&piece.split_whitespace().collect::<Vec<_>>().join(" "));
    if to < chars.len() {
        out.push('…');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::MessageBody;
    use crate::settings::ConversationSettings;
    use glm_protocol::reply::Reply;

    fn conv(id: &str, user: &str, answer: &str, reasoning: &str) -> Conversation {
        let mut c = Conversation::new(ConversationId::new(id), 0, ConversationSettings::default());
        c.push(MessageBody::user(user), 1);
        c.push(
            MessageBody::assistant(Reply {
                content: answer.into(),
                reasoning: reasoning.into(),
                ..Reply::default()
            }),
            2,
        );
        c
    }

    fn found(list: &[Conversation], q: &str) -> Vec<String> {
        search(list, q).into_iter().map(|h| h.conversation.0).collect()
    }

    #[test]
    fn finds_titles_answers_and_reasoning_ignoring_case() {
        let list = vec![
            conv("rust", "Tell me about Rust", "Rust is a language.", ""),
            conv("cook", "Pasta recipe", "Boil WATER first.", "The user wants to COOK"),
        ];
        assert_eq!(found(&list, "rust"), ["rust"]);
        assert_eq!(found(&list, "water"), ["cook"]);
        assert_eq!(found(&list, "cook"), ["cook"], "reasoning is searched");
        assert_eq!(found(&list, "  "), Vec::<String>::new());
        assert_eq!(found(&list, "python"), Vec::<String>::new());
        let hit = &search(&list, "WATER")[0];
        assert_eq!(hit.message, Some(MessageId::new("m2")));
        assert_eq!(hit.snippet, "Boil WATER first.");
    }

    #[test]
    fn chinese_matches_inside_words_and_snippets_cut_on_characters() {
        let long = format!("{}量子计算机的原理{}", "前".repeat(30), "后".repeat(60));
        let list = vec![conv("zh", "你好", &long, "")];
        assert_eq!(found(&list, "计算"), ["zh"]);
        let snippet = &search(&list, "计算")[0].snippet;
        assert!(snippet.starts_with('…') && snippet.ends_with('…'), "{snippet}");
        assert!(snippet.contains("量子计算机"));
        assert_eq!(snippet.chars().count(), 1 + BEFORE + 2 + AFTER + 1);
    }

    #[test]
    fn characters_that_fold_to_two_keep_the_snippet_aligned() {
        let list = vec![conv("tr", "İstanbul trip", "ok", "")];
        assert_eq!(search(&list, "trip")[0].snippet, "İstanbul trip");
        assert_eq!(search(&list, "İSTANBUL")[0].snippet, "İstanbul trip");
    }

    #[test]
    fn ascii_folds_here_and_other_characters_fold_as_the_caller_says() {
        let list = vec![conv("mix", "Crème BRÛLÉE", "ok", "")];
        let none: Lower = |c, out| out.push(c);
        let ids = |q: &str, lower: Lower| -> Vec<String> {
            search_with(&list, q, lower)
                .into_iter()
                .map(|h| h.conversation.0)
                .collect()
        };
        assert_eq!(ids("crème", none), ["mix"], "ASCII is folded without the caller");
        assert_eq!(
            ids("brûlée", none),
            Vec::<String>::new(),
            "Û and É are the caller's to fold"
        );
        assert_eq!(ids("brûlée", unicode_lower), ["mix"]);
        assert_eq!(search_with(&list, "BRÛLÉE", unicode_lower)[0].snippet, "Crème BRÛLÉE");
    }
}
