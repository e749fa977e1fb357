fn main() {
    console_error_panic_hook::set_once();
    // Started by the embedding entry (glm-chat-embed.js): widgets mount themselves, the host page stays as it is.
    if glm_chat::embed::started_by_embed() {
        return;
    }
    leptos::mount::mount_to_body(glm_chat::views::app::Boot);
}
