//! Fault and benchmark scenarios: cut, stalled, split and oddly framed streams, error frames, bursts and paced streams.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use glm_protocol::wire::{AssistantDelta, Completion, ErrorDetail, FinishReason};

use super::{Outcome, errors, texts};
use crate::ask::Ask;
use crate::http::Response;
use crate::script::{End, Framing, Pace, Script, Turn, assistant};
use crate::tokens::pieces;

pub fn error_frame(turn: &mut Turn) -> Script {
    turn.content("The answer starts normally, and then the server");
    let error_id = turn.rng().hex(24);
    turn.push(Completion {
        error: Some(ErrorDetail {
            code: Some("1234".into()),
            message: Some(format!(
                "Network error, error id: {error_id}, please contact customer service"
            )),
        }),
        ..Completion::default()
    });
    Script {
        end: End::NoDone,
        ..turn.script()
    }
}

pub fn drop(turn: &mut Turn) -> Script {
    let script = turn
        .content("This answer is cut off in the middle, because the connection")
        .script();
    Script {
        end: End::Drop,
        ..script
    }
}

/// About forty one-word chunks, 300 ms apart.
pub fn slow(turn: &mut Turn) -> Script {
    let text = "This reply arrives slowly, one word at a time, so that there is plenty of time to press Stop \
                and check that the request is really aborted, that the partial text is kept, and that nothing \
                else arrives afterwards. If you are reading this sentence, it has reached the end.";
    for word in text.split_inclusive(' ') {
        let chunk = turn.chunk(
            AssistantDelta {
                content: Some(word.to_string()),
                ..assistant()
            },
            None,
        );
        turn.push(chunk);
    }
    let script = turn.finish(FinishReason::Stop).script();
    Script {
        pace: Some(Pace::Every(Duration::from_millis(300))),
        ..script
    }
}

pub fn split(turn: &mut Turn) -> Script {
    let script = turn
        .reasoning("用户想测试分包：每个汉字占三个字节，表情占四个字节。")
        .content("你好！这条回答的网络写入会在汉字中间断开 🎉。表情符号 🚀🌏 占四个字节，Ünïcödé 也不例外。数据行 `data:` 也会被拆开。结束 ✅")
        .finish(FinishReason::Stop)
        .script();
    Script {
        framing: Framing::Split,
        ..script
    }
}

pub fn crlf(turn: &mut Turn) -> Script {
    let script = turn
        .reasoning("This stream uses CRLF line endings and keep-alive comments.")
        .content("Every line of this stream ends with CRLF, `data:` has no space after the colon, and `: keep-alive` comments sit between frames. It should read exactly like any other answer.")
        .finish(FinishReason::Stop)
        .script();
    Script {
        framing: Framing::Crlf,
        ..script
    }
}

pub fn no_done(turn: &mut Turn) -> Script {
    let script = turn
        .content(
            "This answer finishes normally with a finish reason and usage, but the stream never sends the DONE marker.",
        )
        .finish(FinishReason::Stop)
        .script();
    Script {
        end: End::NoDone,
        ..script
    }
}

pub fn hang(_turn: &mut Turn) -> Script {
    Script {
        frames: Vec::new(),
        end: End::Hang(Duration::from_secs(60)),
        framing: Framing::Plain,
        pace: None,
    }
}

/// `#burst N`: N Markdown content chunks written back to back (default 2000).
pub fn burst(turn: &mut Turn) -> Script {
    let count = turn.ask().args.first().copied().unwrap_or(2000).clamp(1, 200_000) as usize;
    let script = content_chunks(turn, count);
    Script {
        pace: Some(Pace::Burst),
        ..script
    }
}

/// `#paced N R`: N chunks at R per second (default 200 at 50/s).
pub fn paced(turn: &mut Turn) -> Script {
    let args = &turn.ask().args;
    let count = args.first().copied().unwrap_or(200).clamp(1, 200_000) as usize;
    let rate = args.get(1).copied().unwrap_or(50).clamp(1, 100_000);
    let script = content_chunks(turn, count);
    Script {
        pace: Some(Pace::Every(Duration::from_secs(1) / rate as u32)),
        ..script
    }
}

/// `count` chunks cut from the benchmark corpus, repeated as needed, then `stop` with usage.
fn content_chunks(turn: &mut Turn, count: usize) -> Script {
    let corpus = pieces(texts::BENCH);
    for piece in corpus.iter().cycle().take(count) {
        let chunk = turn.chunk(
            AssistantDelta {
                content: Some((*piece).to_string()),
                ..assistant()
            },
            None,
        );
        turn.push(chunk);
    }
    turn.finish_with(FinishReason::Stop, |last| {
        if let Some(usage) = &mut last.usage {
            usage.completion_tokens += count as u64;
            usage.total_tokens += count as u64;
        }
    })
    .script()
}

/// `#flaky N S`: the first N tries of a message (default 2) fail with the documented rate-limit error (HTTP 429,
/// code 1302; with `Retry-After: S` when S is given), the next one is answered, and the cycle starts again. Tries
/// are counted per conversation text, so the app's automatic retries of one message count up.
pub fn flaky(ask: &Ask) -> Outcome {
    static TRIES: OnceLock<Mutex<HashMap<String, u64>>> = OnceLock::new();
    let failures = ask.args.first().copied().unwrap_or(2).min(10);
    let key = format!("{}|{}", ask.request.messages.len(), ask.user_text);
    let tries = TRIES.get_or_init(Default::default);
    let mut tries = tries.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let count = tries.entry(key).or_insert(0);
    let this = *count % (failures + 1);
    *count += 1;
    if this < failures {
        let mut response = Response::json(429, &errors::error_body("1302", "Rate limit reached for requests"));
        if let Some(seconds) = ask.args.get(1) {
            response = response.with("Retry-After", seconds.to_string());
        }
        return Outcome::Http(response);
    }
    let mut turn = Turn::new(ask);
    let text = if ask.wants_chinese() {
        format!("前 {failures} 次请求因速率限制失败（HTTP 429，错误码 1302），这次成功了。")
    } else {
        format!("This answer arrived after {failures} failed tries (HTTP 429, code 1302).")
    };
    Outcome::Script(turn.content(&text).finish(FinishReason::Stop).script())
}
