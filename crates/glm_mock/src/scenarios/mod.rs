//! Scenarios: which `#tag` produces which reply, a scripted stream or an HTTP error.

mod answers;
mod catalog;
mod errors;
mod faults;
mod media;
mod texts;
mod tools;

pub use catalog::{CATALOG, Scenario, listing, tags};
pub use errors::{auth_error, error_body, expired_token};

use crate::ask::Ask;
use crate::http::Response;
use crate::script::{Script, Turn};

/// What a chat request gets: a scripted 200 reply, or a plain HTTP response (errors).
#[derive(Debug)]
pub enum Outcome {
    Script(Script),
    Http(Response),
}

/// The reply for a request, by the tag it selected.
pub fn plan(ask: &Ask) -> Outcome {
    let tag = ask.tag.as_deref().unwrap_or("default");
    if tag == "flaky" {
        return faults::flaky(ask);
    }
    if let Some(response) = errors::response(tag, ask) {
        return Outcome::Http(response);
    }
    let mut turn = Turn::new(ask);
    Outcome::Script(script_for(tag, &mut turn).unwrap_or_else(|| answers::default(&mut turn)))
}

/// The scripted reply of a non-error tag; `None` for tags that have none.
fn script_for(tag: &str, turn: &mut Turn) -> Option<Script> {
    Some(match tag {
        "markdown" => answers::markdown(turn),
        "math" => answers::math(turn),
        "code" => answers::code(turn),
        "wide" => answers::wide(turn),
        "reasoning" => answers::reasoning(turn),
        "search" => media::search(turn, false),
        "search-first" => media::search(turn, true),
        "showcase" => media::showcase(turn),
        "xss" => media::xss(turn),
        "filter" => answers::filter(turn),
        "sensitive" => answers::sensitive(turn),
        "length" => answers::length(turn),
        "network-error" => answers::network_error(turn),
        "context" => answers::context(turn),
        "tool" => tools::tool(turn),
        "tool-stream" => tools::tool_stream(turn),
        "mcp" => tools::mcp(turn),
        "audio" => media::audio(turn),
        "video" => media::video(turn),
        "usage" => answers::usage(turn),
        "json" => answers::json(turn),
        "box" => answers::boxed(turn),
        "error-frame" => faults::error_frame(turn),
        "drop" => faults::drop(turn),
        "slow" => faults::slow(turn),
        "split" => faults::split(turn),
        "crlf" => faults::crlf(turn),
        "no-done" => faults::no_done(turn),
        "hang" => faults::hang(turn),
        "burst" => faults::burst(turn),
        "paced" => faults::paced(turn),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalogued_tag_is_an_error_or_has_a_script() {
        // `#flaky` alternates between the two by design (tested on its own).
        for scenario in CATALOG.iter().filter(|s| s.tag != "fast" && s.tag != "flaky") {
            let body = format!(
                r#"{{"model":"glm-4.5","messages":[{{"role":"user","content":"hi #{} 3 2"}}]}}"#,
                scenario.tag
            );
            let ask = Ask::parse(body.as_bytes(), &tags()).unwrap();
            assert_eq!(ask.tag.as_deref(), Some(scenario.tag));
            let scripted = script_for(scenario.tag, &mut Turn::new(&ask)).is_some();
            assert!(
                scripted != errors::response(scenario.tag, &ask).is_some(),
                "{}",
                scenario.tag
            );
        }
    }

    #[test]
    fn flaky_fails_n_times_then_answers_then_starts_again() {
        let body = br#"{"model":"glm-4.5","messages":[{"role":"user","content":"unit #flaky 2 3"}]}"#;
        let ask = Ask::parse(body, &tags()).unwrap();
        let statuses: Vec<Option<u16>> = (0..6)
            .map(|_| match plan(&ask) {
                Outcome::Http(r) => {
                    assert!(r.headers.iter().any(|(n, v)| *n == "Retry-After" && v == "3"));
                    Some(r.status)
                }
                Outcome::Script(_) => None,
            })
            .collect();
        assert_eq!(statuses, [Some(429), Some(429), None, Some(429), Some(429), None]);
    }
}
