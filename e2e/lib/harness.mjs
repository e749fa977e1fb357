// Test harness for the end-to-end suite: starts the glm-mock server (and a second, API-only one for
// cross-origin tests), launches the system Chromium through playwright-core, opens the app in a fresh
// browser context, fails a test on page errors and unexpected console errors, and cleans up every
// process it started (by PID) even when a test fails.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after, beforeEach, afterEach } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const MOCK_BIN =
  process.env.GLM_MOCK_BIN ?? join(process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target'), 'release', 'glm-mock');
export const DIST = process.env.E2E_DIST ?? join(ROOT, 'dist');
export const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
export const DEMO_KEY = 'demo-key';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  disableFeatures(['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'PreloadTopChromeWebUI']),
];

/**
 * `--disable-features` with Playwright's own list plus `extra`. Chromium keeps only the last `--disable-features`,
 * so a second one must repeat Playwright's list (read from the installed, pinned playwright-core) or it would drop it.
 *
 * The extra ones: Chromium 156 loads its WebUI omnibox popup (lit, mojo, a renderer process of its own: 60-100 ms of
 * CPU) for every new browser context, whose window has no omnibox anyone sees. On a two-core machine that load
 * landed inside the measured cold starts and bursts at random, and tests shared the CPU with it for nothing.
 */
function disableFeatures(extra) {
  const bundle = join(dirname(createRequire(import.meta.url).resolve('playwright-core/package.json')), 'lib', 'coreBundle.js');
  const list = readFileSync(bundle, 'utf8').match(/disabledFeatures = \[([\s\S]*?)\]\.filter/)?.[1];
  const own = [...(list ?? '').matchAll(/^\s*"([A-Za-z0-9]+)",?$/gm)].map((m) => m[1]);
  if (!own.includes('PaintHolding')) {
    throw new Error(`Playwright's disabled Chromium features were not found in ${bundle} (a new playwright-core?)`);
  }
  return `--disable-features=${[...own, ...extra].join(',')}`;
}

// ---------------------------------------------------------------------------------------------
// Process bookkeeping: every child we spawn is remembered and killed on exit, whatever happens.

const children = new Set();
function killAllChildrenSync() {
  for (const child of children) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  children.clear();
}
process.once('exit', killAllChildrenSync);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => {
    killAllChildrenSync();
    process.exit(128 + (sig === 'SIGINT' ? 2 : 15));
  });
}

/** Registers a child process started elsewhere (e.g. nginx), so it is killed on exit whatever happens. */
export function adoptChild(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

async function stopChild(child) {
  if (!children.has(child)) return;
  children.delete(child);
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((res) => child.once('exit', res));
  try {
    process.kill(child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }, 2000);
  await exited;
  clearTimeout(timer);
}

// ---------------------------------------------------------------------------------------------
// The mock GLM server.

/**
 * Starts `glm-mock` on a free port. Options: `static` (serve dist/ and inject the default-endpoint
 * meta, default true), `key` (the accepted API key, default demo-key), `delayMs` (default 5),
 * `extraArgs`. Resolves to a handle with `origin`, `url` (the app page), `apiBase`, `requests()`,
 * `chatRequests()`, `clearRequests()` and `stop()`.
 */
export async function startMock({ static: serveStatic = true, key = DEMO_KEY, delayMs = 5, extraArgs = [] } = {}) {
  if (!existsSync(MOCK_BIN)) {
    throw new Error(`mock server binary not found at ${MOCK_BIN}: run \`cargo build --release -p glm_mock\``);
  }
  if (serveStatic && !existsSync(join(DIST, 'index.html'))) {
    throw new Error(`no app build at ${DIST}: run \`bash scripts/release_build.sh\``);
  }
  const args = ['--port', '0'];
  if (serveStatic) args.push('--static', DIST);
  if (key) args.push('--key', key);
  if (delayMs != null) args.push('--delay-ms', String(delayMs));
  args.push(...extraArgs);

  const child = spawn(MOCK_BIN, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let output = '';
  const port = await new Promise((res, rej) => {
    const timer = setTimeout(
      () => rej(new Error(`glm-mock did not report its port within 15 s. Output:\n${output}`)),
      15_000,
    );
    const onData = (buf) => {
      output += buf.toString();
      const m = output.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) {
        clearTimeout(timer);
        res(Number(m[1]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (buf) => {
      output += buf.toString();
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      rej(new Error(`cannot start ${MOCK_BIN}: ${e.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      rej(new Error(`glm-mock exited early (code ${code}, signal ${signal}). Output:\n${output}`));
    });
  });
  // Keep draining the pipes so the server never blocks on a full pipe; keep the tail for diagnostics.
  child.stdout.on('data', (buf) => {
    output = (output + buf.toString()).slice(-20_000);
  });
  child.stderr.on('data', (buf) => {
    output = (output + buf.toString()).slice(-20_000);
  });

  const origin = `http://127.0.0.1:${port}`;
  return {
    port,
    origin,
    url: `${origin}/`,
    apiBase: `${origin}/api/paas/v4`,
    pid: child.pid,
    output: () => output,
    /** Everything the server received: [{path, headers (lower-case), body (parsed JSON)}]. */
    async requests() {
      const res = await fetch(`${origin}/__mock/requests`);
      if (!res.ok) throw new Error(`GET /__mock/requests: HTTP ${res.status}`);
      return res.json();
    },
    /** Only the chat-completion requests. */
    async chatRequests() {
      return (await this.requests()).filter((r) => String(r.path).includes('/chat/completions'));
    },
    async clearRequests() {
      const res = await fetch(`${origin}/__mock/requests`, { method: 'DELETE' });
      if (!res.ok) throw new Error(`DELETE /__mock/requests: HTTP ${res.status}`);
    },
    stop: () => stopChild(child),
  };
}

// ---------------------------------------------------------------------------------------------
// The browser.

/** `extraArgs`: more Chromium switches (e.g. a fake microphone for the recording tests). */
export async function launchBrowser(extraArgs = []) {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

// Records every data-status an assistant article shows, so a short-lived "streaming" is not missed.
function statusRecorder() {
  const seen = new WeakMap();
  const history = [];
  window.__e2eStatusHistory = history;
  const record = (el) => {
    if (!(el instanceof Element) || el.tagName !== 'ARTICLE' || el.dataset.role !== 'assistant') return;
    let i = seen.get(el);
    if (i === undefined) {
      i = history.length;
      seen.set(el, i);
      history.push([]);
    }
    const s = el.dataset.status ?? '';
    const list = history[i];
    if (list[list.length - 1] !== s) list.push(s);
  };
  const scan = (node) => {
    if (!(node instanceof Element)) return;
    record(node);
    node.querySelectorAll('article[data-role="assistant"]').forEach(record);
  };
  const observer = new MutationObserver((mutations) => {
    for (const m of mutations) {
      if (m.type === 'attributes') record(m.target);
      else m.addedNodes.forEach(scan);
    }
  });
  observer.observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['data-status', 'data-role'],
  });
}

/**
 * A fresh browser context (own storage) with one page, watched for errors.
 * `allowConsole` is a list of RegExps for console errors the test expects (e.g. the browser's
 * "Failed to load resource: ... 429" line); `app.allowConsole(re)` adds more later.
 */
export async function newApp(browser, mock, { locale = 'en-US', viewport, colorScheme, allowConsole = [], permissions, storageState, serviceWorkers, onCreate } = {}) {
  const context = await browser.newContext({ locale, viewport, colorScheme, storageState, serviceWorkers });
  if (permissions) await context.grantPermissions(permissions, { origin: mock.origin });
  context.setDefaultTimeout(15_000);
  await context.addInitScript(statusRecorder);
  const page = await context.newPage();
  const app = new App(context, page, mock, allowConsole, locale);
  if (onCreate) await onCreate(app);
  await app.goto();
  return app;
}

export const newAppZh = (browser, mock, opts = {}) => newApp(browser, mock, { ...opts, locale: 'zh-CN' });

export class App {
  constructor(context, page, mock, allowConsole, locale = 'en-US') {
    this.locale = locale;
    this.context = context;
    this.page = page;
    this.mock = mock;
    this.allowed = [...allowConsole];
    this.errors = [];
    /** Every request the page made: {method, url, headers}. */
    this.sent = [];
    page.on('request', (req) => this.sent.push({ method: req.method(), url: req.url(), headers: req.headers() }));
    page.on('pageerror', (err) => this.errors.push(`pageerror: ${err.stack || err.message}`));
    page.on('crash', () => this.errors.push('page crashed'));
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const text = msg.text();
      const where = msg.location()?.url ?? '';
      if (/favicon/i.test(text) || /favicon/i.test(where)) return;
      // Allow-patterns see the message and the URL it is about (for failed loads).
      if (this.allowed.some((re) => re.test(`${text} ${where}`))) return;
      this.errors.push(`console.error: ${text}${where ? ` (${where})` : ''}`);
    });
  }

  allowConsole(...res) {
    this.allowed.push(...res);
  }

  /** Throws if the page reported errors. */
  assertNoErrors() {
    if (this.errors.length) {
      throw new Error(`the page reported ${this.errors.length} error(s):\n${this.errors.join('\n')}`);
    }
  }

  async goto() {
    await this.page.goto(this.mock.url);
    await this.waitForMount();
  }

  async reload() {
    await this.page.reload();
    await this.waitForMount();
  }

  async waitForMount() {
    try {
      await this.composer().waitFor({ state: 'visible', timeout: 20_000 });
    } catch (e) {
      throw new Error(
        `the app did not mount (no message box after 20 s): ${e.message}\n${this.errors.join('\n')}`,
      );
    }
  }

  async close() {
    await this.context.close().catch(() => {});
  }

  // --- locators (names from /work/shared/ui-contract.md) ---
  /** The message box: by its English name; in other locales (translated names) the visible textarea. */
  composer() {
    if (this.locale.startsWith('en')) return this.page.getByRole('textbox', { name: 'Message', exact: true });
    return this.page.locator('textarea:visible').first();
  }
  sendButton() {
    return this.page.getByRole('button', { name: 'Send', exact: true });
  }
  stopButton() {
    return this.page.getByRole('button', { name: 'Stop', exact: true });
  }
  userArticles() {
    return this.page.locator('article[data-role="user"]');
  }
  assistantArticles() {
    return this.page.locator('article[data-role="assistant"]');
  }
  lastAssistant() {
    return this.assistantArticles().last();
  }
  settingsDialog() {
    return this.page.getByRole('dialog', { name: 'Settings', exact: true });
  }

  /** Types `text` into the composer and presses Enter. */
  async send(text) {
    const box = this.composer();
    await box.click();
    await box.fill(text);
    await box.press('Enter');
  }

  /** Sends `text` and waits until the new assistant reply leaves "streaming"; returns that article. */
  async sendAndWait(text, { status = 'done', timeout = 20_000 } = {}) {
    const before = await this.assistantArticles().count();
    await this.send(text);
    const article = this.assistantArticles().nth(before);
    await article.waitFor({ state: 'attached', timeout });
    await waitForStatus(article, status, timeout);
    return article;
  }

  async openSettings() {
    await this.page.getByRole('button', { name: 'Settings', exact: true }).click();
    const dialog = this.settingsDialog();
    await dialog.waitFor({ state: 'visible' });
    return dialog;
  }

  async closeSettings() {
    const dialog = this.settingsDialog();
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
  }

  /** Every data-status each assistant article has shown, in order (one array per article). */
  async statusHistory() {
    return this.page.evaluate(() => window.__e2eStatusHistory ?? []);
  }
}

// ---------------------------------------------------------------------------------------------
// Waiting and request helpers.

/** Polls `get()` until `ok(value)`; on timeout throws with `what` and the last value seen. */
export async function waitFor(get, ok, what, { timeout = 15_000, interval = 50 } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  let lastErr;
  for (;;) {
    try {
      last = await get();
      lastErr = undefined;
      if (ok(last)) return last;
    } catch (e) {
      lastErr = e;
    }
    if (Date.now() > deadline) {
      const seen = lastErr ? `error ${lastErr.message}` : JSON.stringify(last);
      throw new Error(`timed out after ${timeout} ms waiting for ${what}; last seen: ${seen}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Waits until `article` has data-status=`status`. */
export async function waitForStatus(article, status, timeout = 20_000) {
  return waitFor(
    () => article.getAttribute('data-status', { timeout: 1000 }),
    (s) => s === status,
    `assistant message data-status="${status}"`,
    { timeout },
  );
}

/**
 * The text a user sees in `locator`, after scrolling it into view the way a user would. (Messages use
 * `content-visibility: auto`, so the text of a message far off screen is not laid out and reads as empty.)
 */
export async function shownText(locator) {
  await locator.scrollIntoViewIfNeeded({ timeout: 5_000 });
  // Skipped content is laid out at a rendering update after it comes into view: wait (up to 2 s) until the
  // text is laid out, unless there is none at all.
  return locator.evaluate(
    (el) =>
      new Promise((done) => {
        const deadline = performance.now() + 2_000;
        const check = () => {
          const text = el.innerText;
          if (text.trim() !== '' || el.textContent.trim() === '' || performance.now() > deadline) done(text);
          else requestAnimationFrame(check);
        };
        check();
      }),
  );
}

/** The text of a chat message as sent: a string, or the text parts of a content array. */
export function messageText(message) {
  const c = message?.content;
  if (typeof c === 'string') return c;
  if (Array.isArray(c)) {
    return c
      .filter((p) => p && p.type === 'text')
      .map((p) => p.text)
      .join('');
  }
  return '';
}

/** Waits until the mock has recorded at least `n` chat requests; returns them. */
export async function waitForChatRequests(mock, n = 1, timeout = 10_000) {
  return waitFor(() => mock.chatRequests(), (rs) => rs.length >= n, `${n} chat request(s) at the mock`, {
    timeout,
  });
}

// ---------------------------------------------------------------------------------------------
// node:test wiring.

/**
 * Registers hooks for a test file or suite: one mock server and one browser for the whole suite,
 * a fresh app (browser context) per test via `h.open()`, request log cleared before each test,
 * page errors checked and contexts closed after each test, everything stopped at the end.
 * Options: `secondMock` starts an API-only mock (no --static) as `h.api` for cross-origin tests; `browserArgs`
 * adds Chromium switches; `newApp`/`h.open` take `storageState` (localStorage carried into a new context).
 */
export function useHarness({ secondMock = false, mockOptions = {}, browserArgs = [] } = {}) {
  const h = { mock: null, api: null, browser: null, apps: [] };
  before(async () => {
    h.mock = await startMock(mockOptions);
    if (secondMock) h.api = await startMock({ ...mockOptions, static: false });
    h.browser = await launchBrowser(browserArgs);
  });
  after(async () => {
    for (const app of h.apps.splice(0)) await app.close();
    if (h.browser) await h.browser.close().catch(() => {});
    if (h.api) await h.api.stop();
    if (h.mock) await h.mock.stop();
  });
  beforeEach(async () => {
    if (h.mock) await h.mock.clearRequests();
    if (h.api) await h.api.clearRequests();
  });
  afterEach(async () => {
    const apps = h.apps.splice(0);
    for (const app of apps) await app.close();
    for (const app of apps) app.assertNoErrors();
  });
  h.open = async (opts) => {
    // Registered before navigation, so a page that never mounts is still closed after the test.
    const onCreate = async (app) => {
      h.apps.push(app);
      if (opts?.onCreate) await opts.onCreate(app);
    };
    return newApp(h.browser, h.mock, { ...opts, onCreate });
  };
  h.openZh = (opts = {}) => h.open({ ...opts, locale: 'zh-CN' });
  return h;
}
