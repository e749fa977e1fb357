//! The GLM chat-completions protocol: wire types, request building, SSE decoding, the stream reducer and error mapping.
//!
//! Pure Rust: fed bytes and values, returns values. No I/O, no browser, no async runtime.

pub mod error;
pub mod lenient;
pub mod reply;
pub mod request;
pub mod sse;
pub mod wire;
