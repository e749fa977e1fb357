//! glm-mock: a local server that speaks Zhipu's GLM chat-completions wire format, with a scripted scenario per `#tag`.
//!
//! Start it with [`serve`]; it runs on background threads (one per connection) until the process exits.

pub mod ask;
pub mod chat;
pub mod http;
pub mod ids;
pub mod jwt;
pub mod scenarios;
pub mod script;
pub mod static_files;
pub mod tokens;
pub mod wav;
pub mod whole;
pub mod writer;

use std::collections::VecDeque;
use std::io;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use serde_json::{Value, json};

use http::{ReadError, Request, Response};
use writer::Closing;

/// Server settings, as the command line gives them.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub host: String,
    /// 0 picks a free port.
    pub port: u16,
    /// Serve the built app from here.
    pub static_dir: Option<PathBuf>,
    /// The URL path the app is served under (`/`, or a sub-path such as `/tools/chat/`); the API stays at `/`.
    pub base: String,
    /// The only accepted `Authorization: Bearer …` value, when one is sent. A key shaped `id.secret` also accepts
    /// an HS256 JWT signed with its secret (reference §11).
    pub key: Option<String>,
    /// Reject requests without an `Authorization` header (1001).
    pub require_key: bool,
    /// Default pause between stream chunks.
    pub delay: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            host: "127.0.0.1".to_string(),
            port: 8787,
            static_dir: None,
            base: "/".to_string(),
            key: None,
            require_key: false,
            delay: Duration::from_millis(15),
        }
    }
}

/// A running server.
#[derive(Debug, Clone)]
pub struct Server {
    pub addr: SocketAddr,
}

impl Server {
    /// `http://HOST:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

const MAX_CONNECTIONS: usize = 512;
const JOURNAL_LEN: usize = 100;
/// Longer strings (base64 images) are shortened in the journal.
const JOURNAL_STRING_MAX: usize = 256 * 1024;

struct State {
    config: Config,
    addr: SocketAddr,
    journal: Mutex<VecDeque<Value>>,
    connections: AtomicUsize,
}

/// Binds and starts accepting in a background thread. Returns once the port is bound.
pub fn serve(config: Config) -> io::Result<Server> {
    let listener = TcpListener::bind((config.host.as_str(), config.port))?;
    let addr = listener.local_addr()?;
    let state = Arc::new(State {
        config,
        addr,
        journal: Mutex::new(VecDeque::new()),
        connections: AtomicUsize::new(0),
    });
    thread::Builder::new().name("glm-mock-accept".into()).spawn(move || {
        for conn in listener.incoming() {
            match conn {
                Ok(stream) if state.connections.load(Ordering::Relaxed) < MAX_CONNECTIONS => {
                    state.connections.fetch_add(1, Ordering::Relaxed);
                    let state = Arc::clone(&state);
                    let spawned = thread::Builder::new().name("glm-mock-conn".into()).spawn(move || {
                        handle_connection(&state, stream);
                        state.connections.fetch_sub(1, Ordering::Relaxed);
                    });
                    if spawned.is_err() {
                        thread::sleep(Duration::from_millis(50));
                    }
                }
                Ok(stream) => drop(stream),
                Err(_) => thread::sleep(Duration::from_millis(50)),
            }
        }
    })?;
    Ok(Server { addr })
}

fn handle_connection(state: &State, stream: TcpStream) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(30)));
    let closing = match http::read_request(&stream) {
        Ok(request) => route(state, &stream, &request),
        Err(ReadError::Bad(status, message)) => {
            let body = scenarios::error_body(&status.to_string(), message);
            Response::json(status, &body)
                .send(&stream, &Request::default())
                .map(|_| Closing::Graceful)
        }
        Err(ReadError::Gone) => return,
    };
    if let Ok(Closing::Graceful) = closing {
        http::close_gracefully(&stream);
    }
}

fn route(state: &State, stream: &TcpStream, request: &Request) -> io::Result<Closing> {
    let response = match (request.method.as_str(), request.path.as_str()) {
        ("OPTIONS", _) => preflight(request),
        ("POST", path) if path.ends_with("/chat/completions") => {
            state.record(request);
            return chat::handle(&state.config, stream, request);
        }
        ("GET", "/__mock/requests") => Response::json(200, &Value::Array(state.journal().iter().cloned().collect())),
        ("DELETE", "/__mock/requests") => {
            state.journal().clear();
            Response::empty(204)
        }
        ("GET", "/__mock/scenarios") => Response::json(200, &scenarios::listing()),
        ("GET" | "HEAD", _) => state
            .config
            .static_dir
            .as_deref()
            .and_then(|dir| static_files::serve(dir, &state.config.base, request, &state.addr.to_string()))
            .unwrap_or_else(|| Response::json(404, &scenarios::error_body("404", "Not Found"))),
        _ => Response::json(405, &scenarios::error_body("405", "Method Not Allowed")),
    };
    response.send(stream, request)?;
    Ok(Closing::Graceful)
}

/// CORS preflight: allows exactly the headers a GLM client needs.
fn preflight(request: &Request) -> Response {
    let mut response = Response::empty(204)
        .with("Access-Control-Allow-Methods", "POST, GET, OPTIONS")
        .with(
            "Access-Control-Allow-Headers",
            "authorization, content-type, accept-language",
        )
        .with("Access-Control-Max-Age", "600");
    if request.header("access-control-request-private-network").is_some() {
        response = response.with("Access-Control-Allow-Private-Network", "true");
    }
    response
}

impl State {
    fn journal(&self) -> std::sync::MutexGuard<'_, VecDeque<Value>> {
        self.journal.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Remembers a chat request for `GET /__mock/requests`.
    fn record(&self, request: &Request) {
        let headers: serde_json::Map<String, Value> =
            request
                .headers
                .iter()
                .fold(serde_json::Map::new(), |mut map, (name, value)| {
                    let joined = match map.get(name).and_then(Value::as_str) {
                        Some(earlier) => format!("{earlier}, {value}"),
                        None => value.clone(),
                    };
                    map.insert(name.clone(), Value::String(joined));
                    map
                });
        let mut body = serde_json::from_slice(&request.body)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&request.body).into_owned()));
        shorten_strings(&mut body);
        let mut journal = self.journal();
        if journal.len() == JOURNAL_LEN {
            journal.pop_front();
        }
        journal.push_back(json!({ "method": request.method, "path": request.path, "headers": headers, "body": body }));
    }
}

fn shorten_strings(value: &mut Value) {
    match value {
        Value::String(s) if s.len() > JOURNAL_STRING_MAX => {
            let keep = (0..=1024).rev().find(|i| s.is_char_boundary(*i)).unwrap_or(0);
            *s = format!("{}…[{} bytes]", &s[..keep], s.len());
        }
        Value::Array(items) => items.iter_mut().for_each(shorten_strings),
        Value::Object(map) => map.values_mut().for_each(shorten_strings),
        _ => {}
    }
}
