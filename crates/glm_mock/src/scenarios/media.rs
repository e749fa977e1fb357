//! Scenarios with structured extras: web search results and citations, hostile payloads, audio and video.

use glm_protocol::wire::{
    AssistantDelta, AudioOut, ContentFilter, FinishReason, FunctionCall, ToolCall, VideoResult, WebSearchResult,
};

use crate::ids;
use crate::script::{Script, Turn, assistant};
use crate::wav;

fn result(refer: &str, title: &str, link: &str, media: &str, icon: &str, date: &str, content: &str) -> WebSearchResult {
    WebSearchResult {
        refer: refer.into(),
        title: title.into(),
        link: link.into(),
        media: media.into(),
        icon: icon.into(),
        publish_date: date.into(),
        content: content.into(),
    }
}

/// Three results: one with an https icon, one with none, one with a `javascript:` icon the client must drop.
fn search_results() -> Vec<WebSearchResult> {
    vec![
        result(
            "ref_1",
            "GLM-4.5: reasoning, coding and agentic abilities",
            "https://example.com/blog/glm-4.5",
            "Example Tech",
            "https://example.com/favicon.ico",
            "2025-07-28",
            "GLM-4.5 is an open-weights model with 355B total parameters that unifies reasoning, coding and agent capabilities.",
        ),
        result(
            "ref_2",
            "智谱发布新一代旗舰模型 GLM-4.5",
            "https://example.cn/news/glm-4-5",
            "示例新闻",
            "",
            "2025-07-29",
            "智谱今日发布 GLM-4.5，在推理、代码与智能体任务上取得领先的开源成绩。",
        ),
        result(
            "ref_3",
            "Benchmarking open models in 2025",
            "https://example.org/benchmarks/2025",
            "Example Lab",
            "javascript:alert(1)",
            "2025-08-02",
            "Across twelve benchmarks GLM-4.5 ranks among the strongest open models.",
        ),
    ]
}

const CITED_ANSWER: &str = "GLM-4.5 was released at the end of July 2025 as an open-weights model [ref_1]. \
它在推理、代码和智能体任务上表现突出【ref_2】。 Independent benchmarks place it among the strongest open models \
[来源：ref_3]. One claim here points at a source that does not exist [ref_9].";

/// Inline citations in three styles plus one dangling marker; results on the last chunk, or the first one.
pub fn search(turn: &mut Turn, results_first: bool) -> Script {
    if results_first {
        let mut first = turn.chunk(
            AssistantDelta {
                content: Some(String::new()),
                ..assistant()
            },
            None,
        );
        first.web_search = Some(search_results());
        turn.push(first);
    }
    turn.reasoning("The search results mention GLM-4.5's release, its strengths and a benchmark. I will cite each.")
        .content(CITED_ANSWER)
        .finish_with(FinishReason::Stop, |last| {
            if !results_first {
                last.web_search = Some(search_results());
            }
        })
        .script()
}

/// Everything at once, for screenshots: reasoning, cited answer, sources, a mild content-filter verdict and usage.
pub fn showcase(turn: &mut Turn) -> Script {
    turn.reasoning("The search results mention GLM-4.5's release, its strengths and a benchmark. I will cite each.")
        .content(CITED_ANSWER)
        .finish_with(FinishReason::Stop, |last| {
            last.web_search = Some(search_results());
            last.content_filter = Some(vec![ContentFilter {
                role: "history".into(),
                level: Some(3),
            }]);
        })
        .script()
}

const XSS_ANSWER: &str = "Hostile strings follow; none of them may run.\n\n<script>alert(1)</script>\n\n\
<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1)) [data link](data:text/html,<script>alert(1)</script>) \
[vb](vbscript:msgbox(1)) [spaced]( javascript:alert(1))\n\n![image](javascript:alert(1)) ![tracker](http://example.com/pixel.png)\n\n\
<a href=\"javascript:alert(1)\">raw link</a> <svg onload=alert(1)></svg> <iframe src=\"javascript:alert(1)\"></iframe>\n\n\
<style>body{display:none}</style> `<b>inline code</b>` and a citation [ref_1].\n\n\
```html\n<script>alert(\"inside a code block\")</script>\n```\n\n\"><script>alert(document.cookie)</script>\n\n\
Formulas: $\\href{javascript:alert(1)}{x}$ $\\text{<img src=x onerror=alert(1)>}$ \\(x<script>alert(1)</script>\\)\n\n\
$$\n\\text{<svg onload=alert(1)>} \\mathrm{<iframe src=javascript:alert(1)>}\n$$";

/// Payloads in content, reasoning, search results, a tool call and a video result.
pub fn xss(turn: &mut Turn) -> Script {
    let results = vec![
        result(
            "ref_1",
            "<img src=x onerror=alert(1)>Title",
            "javascript:alert(1)",
            "<script>alert(1)</script>",
            "javascript:alert(1)",
            "<b>2025</b>",
            "<script>alert(1)</script> snippet",
        ),
        result(
            "ref_2",
            "\"><svg onload=alert(1)>",
            "data:text/html,<script>alert(1)</script>",
            "media\" onmouseover=\"alert(1)",
            "data:image/svg+xml,<svg onload=alert(1)>",
            "2025-01-01",
            "<iframe src=javascript:alert(1)>",
        ),
    ];
    let call = ToolCall {
        index: Some(0),
        id: Some(ids::call_id(turn.rng())),
        kind: Some("function".into()),
        function: Some(FunctionCall {
            name: Some("get_weather".into()),
            arguments: Some(r#"{"city": "</script><script>alert(1)</script>"}"#.into()),
        }),
        mcp: None,
    };
    let call_chunk = turn.chunk(
        AssistantDelta {
            tool_calls: vec![call],
            ..assistant()
        },
        None,
    );
    turn.reasoning("<script>alert('reasoning')</script> Thinking about <img src=x onerror=alert(2)> payloads.")
        .content(XSS_ANSWER)
        .push(call_chunk)
        .finish_with(FinishReason::Stop, |last| {
            last.web_search = Some(results);
            last.video_result = Some(vec![VideoResult {
                url: "javascript:alert(1)".into(),
                cover_image_url: Some("javascript:alert(1)".into()),
            }]);
        })
        .script()
}

/// glm-4-voice: a transcript, then a half-second 440 Hz WAV in three base64 pieces.
pub fn audio(turn: &mut Turn) -> Script {
    let data = wav::base64(&wav::sine_wav(440.0, 500));
    let id = ids::completion_id(ids::unix_now(), turn.rng());
    let expires_at = ids::unix_now() + 24 * 3600;
    turn.content("Here is a short tone: half a second at 440 Hz.");
    let third = data.len().div_ceil(3);
    for piece in data.as_bytes().chunks(third) {
        let audio = AudioOut {
            id: Some(id.clone()),
            data: Some(String::from_utf8_lossy(piece).into_owned()),
            expires_at: Some(expires_at),
        };
        let chunk = turn.chunk(
            AssistantDelta {
                audio: Some(audio),
                ..assistant()
            },
            None,
        );
        turn.push(chunk);
    }
    turn.finish(FinishReason::Stop).script()
}

/// A `video_result` whose URLs point nowhere reachable offline.
pub fn video(turn: &mut Turn) -> Script {
    let videos = vec![VideoResult {
        url: "https://example.com/mock/glm-video.mp4".into(),
        cover_image_url: Some("https://example.com/mock/glm-video-cover.jpg".into()),
    }];
    turn.content("Here is the generated video: a lighthouse at dusk, five seconds long.")
        .finish_with(FinishReason::Stop, |last| last.video_result = Some(videos))
        .script()
}
