// GLM Chat widget: one script tag and one element.
//
//   <script type="module" src="https://your.site/chat/glm-chat-embed.js"></script>
//   <glm-chat endpoint="/api/paas/v4" key-storage="none" mode="launcher"></glm-chat>
//
// or, from a framework:
//
//   import { mount } from 'https://your.site/chat/glm-chat-embed.js';
//   const chat = await mount(element, { endpoint, model, systemPrompt, keyStorage, mode, widgetId,
//                                       onMessage(detail) {}, onError(detail) {} });
//   chat.send('Hello');  chat.on('message', (detail) => {});  chat.unmount();
//
// The widget lives in a shadow root: the page's styles do not reach it and its styles do not reach the page. It is
// themed through the CSS custom properties listed in the README (e.g. `glm-chat { --gc-accent: #0a7 }`).
// The build (scripts/post_build.py) writes this file into dist/ with the release's hashed file names filled in.

const FILES = { js: '__GLM_CHAT_JS__', wasm: '__GLM_CHAT_WASM__', css: '__GLM_CHAT_CSS__' };
/** The element's attributes, which are also `mount`'s options (in camelCase). */
const ATTRIBUTES = ['endpoint', 'model', 'system-prompt', 'key-storage', 'mode', 'widget-id'];
const here = (file) => new URL(file, import.meta.url).href;
const camel = (name) => name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());

/**
 * The widget mounted in each element. The wasm side frees a widget whose JS handle is garbage-collected (which
 * would unmount it), so the element holds its widget for as long as the element lives, whether or not the page
 * keeps the handle `mount` returned.
 */
const live = new WeakMap();

let app;
/** Loads and starts the wasm module once, for every widget on the page. */
function loadApp() {
  app ??= (async () => {
    // Tells the module's own start-up not to take over the page: the widgets mount themselves.
    globalThis.__glmChatEmbed = true;
    const bindings = await import(here(FILES.js));
    await bindings.default({ module_or_path: here(FILES.wasm) });
    return bindings;
  })();
  return app;
}

const hostRules = {};
/** How the widget's own element sits in the page: inline fills its container, launcher takes no room. */
function hostSheet(mode) {
  if (typeof CSSStyleSheet !== 'function' || !('replaceSync' in CSSStyleSheet.prototype)) return [];
  if (!hostRules[mode]) {
    hostRules[mode] = new CSSStyleSheet();
    hostRules[mode].replaceSync(mode === 'inline' ? ':host { height: 100%; }' : ':host { height: 0; }');
  }
  return [hostRules[mode]];
}

function stylesheet() {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = here(FILES.css);
  // The widget waits for its styles so it never shows unstyled; a failed load must not keep it from starting.
  const loaded = new Promise((resolve) => {
    link.addEventListener('load', resolve, { once: true });
    link.addEventListener('error', resolve, { once: true });
  });
  return { link, loaded };
}

/**
 * Mounts a chat into `element` (a custom element, a div, a section… anything that can have a shadow root).
 * Resolves to a handle: `send(text)` (false if a reply is still being generated), `on('message' | 'error', fn)`
 * (returns a function that removes `fn`), `unmount()`. The element also receives `glm-chat-message`,
 * `glm-chat-error` and `glm-chat-ready` DOM events, with the same `detail`.
 */
export async function mount(element, options = {}) {
  const chat = await mountWidget(element, options);
  chat.element.dispatchEvent(new CustomEvent('glm-chat-ready', { bubbles: true, composed: true }));
  return chat;
}

async function mountWidget(element, options) {
  if (!(element instanceof Element)) throw new TypeError('glm-chat: mount(element, options) needs an element');
  live.get(element)?.unmount(); // one widget per element: mounting again replaces it
  const mode = options.mode === 'launcher' ? 'launcher' : 'inline';
  const root = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
  const { link, loaded } = stylesheet();
  const container = document.createElement('div');
  container.className = `gc-embed-root gc-mode-${mode}`;
  root.replaceChildren(link, container);
  root.adoptedStyleSheets = hostSheet(mode);

  const listeners = { message: new Set(), error: new Set() };
  const callbacks = { message: options.onMessage, error: options.onError };
  const emit = (type, detail) => {
    element.dispatchEvent(new CustomEvent(`glm-chat-${type}`, { detail, bubbles: true, composed: true }));
    for (const fn of [callbacks[type], ...(listeners[type] ?? [])]) {
      if (typeof fn !== 'function') continue;
      try {
        fn(detail);
      } catch (error) {
        // A failing listener of the host page must not break the chat.
        setTimeout(() => {
          throw error;
        });
      }
    }
  };

  const [bindings] = await Promise.all([loadApp(), loaded]);
  if (container.parentNode !== root) throw new Superseded();
  const settings = { mode, onEvent: emit };
  for (const name of ATTRIBUTES) {
    const value = options[camel(name)];
    if (name !== 'mode' && value != null) settings[camel(name)] = String(value);
  }
  // A returning visitor's saved settings are read by a part fetched on first use: fetch it before mounting, so the
  // widget starts at once (if it cannot be downloaded the widget says so, with Retry).
  await bindings.prepare(settings);
  if (container.parentNode !== root) throw new Superseded();
  const widget = bindings.mount(container, settings);
  let mounted = true;
  const handle = {
    element,
    send: (text) => mounted && widget.send(String(text)),
    on(type, fn) {
      listeners[type]?.add(fn);
      return () => listeners[type]?.delete(fn);
    },
    unmount() {
      if (!mounted) return;
      mounted = false;
      if (live.get(element) === handle) live.delete(element);
      widget.unmount();
      widget.free();
      // A newer mount into the same element may own the shadow root by now: leave its content alone.
      if (container.parentNode === root) {
        root.replaceChildren();
        root.adoptedStyleSheets = [];
      }
    },
  };
  live.set(element, handle);
  return handle;
}

/** A mount that a newer mount into the same element replaced before it finished loading. */
class Superseded extends Error {
  constructor() {
    super('glm-chat: a newer mount into the same element replaced this one');
  }
}

/** `<glm-chat>`: mounts on connect, unmounts on disconnect, mounts again when an attribute changes. */
class GlmChatElement extends HTMLElement {
  static observedAttributes = ATTRIBUTES;
  #chat = null;
  #starting = false;
  #generation = 0;

  connectedCallback() {
    this.#start();
  }

  disconnectedCallback() {
    this.#stop();
  }

  attributeChangedCallback() {
    if (this.isConnected && (this.#chat || this.#starting)) {
      this.#stop();
      this.#start();
    }
  }

  /** Sends `text` as the visitor would; false while the widget loads or a reply is being generated. */
  send(text) {
    return this.#chat ? this.#chat.send(text) : false;
  }

  #start() {
    const generation = ++this.#generation;
    const options = {};
    for (const name of ATTRIBUTES) {
      if (this.hasAttribute(name)) options[camel(name)] = this.getAttribute(name);
    }
    options.widgetId ??= this.id || undefined;
    this.#starting = true;
    mountWidget(this, options).then(
      (chat) => {
        if (generation !== this.#generation) return chat.unmount();
        this.#starting = false;
        this.#chat = chat;
        this.dispatchEvent(new CustomEvent('glm-chat-ready', { bubbles: true, composed: true }));
      },
      (error) => {
        if (generation !== this.#generation || error instanceof Superseded) return;
        this.#starting = false;
        console.error('glm-chat: the widget could not start:', error);
      },
    );
  }

  #stop() {
    this.#generation++;
    this.#starting = false;
    this.#chat?.unmount();
    this.#chat = null;
  }
}

if (!customElements.get('glm-chat')) customElements.define('glm-chat', GlmChatElement);
