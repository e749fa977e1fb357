//! Text-answer scenarios: the default welcome, Markdown, reasoning, JSON, GLM-4.5V boxes, usage and every finish reason.

use glm_protocol::wire::{CompletionTokensDetails, ContentFilter, FinishReason, PromptTokensDetails, Role, Usage};

use super::{CATALOG, texts};
use crate::ask::is_continue;
use crate::script::{Script, Turn};

/// The welcome: says this is the demo server, quotes the question and lists the tags, in the user's language.
pub fn default(turn: &mut Turn) -> Script {
    let ask = turn.ask();
    let zh = ask.wants_chinese();
    let question: String = ask.user_text.trim().chars().take(400).collect();
    let question = if question.is_empty() {
        "…".to_string()
    } else {
        question
    };
    let quoted: String = question.lines().map(|l| format!("> {l}\n")).collect();
    let mut table = String::from(if zh {
        "| 标签 | 效果 |\n|:--|:--|\n"
    } else {
        "| Tag | What it shows |\n|:--|:--|\n"
    });
    // GFM splits cells at every `|`, even inside code spans, so the descriptions escape theirs.
    for s in CATALOG {
        table.push_str(&format!(
            "| `{}` | {} |\n",
            s.usage,
            (if zh { s.zh } else { s.en }).replace('|', "\\|")
        ));
    }
    let answer = if zh {
        format!(
            "你好！我是 **glm-mock**，本地演示服务器：这里没有真实模型，也不需要 API Key，所有回答都是预先编排的。\n\n\
             你的问题是：\n\n{quoted}\n在消息中任意位置加上下面的标签，就能看到对应的效果：\n\n{table}\n\
             想和真正的 GLM 对话？在设置里填入你在 [open.bigmodel.cn](https://open.bigmodel.cn) 获取的 API Key 即可。"
        )
    } else {
        format!(
            "Hello! I'm **glm-mock**, the local demo server: there is no real model here and no API key is needed, \
             so every answer is scripted.\n\nYou asked:\n\n{quoted}\nAdd one of these tags anywhere in your message \
             to see a specific behaviour:\n\n{table}\nTo talk to the real GLM, enter your API key from \
             [open.bigmodel.cn](https://open.bigmodel.cn) in the settings."
        )
    };
    let reasoning = if zh {
        "用户发来了一条消息。这是本地演示服务器，没有真实模型，所以我应该说明这一点，复述问题，并列出可用的测试标签。"
    } else {
        "The user sent a message. This is the local demo server with no real model behind it, so I should say so, \
         repeat the question, and list the tags that trigger the test scenarios."
    };
    turn.reasoning(reasoning)
        .content(&answer)
        .finish(FinishReason::Stop)
        .script()
}

pub fn markdown(turn: &mut Turn) -> Script {
    turn.reasoning("The user wants to see Markdown rendering, so I will use every common feature once.")
        .content(texts::MARKDOWN)
        .finish(FinishReason::Stop)
        .script()
}

pub fn math(turn: &mut Turn) -> Script {
    turn.reasoning("The user wants formulas: inline and display math, a matrix, cases, and a little code.")
        .content(texts::MATH)
        .finish(FinishReason::Stop)
        .script()
}

pub fn code(turn: &mut Turn) -> Script {
    turn.reasoning("One short snippet per language, so every highlighter shows.")
        .content(texts::CODE)
        .finish(FinishReason::Stop)
        .script()
}

pub fn wide(turn: &mut Turn) -> Script {
    turn.content(texts::WIDE).finish(FinishReason::Stop).script()
}

pub fn reasoning(turn: &mut Turn) -> Script {
    turn.reasoning(texts::REASONING)
        .content(texts::REASONING_ANSWER)
        .finish(FinishReason::Stop)
        .script()
}

pub fn filter(turn: &mut Turn) -> Script {
    let verdicts = vec![
        ContentFilter {
            role: "assistant".into(),
            level: Some(1),
        },
        ContentFilter {
            role: "user".into(),
            level: Some(3),
        },
    ];
    turn.content("Here is the beginning of an answer that the moderation system flags part-way through. It said that")
        .finish_with(FinishReason::Sensitive, |last| last.content_filter = Some(verdicts))
        .script()
}

pub fn sensitive(turn: &mut Turn) -> Script {
    turn.content("I can tell you about that. The first part of the answer is fine, but the next part")
        .finish(FinishReason::Sensitive)
        .script()
}

const STORY: &str = "Here is a short story. Every night Ada, the lighthouse keeper, climbed the ninety-nine steps, \
checked the lamp and wrote one line in her log. One stormy evening, as the waves broke over the rocks, she saw a small \
boat drifting toward the";

const STORY_END: &str = " reef. She fired a flare, swung the beam across the water and guided the boat into the \
harbour. The sailors came up the steps at dawn to thank her, and Ada wrote one more line in her log: *all safe*.\n\nThe end.";

/// Cut off mid-sentence; continued (finish `stop`) after an assistant prefix or a "continue" message.
pub fn length(turn: &mut Turn) -> Script {
    let ask = turn.ask();
    let continuing = ask.last_message().is_some_and(|m| m.role == Role::Assistant) || is_continue(&ask.user_text);
    if continuing {
        return turn.content(STORY_END).finish(FinishReason::Stop).script();
    }
    turn.content(STORY).finish(FinishReason::Length).script()
}

pub fn network_error(turn: &mut Turn) -> Script {
    turn.reasoning("I will explain it in three steps.")
        .content("Let me explain step by step.\n\n1. First, the request reaches the model.\n2. Then the")
        .finish(FinishReason::NetworkError)
        .script()
}

pub fn context(turn: &mut Turn) -> Script {
    turn.content("This conversation no longer fits into the model's context")
        .finish(FinishReason::ModelContextWindowExceeded)
        .script()
}

/// Fixed numbers so tests can check how cached and reasoning tokens are shown.
pub fn usage(turn: &mut Turn) -> Script {
    let usage = Usage {
        prompt_tokens: 1412,
        completion_tokens: 256,
        total_tokens: 1668,
        prompt_tokens_details: Some(PromptTokensDetails {
            cached_tokens: Some(1024),
        }),
        completion_tokens_details: Some(CompletionTokensDetails {
            reasoning_tokens: Some(128),
        }),
    };
    turn.reasoning("Most of this prompt was seen before, so it comes from the cache.")
        .content("This reply reports **1412** prompt tokens (**1024** of them cached) and **256** completion tokens, **128** of which were reasoning.")
        .finish_with(FinishReason::Stop, |last| last.usage = Some(usage))
        .script()
}

pub fn json(turn: &mut Turn) -> Script {
    let body = "{\n  \"city\": \"Beijing\",\n  \"date\": \"2025-12-03\",\n  \"forecast\": [\n    {\"hour\": 9, \"temp_c\": 3, \
                \"sky\": \"sunny\"},\n    {\"hour\": 15, \"temp_c\": 8, \"sky\": \"cloudy\"}\n  ],\n  \"advice\": \"Wear a warm coat.\",\n  \
                \"confidence\": 0.92\n}";
    turn.content(body).finish(FinishReason::Stop).script()
}

/// GLM-4.5V puts `<think></think>` and a boxed final answer into `content`.
pub fn boxed(turn: &mut Turn) -> Script {
    turn.reasoning("The picture shows 6 × 7. Six times seven is forty-two.")
        .content("<think></think>The image asks for 6 × 7. The answer is <|begin_of_box|>42<|end_of_box|>")
        .finish(FinishReason::Stop)
        .script()
}
