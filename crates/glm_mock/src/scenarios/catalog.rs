//! The scenario catalogue: every `#tag` with its usage and a one-line description in English and Chinese.

/// One selectable scenario.
#[derive(Debug, Clone, Copy)]
pub struct Scenario {
    /// The tag without `#`, lower-case.
    pub tag: &'static str,
    /// How to write it, with its arguments.
    pub usage: &'static str,
    pub en: &'static str,
    pub zh: &'static str,
}

const fn s(tag: &'static str, usage: &'static str, en: &'static str, zh: &'static str) -> Scenario {
    Scenario { tag, usage, en, zh }
}

#[rustfmt::skip]
pub const CATALOG: &[Scenario] = &[
    s("markdown", "#markdown", "Every Markdown feature: headings, lists, tasks, a table, code, links, quotes", "Markdown 全功能：标题、列表、任务、表格、代码、链接、引用"),
    s("math", "#math", "LaTeX formulas: inline, display, a matrix and cases, then some code", "LaTeX 公式：行内、独立公式、矩阵与分段函数，附一段代码"),
    s("code", "#code", "Highlighted code in ten languages", "十种语言的代码高亮"),
    s("wide", "#wide", "A wide table, a long line of code and a long formula (they scroll sideways on a phone)", "宽表格、超长代码行和长公式（在手机上可横向滚动）"),
    s("reasoning", "#reasoning", "Long reasoning, then a short answer", "长推理过程，然后简短回答"),
    s("search", "#search", "Web search results and inline [ref_N] citations (results last)", "联网搜索结果与行内 [ref_N] 引用（结果在末尾）"),
    s("showcase", "#showcase", "Reasoning, citations, sources and a content-filter warning in one reply", "思考过程、引用、来源和内容审核提示集于一条回复"),
    s("search-first", "#search-first", "Web search results on the first chunk", "联网搜索结果在第一个数据块"),
    s("xss", "#xss", "Hostile HTML, links and sources: nothing may run", "恶意 HTML、链接和来源：不得执行任何脚本"),
    s("filter", "#filter", "content_filter verdicts and finish `sensitive`", "内容安全结果 content_filter，以 `sensitive` 结束"),
    s("sensitive", "#sensitive", "A partial answer, then finish `sensitive`", "部分回答后以 `sensitive` 结束"),
    s("length", "#length", "Cut off by max_tokens (`length`); reply \"continue\" to finish it", "被 max_tokens 截断（`length`）；回复“继续”可续写"),
    s("network-error", "#network-error", "A partial answer, then finish `network_error`", "部分回答后以 `network_error` 结束"),
    s("context", "#context", "Finish `model_context_window_exceeded`", "以 `model_context_window_exceeded` 结束"),
    s("tool", "#tool", "A get_weather function call; send the tool result back for the answer", "调用 get_weather 函数；回传工具结果后得到回答"),
    s("tool-stream", "#tool-stream", "Two function calls streamed in fragments", "两个函数调用，参数分片流式返回"),
    s("mcp", "#mcp", "MCP: a tool listing, a call with output and a failed call", "MCP：工具列表、一次成功调用和一次失败调用"),
    s("audio", "#audio", "A voice reply: a short WAV tone and its transcript", "语音回复：一段短 WAV 提示音及文字"),
    s("video", "#video", "A video_result with a URL and a cover image", "video_result：视频链接与封面"),
    s("usage", "#usage", "Usage with cached and reasoning tokens", "用量含缓存 token 与推理 token"),
    s("json", "#json", "The answer is a JSON object", "回答是一个 JSON 对象"),
    s("box", "#box", "GLM-4.5V `<think></think>` and `<|begin_of_box|>` tags", "GLM-4.5V 的 `<think></think>` 与 `<|begin_of_box|>` 标记"),
    s("401", "#401", "HTTP 401, code 1002: invalid API key", "HTTP 401，错误码 1002：API Key 无效"),
    s("1113", "#1113", "HTTP 429, code 1113: balance exhausted", "HTTP 429，错误码 1113：余额不足"),
    s("429", "#429", "HTTP 429, code 1302: rate limit", "HTTP 429，错误码 1302：速率限制"),
    s("1303", "#1303", "HTTP 429, code 1303: requests too frequent", "HTTP 429，错误码 1303：请求频率过高"),
    s("1305", "#1305", "HTTP 429, code 1305: model overloaded (with request_id)", "HTTP 429，错误码 1305：模型访问量过大"),
    s("1312", "#1312", "HTTP 429, code 1312: model busy, try another", "HTTP 429，错误码 1312：模型繁忙"),
    s("1301", "#1301", "HTTP 400, code 1301: unsafe content", "HTTP 400，错误码 1301：内容不安全"),
    s("1261", "#1261", "HTTP 400, code 1261: prompt too long", "HTTP 400，错误码 1261：Prompt 超长"),
    s("1211", "#1211", "HTTP 400, code 1211: model not found", "HTTP 400，错误码 1211：模型不存在"),
    s("500", "#500", "HTTP 500, code 500", "HTTP 500，错误码 500"),
    s("503", "#503", "HTTP 503 with an HTML body", "HTTP 503，HTML 响应体"),
    s("flat-error", "#flat-error", "HTTP 400 with Z.ai's flat body and a numeric code", "HTTP 400，Z.ai 扁平错误体（数字错误码）"),
    s("flaky", "#flaky N S", "HTTP 429, code 1302, N times (default 2), then an answer; S adds Retry-After: S", "前 N 次（默认 2 次）返回 HTTP 429、错误码 1302，之后正常回答；S 表示附带 Retry-After: S"),
    s("error-frame", "#error-frame", "An error frame mid-stream, then no [DONE]", "流中途出现错误帧，无 [DONE]"),
    s("error-200", "#error-200", "HTTP 200 whose JSON body is an error", "HTTP 200 但 JSON 响应体是错误"),
    s("drop", "#drop", "The connection is cut mid-stream", "流中途连接被切断"),
    s("slow", "#slow", "One chunk every 300 ms for 12 s (try Stop)", "每 300 毫秒一块，持续 12 秒（试试停止）"),
    s("split", "#split", "Network writes break inside UTF-8 characters and `data:` lines", "网络写入在 UTF-8 字符和 `data:` 行中间断开"),
    s("crlf", "#crlf", "CRLF line endings, keep-alive comments, `data:` without a space", "CRLF 换行、keep-alive 注释、`data:` 后无空格"),
    s("no-done", "#no-done", "Finish and usage, but no [DONE]", "有结束原因与用量，但没有 [DONE]"),
    s("hang", "#hang", "Headers, then silence for 60 s", "只发送响应头，然后静默 60 秒"),
    s("burst", "#burst N", "N Markdown chunks written at once (benchmark)", "一次写出 N 个 Markdown 块（性能测试）"),
    s("paced", "#paced N R", "N chunks at R per second (benchmark)", "以每秒 R 块的速度输出 N 块（性能测试）"),
    s("fast", "#fast", "No delay between chunks; combine with any tag", "块之间无延迟；可与任何标签组合"),
];

/// Every tag the request scanner recognises.
pub fn tags() -> Vec<&'static str> {
    CATALOG.iter().map(|s| s.tag).collect()
}

/// The catalogue as `GET /__mock/scenarios` returns it.
pub fn listing() -> serde_json::Value {
    let items = CATALOG
        .iter()
        .map(|s| serde_json::json!({ "tag": s.usage, "name": s.tag, "description": s.en, "description_zh": s.zh }));
    serde_json::Value::Array(items.collect())
}
