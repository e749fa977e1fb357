//! `glm-mock` command line: parses flags, starts the server and prints where it listens.

use std::fmt;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use glm_mock::{Config, serve};

const USAGE: &str =
    "usage: glm-mock [--port 8787] [--host 127.0.0.1] [--static DIR [--base /sub/path/]] [--key KEY] [--require-key]
                [--delay-ms 15]

A local GLM chat-completions server for demos and tests. Put a #tag in the last user message to pick a
scenario (GET /__mock/scenarios lists them); GET /__mock/requests shows what clients sent. --base serves the app
under a sub-path (the API stays at /api/paas/v4).";

/// A command line that cannot be run.
#[derive(Debug, PartialEq)]
enum ArgError {
    MissingValue(String),
    NotANumber(String, String),
    Unknown(String),
    NotADirectory(PathBuf),
}

impl fmt::Display for ArgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArgError::MissingValue(flag) => write!(f, "{flag} needs a value"),
            ArgError::NotANumber(flag, value) => {
                write!(f, "{flag}: {value:?} is not a valid number")
            }
            ArgError::Unknown(arg) => write!(f, "unknown argument: {arg}"),
            ArgError::NotADirectory(dir) => {
                write!(f, "--static: {} is not a directory", dir.display())
            }
        }
    }
}

/// The configuration, or `None` when help was asked for.
fn parse(args: impl IntoIterator<Item = String>) -> Result<Option<Config>, ArgError> {
    let mut config = Config::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag.to_string(), Some(value.to_string())),
            None => (arg.clone(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| ArgError::MissingValue(flag.clone()))
        };
        let number = |text: String| {
            text.parse::<u64>()
                .map_err(|_| ArgError::NotANumber(flag.clone(), text))
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--port" | "-p" => {
                let port = value()?;
                config.port = port.parse().map_err(|_| ArgError::NotANumber(flag.clone(), port))?;
            }
            "--host" => config.host = value()?,
            "--static" => config.static_dir = Some(PathBuf::from(value()?)),
            "--base" => config.base = normalize_base(&value()?),
            "--key" => config.key = Some(value()?),
            "--require-key" => config.require_key = true,
            "--delay-ms" => config.delay = Duration::from_millis(number(value()?)?),
            _ => return Err(ArgError::Unknown(arg)),
        }
    }
    match config.static_dir {
        Some(dir) if !dir.is_dir() => Err(ArgError::NotADirectory(dir)),
        _ => Ok(Some(config)),
    }
}

/// `tools/chat` and `/tools/chat` become `/tools/chat/`.
fn normalize_base(base: &str) -> String {
    let inner = base.trim().trim_matches('/');
    if inner.is_empty() {
        "/".to_string()
    } else {
        format!("/{inner}/")
    }
}

fn main() -> ExitCode {
    let config = match parse(std::env::args().skip(1)) {
        Ok(Some(config)) => config,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            eprintln!("glm-mock: {error}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let server = match serve(config) {
        Ok(server) => server,
        Err(e) => {
            eprintln!("glm-mock: cannot listen: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("glm-mock listening on {}", server.url());
    let _ = std::io::stdout().flush();
    loop {
        std::thread::park();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn flags_are_parsed() {
        let config = parse(args(&[
            "--port",
            "0",
            "--host=0.0.0.0",
            "--key",
            "k",
            "--require-key",
            "--delay-ms",
            "3",
            "--base",
            "tools/chat",
        ]))
        .unwrap()
        .unwrap();
        assert_eq!((config.port, config.host.as_str()), (0, "0.0.0.0"));
        assert_eq!(config.key.as_deref(), Some("k"));
        assert!(config.require_key);
        assert_eq!(config.delay, Duration::from_millis(3));
        assert_eq!(config.base, "/tools/chat/");
        assert_eq!(normalize_base("/"), "/");
    }

    #[test]
    fn bad_flags_are_reported() {
        assert_eq!(parse(args(&["--port"])), Err(ArgError::MissingValue("--port".into())));
        assert_eq!(
            parse(args(&["--port", "x"])),
            Err(ArgError::NotANumber("--port".into(), "x".into()))
        );
        assert_eq!(parse(args(&["--nope"])), Err(ArgError::Unknown("--nope".into())));
        assert!(matches!(
            parse(args(&["--static", "/definitely/not/here"])),
            Err(ArgError::NotADirectory(_))
        ));
        assert!(parse(args(&["--help"])).unwrap().is_none());
    }
}
