//! The key in Settings: the key itself (masked, with show/hide), where it is kept (this browser, this session,
//! encrypted with a passphrase), JWT signing, Test key and Forget key.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::config::KeyStorage;
use crate::key::KeyTest;
use crate::key_store::{self, KeyMode, PassphraseProblem};
use crate::state::{AppState, use_state};

#[component]
pub fn KeySection() -> impl IntoView {
    let state = use_state();
    let keyring = state.keyring;
    let show_key = RwSignal::new(false);
    // The encrypted mode is picked in the radio group, then set up with a passphrase before it takes effect.
    let choosing_encrypted = RwSignal::new(false);
    let mode = Memo::new(move |_| keyring.mode());
    let shown_mode = move || {
        if choosing_encrypted.get() {
            Some(KeyMode::Encrypted)
        } else {
            mode.get()
        }
    };
    let needs_passphrase =
        move || shown_mode() == Some(KeyMode::Encrypted) && !keyring.sealing.get() && !keyring.locked.get();
    let pick = move |m: KeyMode| {
        if m == KeyMode::Encrypted {
            choosing_encrypted.set(true);
        } else {
            choosing_encrypted.set(false);
            keyring.choose_mode(state, m);
        }
    };
    view! {
        <div class="gc-key" data-part="key-section">
            <label class="gc-field">
                <span>{move || state.t().api_key}</span>
                <span class="gc-row">
                    <input
                        type=move || if show_key.get() { "text" } else { "password" }
                        autocomplete="off"
                        spellcheck="false"
                        aria-label=move || state.t().api_key
                        readonly=move || keyring.locked.get()
                        placeholder=move || if keyring.locked.get() { "••••••••" } else { "" }
                        prop:value=move || state.key.get()
                        on:input=move |ev| keyring.set_key(state, event_target_value(&ev))
                    />
                    <button
                        type="button"
                        class="gc-action gc-secondary"
                        aria-pressed=move || show_key.get().to_string()
                        on:click=move |_| show_key.update(|v| *v = !*v)
                    >
                        {move || if show_key.get() { state.t().hide_key } else { state.t().show_key }}
                    </button>
                </span>
                <small>{move || state.t().api_key_hint}</small>
            </label>
            {move || {
                keyring.locked.get().then(|| {
                    view! {
                        <p class="gc-key-note" data-part="key-locked">
                            <span>{move || state.t().key_locked_note}</span>
                            <button type="button" class="gc-action" on:click=move |_| keyring.unlock_open.set(true)>
                                {move || state.t().unlock}
                            </button>
                        </p>
                    }
                })
            }}
            <fieldset class="gc-key-modes">
                <legend>{move || state.t().key_storage}</legend>
                <ModeOption mode=KeyMode::Local label=move || state.t().key_mode_local shown=Signal::derive(shown_mode) pick=pick />
                <ModeOption mode=KeyMode::Session label=move || state.t().key_mode_session shown=Signal::derive(shown_mode) pick=pick />
                <ModeOption mode=KeyMode::Encrypted label=move || state.t().key_mode_encrypted shown=Signal::derive(shown_mode) pick=pick />
                <small class="gc-hint">
                    {move || if keyring.host == KeyStorage::Session { state.t().key_host_session } else { state.t().key_modes_hint }}
                </small>
                {move || needs_passphrase().then(|| view! { <PassphraseSetup done=choosing_encrypted /> })}
                {move || {
                    (mode.get() == Some(KeyMode::Encrypted) && keyring.sealing.get())
                        .then(|| view! { <p class="gc-hint" role="status">{move || state.t().key_sealed}</p> })
                }}
            </fieldset>
            <label class="gc-toggle">
                <input
                    type="checkbox"
                    aria-label=move || state.t().jwt_mode
                    prop:checked=move || keyring.prefs.with(|p| p.jwt)
                    on:change=move |ev| keyring.set_jwt(state, event_target_checked(&ev))
                />
                <span>{move || state.t().jwt_mode}</span>
            </label>
            <small class="gc-hint">{move || state.t().jwt_hint}</small>
            <div class="gc-row gc-key-actions">
                <button type="button" class="gc-action" on:click=move |_| keyring.run_test(state)>
                    {move || state.t().test_key}
                </button>
                <button
                    type="button"
                    class="gc-action gc-secondary"
                    on:click=move |_| {
                        choosing_encrypted.set(false);
                        keyring.forget(state);
                    }
                >
                    {move || state.t().forget_key}
                </button>
            </div>
            <TestResult state=state />
        </div>
    }
}

#[component]
fn ModeOption(
    mode: KeyMode,
    label: impl Fn() -> &'static str + Copy + Send + Sync + 'static,
    shown: Signal<Option<KeyMode>>,
    pick: impl Fn(KeyMode) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let state = use_state();
    let allowed = key_store::allowed(state.keyring.host, mode);
    view! {
        <label class="gc-toggle">
            <input
                type="radio"
                name="gc-key-mode"
                value=match mode {
                    KeyMode::Local => "local",
                    KeyMode::Session => "session",
                    KeyMode::Encrypted => "encrypted",
                }
                disabled=!allowed
                prop:checked=move || shown.get() == Some(mode)
                on:change=move |_| pick(mode)
            />
            <span>{label}</span>
        </label>
    }
}

/// Two passphrase fields and "Encrypt key". The passphrase is used once to derive the AES key and then dropped.
#[component]
fn PassphraseSetup(done: RwSignal<bool>) -> impl IntoView {
    let state = use_state();
    let first = RwSignal::new(String::new());
    let second = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<&'static str>);
    let busy = RwSignal::new(false);
    let encrypt = move |_| {
        let t = state.t();
        let (a, b) = (first.get_untracked(), second.get_untracked());
        if let Err(p) = key_store::check_passphrase(&a, &b) {
            problem.set(Some(match p {
                PassphraseProblem::TooShort => t.passphrase_short,
                PassphraseProblem::Mismatch => t.passphrase_mismatch,
            }));
            return;
        }
        problem.set(None);
        busy.set(true);
        spawn_local(async move {
            let result = state.keyring.seal(state, a).await;
            busy.try_set(false);
            match result {
                Ok(()) => {
                    first.try_set(String::new());
                    second.try_set(String::new());
                    done.try_set(false);
                }
                Err(_) => {
                    problem.try_set(Some(t.crypto_unavailable));
                }
            }
        });
    };
    view! {
        <div class="gc-passphrase">
            <label class="gc-field">
                <span>{move || state.t().passphrase}</span>
                <input
                    type="password"
                    autocomplete="new-password"
                    aria-label=move || state.t().passphrase
                    aria-invalid=move || problem.with(Option::is_some).to_string()
                    prop:value=move || first.get()
                    on:input=move |ev| first.set(event_target_value(&ev))
                />
            </label>
            <label class="gc-field">
                <span>{move || state.t().passphrase_repeat}</span>
                <input
                    type="password"
                    autocomplete="new-password"
                    aria-label=move || state.t().passphrase_repeat
                    prop:value=move || second.get()
                    on:input=move |ev| second.set(event_target_value(&ev))
                />
            </label>
            {move || problem.get().map(|p| view! { <small class="gc-field-error" role="alert">{p}</small> })}
            <button type="button" class="gc-action" disabled=move || busy.get() on:click=encrypt>
                {move || state.t().encrypt_key}
            </button>
        </div>
    }
}

/// What Test key found, in plain words, announced politely.
#[component]
fn TestResult(state: AppState) -> impl IntoView {
    let keyring = state.keyring;
    let text = move || {
        let t = state.t();
        keyring.test.with(|r| {
            r.as_ref().map(|r| match r {
                KeyTest::Testing => t.key_testing.to_string(),
                KeyTest::Works => t.key_works.to_string(),
                KeyTest::Rejected => t.key_rejected.to_string(),
                KeyTest::RateLimited => t.key_rate_limited.to_string(),
                KeyTest::Cors => t.key_cors.to_string(),
                KeyTest::Network => t.key_network.to_string(),
                KeyTest::NoKey => t.key_no_key.to_string(),
                KeyTest::Other(e) => t.key_other.replace("{title}", e.title(state.lang.get())),
            })
        })
    };
    view! {
        <p
            class="gc-key-test"
            role="status"
            data-part="key-test"
            data-result=move || keyring.test.with(|r| r.as_ref().map(KeyTest::as_str).unwrap_or(""))
        >
            {text}
        </p>
    }
}
