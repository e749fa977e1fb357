//! User-facing error wording (English and Chinese) and the sanitising of server-supplied error text.

use super::ErrorKind::{self, *};
use super::Lang;

const MAX_MESSAGE_CHARS: usize = 500;

fn pick(lang: Lang, en: &'static str, zh: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

pub(super) fn title(kind: ErrorKind, code: Option<&str>, status: Option<u16>, lang: Lang) -> &'static str {
    let (en, zh) = match (kind, code.unwrap_or_default()) {
        (Auth, "1001") => ("API key missing", "缺少 API Key"),
        (Auth, "1003") => ("API key expired", "API Key 已过期"),
        (Auth, _) => ("Invalid API key", "API Key 无效"),
        (Balance, "1309") => ("Coding Plan expired", "GLM Coding Plan 已过期"),
        (Balance, _) => ("Insufficient balance", "账户余额不足"),
        (AccountLocked, "1110") => ("Account inactive", "账户未激活"),
        (AccountLocked, "1111") => ("Account not found", "账户不存在"),
        (AccountLocked, _) => ("Account locked", "账户已被锁定"),
        (RateLimit, "1302") => ("Too many concurrent requests", "并发请求过多"),
        (RateLimit, _) => ("Too many requests", "请求过于频繁"),
        (QuotaReached, "1304") => ("Daily quota reached", "已达今日调用上限"),
        (QuotaReached, "1313") => ("Usage restricted", "调用已被限速"),
        (QuotaReached, _) => ("Usage limit reached", "已达到用量上限"),
        (Overloaded, _) => ("Model busy", "模型繁忙"),
        (ContentPolicy, _) => ("Content blocked", "内容未通过安全审核"),
        (PromptTooLong, _) => ("Prompt too long", "输入内容过长"),
        (InvalidRequest, _) => ("Invalid request", "请求参数有误"),
        (ModelNotFound, _) => ("Model not found", "模型不存在"),
        (NoPermission, "1311") => ("Model not in your plan", "当前套餐无权使用该模型"),
        (NoPermission, _) => ("No permission", "无访问权限"),
        (NotFound, _) => ("Endpoint not found", "接口地址不存在"),
        (Server, _) if status == Some(503) => ("Service unavailable", "服务暂不可用"),
        (Server, _) => ("Server error", "服务器错误"),
        (Network, _) => ("Network error", "网络错误"),
        (Cors, _) => ("Blocked by the browser (CORS)", "请求被浏览器拦截（CORS）"),
        (InvalidResponse, _) => ("Unreadable response", "无法解析服务器响应"),
        (Unknown, _) => ("Request failed", "请求失败"),
    };
    pick(lang, en, zh)
}

pub(super) fn advice(kind: ErrorKind, code: Option<&str>, _status: Option<u16>, lang: Lang) -> &'static str {
    let (en, zh) = match (kind, code.unwrap_or_default()) {
        (Auth, "1001") => (
            "No API key was sent. Add your key in Settings.",
            "请求未携带 API Key。请在设置中填写 API Key。",
        ),
        (Auth, "1003") => (
            "Your API key has expired. Create a new key in the Zhipu console and paste it in Settings.",
            "API Key 已过期。请在智谱开放平台创建新的 API Key，并在设置中更新。",
        ),
        (Auth, _) => (
            "The API key was rejected. Check the key in Settings: it looks like id.secret, and keys from \
             bigmodel.cn and z.ai do not work on each other's endpoint.",
            "API Key 未通过验证。请在设置中检查 API Key：格式为 id.secret，且 bigmodel.cn 与 z.ai 的 Key 不能混用。",
        ),
        (Balance, "1309") => (
            "Your GLM Coding Plan has expired. Renew it, or use a general API key.",
            "GLM Coding Plan 已过期。请续订，或改用通用 API Key。",
        ),
        (Balance, _) => (
            "Your account balance has run out. Top up the balance or buy a resource package in the Zhipu console, \
             then try again.",
            "账户余额不足或没有可用资源包。请在智谱开放平台充值或购买资源包后重试。",
        ),
        (AccountLocked, _) => (
            "The account cannot be used right now. Check its status in the Zhipu console or contact Zhipu support.",
            "账户当前不可用。请在智谱开放平台查看账户状态或联系客服。",
        ),
        (RateLimit, _) => (
            "Too many requests at once. Slow down: wait a few seconds, then retry.",
            "请求过于频繁。请放慢速度，稍等几秒后重试。",
        ),
        (QuotaReached, "1313") => (
            "Your calls are restricted under the fair-use policy. Wait before sending more requests.",
            "因触发公平使用策略，调用已被限速。请稍后再发送请求。",
        ),
        (QuotaReached, _) => (
            "You have reached a usage limit. It resets later (the detail says when): wait for the reset or \
             upgrade your plan.",
            "已达到用量上限，额度会在稍后重置（时间见详情）。请等待重置或升级套餐。",
        ),
        (Overloaded, _) => (
            "The model is busy right now. Wait a moment and retry, or switch to another model.",
            "模型当前访问量过大。请稍后重试，或换用其他模型。",
        ),
        (ContentPolicy, _) => (
            "The message or the reply was flagged by content safety. Rephrase your message and try again; if \
             earlier messages triggered it, start a new chat.",
            "输入或生成内容被判定为不安全。请修改措辞后重试；如果是之前的对话触发，请开启新对话。",
        ),
        (PromptTooLong, _) => (
            "The conversation is too long for the model. Shorten your message or start a new chat.",
            "对话内容超出模型长度限制。请缩短消息或开启新对话。",
        ),
        (InvalidRequest, _) => (
            "The server rejected the request parameters. Check the model and options in Settings; the detail \
             names the parameter.",
            "服务器拒绝了请求参数。请检查设置中的模型与参数；具体原因见详情。",
        ),
        (ModelNotFound, _) => (
            "The model does not exist. Check the model id in Settings.",
            "模型不存在。请在设置中检查模型名称。",
        ),
        (NoPermission, "1311") => (
            "Your plan has no access to this model. Choose another model or upgrade the plan.",
            "当前套餐无权使用该模型。请换用其他模型或升级套餐。",
        ),
        (NoPermission, _) => (
            "This key may not use the requested API or model. Choose another model or check the key's permissions.",
            "该 API Key 无权使用所请求的接口或模型。请换用其他模型或检查 Key 的权限。",
        ),
        (NotFound, _) => (
            "The endpoint was not found. Check the API endpoint URL in Settings.",
            "接口地址不存在。请在设置中检查 API 地址。",
        ),
        (Server, _) => (
            "The service had a problem. Try again in a moment.",
            "服务出现问题。请稍后重试。",
        ),
        (Network, _) => (
            "Could not reach the API. Check your internet connection and the endpoint URL in Settings; if the \
             browser blocks the request (CORS), use a proxy endpoint.",
            "无法连接到 API。请检查网络连接和设置中的接口地址；如果请求被浏览器拦截（CORS），请改用代理地址。",
        ),
        (Cors, _) => (
            "The endpoint does not accept requests from this page. Set a proxy endpoint in Settings.",
            "该接口不允许从本页面直接访问。请在设置中配置代理地址。",
        ),
        (InvalidResponse, _) => (
            "The server sent data the app could not read. Try again.",
            "服务器返回了无法解析的数据。请重试。",
        ),
        (Unknown, _) => (
            "Something went wrong. Try again; the detail may say more.",
            "出现未知错误。请重试；详情中可能有更多信息。",
        ),
    };
    pick(lang, en, zh)
}

/// Codes go into `data-*` attributes and `Display`; anything unusual falls back to the status.
pub(super) fn is_plain_code(code: &str) -> bool {
    (1..=16).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Server text is untrusted and may echo credentials: redact key-like words, trim, and cap the length.
pub(super) fn clean_message(message: &str) -> String {
    let redacted = redact_keys(message.trim());
    match redacted.char_indices().nth(MAX_MESSAGE_CHARS) {
        Some((cut, _)) => format!("{}…", &redacted[..cut]),
        None => redacted,
    }
}

/// Detail for a body that is not JSON: the `<title>` of an HTML page (proxies and gateways send those), or the
/// text itself; never raw markup.
pub(super) fn non_json_message(body: &str) -> Option<String> {
    let body = body.trim();
    if body.is_empty() {
        return None;
    }
    if !body.starts_with('<') {
        return Some(body.to_string());
    }
    let lower = body.to_ascii_lowercase();
    let start = lower.find("<title>")? + "<title>".len();
    let end = start + lower[start..].find("</title>")?;
    let title = body[start..end].trim();
    (!title.is_empty()).then(|| title.to_string())
}

/// `id.secret` API keys, JWTs and `sk-` style keys: long words of letters and digits joined by dots or dashes.
fn is_key_like(word: &str) -> bool {
    let has_letter = word.bytes().any(|b| b.is_ascii_alphabetic());
    let has_digit = word.bytes().any(|b| b.is_ascii_digit());
    let dotted = word.contains('.') && word.split('.').all(|part| !part.is_empty());
    word.len() >= 24 && has_letter && has_digit && (dotted || word.starts_with("sk-"))
}

fn redact_keys(text: &str) -> String {
    let is_word_byte = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(is_word_byte) {
        let mut end = rest[start..]
            .find(|c: char| !is_word_byte(c))
            .map_or(rest.len(), |e| start + e);
        // A sentence's full stop is not part of the key.
        let core = rest[start..end].trim_end_matches('.').len();
        if core > 0 {
            end = start + core;
        }
        out.push_str(&rest[..start]);
        let word = &rest[start..end];
        out.push_str(if is_key_like(word) { "[redacted]" } else { word });
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}
