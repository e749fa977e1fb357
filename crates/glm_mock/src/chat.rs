//! `POST …/chat/completions`: authentication, validation, the scenario's reply, streamed or whole.

use std::io;
use std::net::TcpStream;
use std::time::Duration;

use serde_json::json;

use crate::Config;
use crate::ask::Ask;
use crate::http::{Request, Response};
use crate::jwt;
use crate::scenarios::{self, Outcome};
use crate::script::Pace;
use crate::writer::{self, Closing};

pub fn handle(config: &Config, stream: &TcpStream, request: &Request) -> io::Result<Closing> {
    if let Some(response) = check_auth(config, request) {
        response.send(stream, request)?;
        return Ok(Closing::Graceful);
    }
    let ask = match Ask::parse(&request.body, &scenarios::tags()) {
        Ok(ask) => ask,
        Err(detail) => {
            Response::json(400, &json!({ "error": detail })).send(stream, request)?;
            return Ok(Closing::Graceful);
        }
    };
    let scenario = ask.tag.clone().unwrap_or_else(|| "default".to_string());
    match scenarios::plan(&ask) {
        Outcome::Http(response) => {
            response.with("X-Mock-Scenario", scenario).send(stream, request)?;
            Ok(Closing::Graceful)
        }
        Outcome::Script(script) => {
            let pace = script
                .pace
                .unwrap_or(Pace::Every(if ask.fast { Duration::ZERO } else { config.delay }));
            if ask.stream {
                writer::write_stream(stream, request, &scenario, &script, pace)
            } else {
                writer::write_whole(stream, request, &ask, &scenario, &script, pace)
            }
        }
    }
}

/// With `--key K`, a request that sends `Authorization` must send `Bearer K`, or `Bearer <JWT>` signed with K's
/// secret when K is `id.secret` (an expired token gets 1003); without the header it is a demo request, allowed
/// unless `--require-key`.
fn check_auth(config: &Config, request: &Request) -> Option<Response> {
    match (request.header("authorization"), &config.key) {
        (Some(value), Some(key)) if value != format!("Bearer {key}") => {
            let token = value.strip_prefix("Bearer ").unwrap_or("");
            match jwt::verify(token, key, jwt::now_ms()) {
                jwt::Verdict::Valid => None,
                jwt::Verdict::Expired => Some(scenarios::expired_token()),
                jwt::Verdict::Invalid => Some(scenarios::auth_error(false)),
            }
        }
        (None, _) if config.require_key => Some(scenarios::auth_error(true)),
        _ => None,
    }
}
