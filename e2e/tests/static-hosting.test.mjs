// The release build as a static site under a sub-path (/tools/chat/): every file loads relative to it, the strict
// Content-Security-Policy logs no violation, the web app manifest and icons are there, the service worker opens
// the app shell offline, and a new release is offered with a visible prompt and taken whole on Reload.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, ROOT, newApp, startMock, shownText, useHarness, waitFor, waitForStatus } from '../lib/harness.mjs';

const BASE = '/tools/chat/';
const at = (mock) => ({ ...mock, url: `${mock.origin}${BASE}` });

/** Records CSP violations from the first script on. */
function recordCspViolations() {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) =>
    window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`),
  );
}

async function openAt(h, mock, opts = {}) {
  return newApp(h.browser, at(mock), {
    ...opts,
    onCreate: async (app) => {
      h.apps.push(app);
      await app.context.addInitScript(recordCspViolations);
      app.failed = [];
      app.page.on('response', (r) => r.status() >= 400 && app.failed.push(`${r.status()} ${r.url()}`));
    },
  });
}

/** Waits until a service worker controls the page (it claims the page once it has cached the release). */
async function controlled(app) {
  await app.page.waitForFunction(() => navigator.serviceWorker?.controller?.state === 'activated', null, {
    timeout: 20_000,
  });
}

describe('the built site under a sub-path', { timeout: 120_000 }, () => {
  const h = useHarness({ mockOptions: { extraArgs: ['--base', BASE] } });
  const temp = [];
  after(() => temp.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('loads every file below the sub-path, chats, and logs no CSP violation', async () => {
    const app = await openAt(h, h.mock);
    const csp = await app.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[^']+'/, 'scripts: the page and its pinned loader');
    assert.doesNotMatch(csp, /unsafe-inline|'unsafe-eval'/);
    assert.match(csp, /style-src 'self'(;|$)/);

    const reply = await app.sendAndWait('Hello from a sub-path');
    assert.ok((await shownText(reply.locator('[data-part="content"]'))).trim().length > 0);

    const own = app.sent.filter((r) => r.url.startsWith(h.mock.origin));
    const outside = own.filter((r) => !r.url.startsWith(`${h.mock.origin}${BASE}`) && !r.url.includes('/api/paas/v4/'));
    assert.deepEqual(outside.map((r) => r.url), [], 'nothing is fetched from the site root');
    assert.ok(own.some((r) => /\/tools\/chat\/glm-chat-[0-9a-f]+_bg\.wasm$/.test(r.url)), 'the wasm came from the sub-path');
    assert.ok(own.some((r) => r.method === 'POST' && r.url === `${h.mock.apiBase}/chat/completions`));
    assert.deepEqual(app.failed, [], 'no file failed to load');
    assert.deepEqual(await app.page.evaluate(() => window.__cspViolations), [], 'no CSP violation');
  });

  it('has a web app manifest with icons, all below the sub-path', async () => {
    const app = await openAt(h, h.mock);
    const manifest = await app.page.evaluate(async () => {
      const href = document.querySelector('link[rel="manifest"]').href;
      const json = await (await fetch(href)).json();
      const icons = [];
      for (const icon of json.icons) {
        const url = new URL(icon.src, href).href;
        const res = await fetch(url);
        icons.push({ url, sizes: icon.sizes, status: res.status, type: res.headers.get('content-type') });
      }
      return { href, json, icons, start: new URL(json.start_url, href).href };
    });
    assert.equal(manifest.href, `${h.mock.origin}${BASE}manifest.json`);
    assert.equal(manifest.json.name, 'GLM Chat');
    assert.equal(manifest.start, `${h.mock.origin}${BASE}`, 'the installed app starts at the sub-path');
    assert.ok(manifest.icons.some((i) => i.sizes === '512x512' && i.type === 'image/png'));
    assert.ok(manifest.icons.some((i) => i.type === 'image/svg+xml'));
    for (const icon of manifest.icons) {
      assert.equal(icon.status, 200, icon.url);
      assert.ok(icon.url.startsWith(`${h.mock.origin}${BASE}`), icon.url);
    }
    const sw = await app.page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    assert.equal(sw, `${h.mock.origin}${BASE}`, 'the service worker is scoped to the sub-path');
    assert.deepEqual(await app.page.evaluate(() => window.__cspViolations), []);
  });

  it('waits for the first reply to finish before copying the release for offline use', async () => {
    const app = await openAt(h, h.mock);
    // Sent at once: a reply that streams for about 6 s, well past the 3 s the page is first left to settle.
    await app.send('#paced 3000 500');
    const reply = app.lastAssistant();
    await reply.waitFor({ state: 'attached' });
    await app.page.waitForFunction(() => performance.now() > 4_500, null, { timeout: 10_000 });
    assert.equal(await reply.getAttribute('data-status'), 'streaming', 'the reply is still streaming (or the test proves nothing)');
    assert.equal(
      await app.page.evaluate(async () => (await navigator.serviceWorker.getRegistration()) === undefined),
      true,
      'no service worker is registered while the reply streams',
    );
    await waitForStatus(reply, 'done', 30_000);
    await controlled(app);
  });

  it('opens the app shell offline once it has been visited', async () => {
    const site = await startMock({ extraArgs: ['--base', BASE] });
    try {
      const app = await openAt(h, site, { allowConsole: [/Failed to load resource|ERR_CONNECTION_REFUSED|Failed to fetch/] });
      await controlled(app);
      await site.stop(); // the server is gone: only the service worker can answer now
      const fromWorker = [];
      app.page.on('response', (r) => fromWorker.push([r.url(), r.fromServiceWorker()]));
      await app.reload();
      assert.ok(
        fromWorker.some(([url, sw]) => url === `${site.origin}${BASE}` && sw),
        `the page came from the service worker: ${JSON.stringify(fromWorker)}`,
      );
      assert.ok(fromWorker.some(([url, sw]) => url.endsWith('_bg.wasm') && sw), 'so did the wasm');
      await app.page.getByRole('button', { name: 'Settings', exact: true }).waitFor();
      // Chatting needs the API, which is unreachable: that is explained, not a blank page.
      const reply = await app.sendAndWait('Anyone there?', { status: 'error' });
      assert.equal(await reply.locator('[data-part="error"]').getAttribute('data-code'), 'network');
      assert.deepEqual(await app.page.evaluate(() => window.__cspViolations), []);
    } finally {
      await site.stop();
    }
  });

  it('offers a new release with a visible prompt and switches to it whole on Reload', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'glm-release-'));
    temp.push(dir);
    cpSync(DIST, dir, { recursive: true });
    const site = await startMock({ static: false, extraArgs: ['--static', dir, '--base', BASE] });
    try {
      const app = await openAt(h, site);
      await controlled(app);
      const release = () => app.page.locator('meta[name="glm-chat-release"]').count();
      assert.equal(await release(), 0);
      assert.equal(await app.page.getByRole('button', { name: 'Reload', exact: true }).count(), 0, 'no prompt yet');

      // Deploy a new release: a changed page, and the service worker the build writes for it.
      const index = join(dir, 'index.html');
      writeFileSync(index, readFileSync(index, 'utf8').replace('</title>', '</title><meta name="glm-chat-release" content="2">'));
      const built = spawnSync('python3', [join(ROOT, 'scripts', 'sw_build.py'), dir], { encoding: 'utf8' });
      assert.equal(built.status, 0, built.stderr);
      const version = readFileSync(join(dir, 'sw.js'), 'utf8').match(/const VERSION = "([0-9a-f]+)"/)[1];

      // The next visit still gets the old release, whole, while the new one installs beside it.
      await app.reload();
      const prompt = app.page.getByRole('status').filter({ hasText: 'A new version of GLM Chat is available.' });
      await prompt.waitFor({ timeout: 20_000 });
      assert.equal(await release(), 0, 'the page is still the old release');

      await Promise.all([app.page.waitForEvent('load'), prompt.getByRole('button', { name: 'Reload', exact: true }).click()]);
      await app.waitForMount();
      assert.equal(await release(), 1, 'the page is the new release');
      await waitFor(
        () => app.page.evaluate(() => caches.keys()),
        (keys) => keys.length === 1 && keys[0].endsWith(`:${version}`),
        'only the new release in the cache',
      );
      assert.equal(await prompt.count(), 0, 'the prompt is gone');
      const reply = await app.sendAndWait('Still working?');
      assert.ok((await shownText(reply.locator('[data-part="content"]'))).trim().length > 0);
      assert.deepEqual(await app.page.evaluate(() => window.__cspViolations), []);
    } finally {
      await site.stop();
    }
  });
});
