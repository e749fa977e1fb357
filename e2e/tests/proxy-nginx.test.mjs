// The documented deployment, run for real: nginx with docs/deploy/nginx.conf.template serves the built app under
// a sub-path and proxies /api/paas/v4/ to the GLM server with a key that only the server holds. The visitor is
// never asked for a key, the browser never sends one, the upstream receives the server's, and replies stream
// through the proxy as they are generated.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DIST, launchBrowser, newApp, startMock, shownText, waitForChatRequests } from '../lib/harness.mjs';
import { findNginx, startNginx } from '../lib/hosting.mjs';

const SERVER_KEY = 'server-held-key.e2e';
const nginx = findNginx();

describe('deploying behind nginx with a server-held key', { timeout: 90_000 }, () => {
  if (!nginx) {
    it('needs nginx, which is not installed (scripts/setup.sh installs it)', (t) => {
      t.skip('nginx is not installed: run scripts/setup.sh (apt-get install nginx)');
    });
    return;
  }
  let upstream;
  let proxy;
  let browser;
  const apps = [];

  before(async () => {
    // The "GLM API": accepts only the server's key.
    upstream = await startMock({ static: false, key: SERVER_KEY, extraArgs: ['--require-key'] });
    proxy = await startNginx(nginx, {
      GLM_CHAT_PATH: '/tools/chat/',
      GLM_CHAT_DIST: DIST,
      GLM_UPSTREAM: upstream.origin,
      GLM_API_KEY: SERVER_KEY,
    });
    browser = await launchBrowser();
  });
  after(async () => {
    for (const app of apps) await app.close();
    await browser?.close().catch(() => {});
    await proxy?.stop();
    await upstream?.stop();
  });

  async function open() {
    const site = { ...upstream, origin: proxy.origin, url: `${proxy.origin}/tools/chat/` };
    const app = await newApp(browser, site, { onCreate: (a) => apps.push(a) });
    return app;
  }

  it('chats without a key in the browser; the proxy adds the server key', async () => {
    const app = await open();
    // The welcome follows the saved conversations, which load after the message box is ready: wait for it.
    await assert.doesNotReject(
      () => app.page.getByText(/No API key needed here/).waitFor(),
      'the welcome says no key is needed',
    );
    const dialog = await app.openSettings();
    assert.equal(await dialog.getByLabel('API key', { exact: true }).count(), 0, 'no key field to fill in');
    assert.equal(await dialog.getByLabel('API base URL', { exact: true }).inputValue(), '/api/paas/v4');
    await app.closeSettings();

    await upstream.clearRequests();
    const reply = await app.sendAndWait('Hello through the proxy');
    assert.ok((await shownText(reply.locator('[data-part="content"]'))).trim().length > 0, 'the reply is shown');
    assert.equal(await app.page.locator('[data-part="error"]').count(), 0);

    const call = app.sent.find((r) => r.method === 'POST' && r.url.endsWith('/chat/completions'));
    assert.equal(call.url, `${proxy.origin}/api/paas/v4/chat/completions`, 'same-origin call to the proxy path');
    assert.equal(call.headers.authorization, undefined, 'the browser sends no key');
    const [received] = await waitForChatRequests(upstream, 1);
    assert.equal(received.headers.authorization, `Bearer ${SERVER_KEY}`, 'nginx injected the server key');
    assert.equal(received.headers.origin, undefined, "the browser's origin is not passed on");
    app.assertNoErrors();
  });

  it("sends the build's gzip copies of the module and styles, and the page compressed with its settings", async () => {
    const app = await open();
    const encodings = new Map();
    app.page.on('response', (r) => encodings.set(new URL(r.url()).pathname, r.headers()['content-encoding']));
    await app.reload();
    await app.page.getByText(/No API key needed here/).waitFor();
    const sent = [...encodings].filter(([path]) => /\.(wasm|js|css)$/.test(path));
    assert.ok(sent.some(([path]) => path.endsWith('_bg.wasm')), 'the module was fetched');
    for (const [path, encoding] of sent) assert.equal(encoding, 'gzip', `${path} sent gzipped`);
    const html = await app.page.evaluate(() => fetch('./', { cache: 'no-store' }).then((r) => r.text()));
    assert.match(html, /<meta name="glm-chat-endpoint" content="\/api\/paas\/v4">/, "the page keeps nginx's edit");
    app.assertNoErrors();
  });

  it('streams: the reply grows while the upstream is still sending', async () => {
    const app = await open();
    // 30 chunks at 15 per second: two seconds of streaming, far less than one proxy buffer.
    await app.send('#paced 30 15');
    const article = app.lastAssistant();
    await article.waitFor({ state: 'attached' });
    const lengths = await app.page.evaluate(
      () =>
        new Promise((resolve) => {
          const seen = [];
          const started = performance.now();
          const tick = () => {
            const a = [...document.querySelectorAll('article[data-role="assistant"]')].at(-1);
            const text = a?.querySelector('[data-part="content"]')?.textContent ?? '';
            if (a?.dataset.status === 'streaming' && text.length && seen.at(-1) !== text.length) seen.push(text.length);
            if (a?.dataset.status === 'done' || performance.now() - started > 15_000) resolve(seen);
            else setTimeout(tick, 40);
          };
          tick();
        }),
    );
    await assert.doesNotReject(() => article.locator('[data-part="usage"]').waitFor(), 'the reply finishes');
    assert.ok(
      lengths.length >= 5,
      `the text arrived in steps while streaming (a buffering proxy delivers it at once): ${lengths.join(', ')}`,
    );
    app.assertNoErrors();
  });

  it('serves the app with long-lived caching for hashed files and none for the page and service worker', async () => {
    const page = await fetch(`${proxy.origin}/tools/chat/`);
    assert.equal(page.headers.get('cache-control'), 'no-cache');
    const html = await page.text();
    assert.match(html, /<meta name="glm-chat-key-storage" content="none">/);
    const wasm = html.match(/glm-chat-[0-9a-f]+_bg\.wasm/)[0];
    const asset = await fetch(`${proxy.origin}/tools/chat/${wasm}`);
    assert.equal(asset.status, 200);
    assert.equal(asset.headers.get('content-type'), 'application/wasm');
    assert.match(asset.headers.get('cache-control'), /immutable/);
    assert.equal((await fetch(`${proxy.origin}/tools/chat/sw.js`)).headers.get('cache-control'), 'no-cache');
    const get = await fetch(`${proxy.origin}/api/paas/v4/chat/completions`);
    assert.equal(get.status, 403, 'only POST reaches the upstream');
    const other = await fetch(`${proxy.origin}/api/paas/v4/files`, { method: 'POST' });
    assert.equal(other.status, 404, 'no other API path is proxied with the key');
  });
});
