// Smoke: the mock server serves the release build with the default-endpoint meta, the app mounts without
// errors, and the mock API itself answers as the other tests expect (so a failure points at the right side).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, shownText } from '../lib/harness.mjs';

describe('smoke', { timeout: 60_000 }, () => {
  const h = useHarness();

  it('the mock serves the app page with the default-endpoint meta tag', async () => {
    const res = await fetch(h.mock.url);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    const html = await res.text();
    const meta = html.match(/<meta[^>]*name="glm-chat-default-endpoint"[^>]*>/)?.[0];
    assert.ok(meta, 'index.html carries the glm-chat-default-endpoint meta');
    assert.ok(meta.includes(`content="${h.mock.apiBase}"`), `the meta points at this server: ${meta}`);
    const wasm = html.match(/[\w./-]+\.wasm/)?.[0];
    assert.ok(wasm, 'the page references a .wasm file');
    const w = await fetch(new URL(wasm, h.mock.url));
    assert.equal(w.status, 200);
    assert.equal(w.headers.get('content-type'), 'application/wasm');
  });

  it('the mock API answers a plain request, and rejects a wrong key with 401/1002', async () => {
    const body = JSON.stringify({ model: 'glm-4.5-flash', messages: [{ role: 'user', content: 'hi #fast' }] });
    const url = `${h.mock.apiBase}/chat/completions`;
    const ok = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    assert.equal(ok.status, 200);
    const json = await ok.json();
    assert.ok(json.choices[0].message.content.length > 0);
    const bad = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer nope' },
      body,
    });
    assert.equal(bad.status, 401);
    assert.equal(String((await bad.json()).error.code), '1002');
    const log = await h.mock.chatRequests();
    assert.equal(log.length, 2, 'the request log records both');
    assert.equal(log[1].headers.authorization, 'Bearer nope');
    assert.equal(log[0].body.messages[0].content, 'hi #fast');
  });

  it('the app mounts in English with the contract controls and no errors', async () => {
    const app = await h.open();
    assert.equal(await app.composer().isVisible(), true);
    assert.equal(await app.sendButton().count(), 1, 'a Send button');
    assert.equal(await app.page.getByRole('button', { name: 'Settings', exact: true }).count(), 1, 'a Settings button');
    assert.equal(await app.page.getByRole('navigation', { name: 'Conversations', exact: true }).count(), 1);
    assert.equal(await app.page.getByRole('button', { name: 'New chat', exact: true }).count(), 1);
    app.assertNoErrors();
  });

  it('the app mounts in Chinese (zh-CN) with translated names and the same data hooks', async () => {
    const app = await h.openZh();
    assert.equal(await app.page.getByRole('textbox', { name: 'Message', exact: true }).count(), 0, 'names are translated');
    // On <html> or on the app's own root (an embedded widget must not change its host page's language).
    assert.match(
      (await app.composer().evaluate((el) => el.closest('[lang]')?.getAttribute('lang'))) ?? '',
      /^zh\b/,
      'the interface is marked as Chinese (screen readers pick their voice from lang)',
    );
    await app.send('你好');
    const reply = app.assistantArticles().first();
    await reply.waitFor({ state: 'attached' });
    await app.page.waitForFunction(
      () => document.querySelector('article[data-role="assistant"]')?.dataset.status === 'done',
      null,
      { timeout: 20_000 },
    );
    assert.match(await shownText(app.userArticles().first()), /你好/);
    assert.ok((await shownText(reply.locator('[data-part="content"]'))).trim().length > 0);
  });
});
