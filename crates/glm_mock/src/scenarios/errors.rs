//! HTTP error scenarios, with the status, business code and message pairings observed on the real API (§8).

use glm_protocol::wire::ErrorDetail;
use serde_json::{Value, json};

use crate::ask::Ask;
use crate::http::Response;
use crate::ids::{self, Rng};

/// The documented wrapped shape: `{"error":{"code":"<string>","message":"…"}}`.
pub fn error_body(code: &str, message: &str) -> Value {
    json!({ "error": ErrorDetail { code: Some(code.to_string()), message: Some(message.to_string()) } })
}

/// 401 for a missing (1001) or wrong (1002) `Authorization` header.
pub fn auth_error(missing: bool) -> Response {
    let body = if missing {
        error_body("1001", "Header中未收到Authorization参数，无法进行身份验证。")
    } else {
        error_body("1002", "Authorization Token非法，请确认Authorization Token正确传递。")
    };
    Response::json(401, &body)
}

/// 401 with 1003 for a JWT past its `exp`.
pub fn expired_token() -> Response {
    Response::json(401, &error_body("1003", "Authorization Token已过期，请重新生成/获取。"))
}

/// The response of an error tag, or `None` when the tag is not an HTTP error.
pub fn response(tag: &str, ask: &Ask) -> Option<Response> {
    let wrapped = |status: u16, code: &str, message: &str| Response::json(status, &error_body(code, message));
    Some(match tag {
        "401" => auth_error(false),
        "1113" => wrapped(429, "1113", "余额不足或无可用资源包,请充值。"),
        "429" => wrapped(429, "1302", "Rate limit reached for requests"),
        "1303" => wrapped(429, "1303", "您当前使用该API的请求频率过高，请降低频率后再试。"),
        "1305" => {
            let mut body = error_body("1305", "该模型当前访问量过大，请您稍后再试");
            body["request_id"] = json!(ids::completion_id(ids::unix_now(), &mut Rng::fresh()));
            Response::json(429, &body)
        }
        "1312" => wrapped(
            429,
            "1312",
            "该模型当前负载过高，请稍后重试，或切换至其他模型，如 glm-4.5-air。",
        ),
        "1301" => wrapped(
            400,
            "1301",
            "系统检测到输入或生成内容可能包含不安全或敏感内容，请您避免输入易产生敏感内容的提示语，感谢您的配合。",
        ),
        "1261" => wrapped(400, "1261", "Prompt 超长，请缩短输入内容后重试。"),
        "1211" => wrapped(400, "1211", &format!("模型不存在，请检查模型代码。({})", ask.model())),
        "500" => wrapped(500, "500", "Internal Error"),
        "503" => Response::new(
            503,
            "text/html",
            "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n\
             <center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
        ),
        "flat-error" => Response::json(400, &json!({ "code": 1214, "message": "Invalid parameter: messages" })),
        "error-200" => wrapped(200, "1305", "该模型当前访问量过大，请您稍后再试"),
        _ => return None,
    })
}
