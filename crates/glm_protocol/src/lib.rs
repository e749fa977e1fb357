//! The GLM chat-completions protocol: wire types, request building, SSE decoding, the stream reducer and error mapping.
//!
//! Pure Rust: fed bytes and values, returns values. No I/O, no browser, no async runtime.

pub mod base64;
pub mod error;
pub mod inspect;
pub mod jwt;
pub mod lenient;
pub mod models;
pub mod params;
pub mod reply;
pub mod request;
pub mod retry;
pub mod sse;
pub mod tools;
pub mod wire;

pub use error::{ApiError, ErrorKind, Lang};
pub use reply::{Reply, ReplyStatus, StreamEvent, StreamReader, events_from_completion};
pub use request::{RequestOptions, SendProblem, build_request, check_options, default_web_search, endpoint_url};
pub use sse::{SseDecoder, SseEvent, StreamEnd};
