//! Serving the built app: MIME types, the SPA fallback, no traversal, and the injected endpoint meta tag.

mod common;

use common::{send, start};
use glm_mock::Config;

#[test]
fn static_files_are_served_with_types_fallback_and_the_endpoint_meta() {
    let dir = std::env::temp_dir().join(format!("glm-mock-static-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><html><head><title>t</title></head><body></body></html>",
    )
    .unwrap();
    std::fs::write(dir.join("pkg/app_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dir.join("app.js"), "export {}").unwrap();
    let server = start(Config {
        static_dir: Some(dir.clone()),
        ..Config::default()
    });
    let get = |path: &str| send(server.addr, "GET", path, &[], b"");

    let index = get("/");
    assert_eq!(index.status, 200);
    assert_eq!(index.header("content-type"), Some("text/html; charset=utf-8"));
    let meta = format!(
        "<head><meta name=\"glm-chat-default-endpoint\" content=\"http://{}/api/paas/v4\"><title>",
        server.addr
    );
    assert!(index.text().contains(&meta), "{}", index.text());
    assert_eq!(get("/settings/keys").text(), index.text(), "SPA fallback");

    let wasm = get("/pkg/app_bg.wasm");
    assert_eq!(
        (wasm.status, wasm.header("content-type")),
        (200, Some("application/wasm"))
    );
    assert_eq!(wasm.body, b"\0asm\x01\0\0\0");
    assert_eq!(
        get("/app.js").header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert_eq!(get("/missing.css").status, 404);
    assert_eq!(get("/../Cargo.toml").status, 404);
    assert_eq!(get("/%2e%2e/%2e%2e/etc/passwd").status, 404);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_app_can_be_served_under_a_sub_path_with_the_api_at_the_root() {
    let dir = std::env::temp_dir().join(format!("glm-mock-base-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><html><title>t</title></html>").unwrap();
    std::fs::write(dir.join("app.js"), "export {}").unwrap();
    let server = start(Config {
        static_dir: Some(dir.clone()),
        base: "/tools/chat/".into(),
        ..Config::default()
    });
    let get = |path: &str| send(server.addr, "GET", path, &[], b"");

    let index = get("/tools/chat/");
    assert_eq!(index.status, 200);
    assert!(
        index
            .text()
            .starts_with("<!doctype html><html><meta name=\"glm-chat-default-endpoint\"")
    );
    assert!(
        index.text().contains(&format!("http://{}/api/paas/v4", server.addr)),
        "the API stays at the root"
    );
    assert_eq!(get("/tools/chat/app.js").body, b"export {}");
    assert_eq!(get("/tools/chat/index.html").status, 200);
    let bare = get("/tools/chat");
    assert_eq!((bare.status, bare.header("location")), (301, Some("/tools/chat/")));
    assert_eq!(get("/").status, 404, "nothing outside the base");
    assert_eq!(get("/app.js").status, 404);
    let chat = send(
        server.addr,
        "POST",
        "/api/paas/v4/chat/completions",
        &[("Content-Type", "application/json")],
        br#"{"model":"glm-4.5-flash","stream":false,"messages":[{"role":"user","content":"hi"}]}"#,
    );
    assert_eq!(chat.status, 200);
    let _ = std::fs::remove_dir_all(dir);
}
