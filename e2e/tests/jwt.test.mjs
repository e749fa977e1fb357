// Issue 5: the optional JWT mode (reference §11). The demo server holds an id.secret key and verifies HS256 tokens
// signed with its secret; the test checks the header the server received with Node's own HMAC.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { useHarness, waitFor, waitForChatRequests, waitForStatus } from '../lib/harness.mjs';

const KEY_ID = 'demo1234';
const SECRET = 'secret5678';
const KEY = `${KEY_ID}.${SECRET}`;

const b64url = (buf) => Buffer.from(buf).toString('base64url');
const fromB64url = (s) => JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));

async function useJwt(app, key) {
  const dialog = await app.openSettings();
  await dialog.getByLabel('API key', { exact: true }).fill(key);
  await dialog.getByRole('checkbox', { name: 'Sign requests with a JWT', exact: true }).check();
  return dialog;
}

describe('JWT mode', { timeout: 90_000 }, () => {
  const h = useHarness({ mockOptions: { key: KEY } });

  it('sends a fresh HS256 token signed with the secret, never the key, and the server accepts it', async () => {
    const app = await h.open();
    await useJwt(app, KEY);
    await app.closeSettings();
    const before = Date.now();
    await app.sendAndWait('signed hello');
    await app.sendAndWait('signed again');
    const reqs = await waitForChatRequests(h.mock, 2);
    const tokens = reqs.map((r) => r.headers.authorization);
    for (const auth of tokens) {
      assert.match(auth, /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/, 'a JWT in the Bearer header');
      assert.ok(!auth.includes(SECRET), 'the secret never travels');
      const [header, payload, signature] = auth.slice('Bearer '.length).split('.');
      assert.deepEqual(fromB64url(header), { alg: 'HS256', sign_type: 'SIGN' });
      const claims = fromB64url(payload);
      assert.equal(claims.api_key, KEY_ID);
      assert.ok(Math.abs(claims.timestamp - before) < 60_000, 'timestamp in milliseconds, now');
      assert.equal(claims.exp - claims.timestamp, 210_000, 'a 3.5-minute lifetime');
      const expected = b64url(createHmac('sha256', SECRET).update(`${header}.${payload}`).digest());
      assert.equal(signature, expected, 'HMAC-SHA256 with the secret');
    }
    assert.notEqual(tokens[0], tokens[1], 'a fresh token per request');
    assert.equal(await app.assistantArticles().first().getAttribute('data-status'), 'done', 'the server accepted it');
  });

  it('a token signed with the wrong secret is rejected (401) and Test key says so', async () => {
    const app = await h.open({ allowConsole: [/status of 401/] });
    const dialog = await useJwt(app, `${KEY_ID}.not-the-secret`);
    await dialog.getByRole('button', { name: 'Test key', exact: true }).click();
    const result = dialog.locator('[data-part="key-test"]');
    await waitFor(() => result.getAttribute('data-result'), (r) => r === 'rejected', 'rejected');
    await dialog.getByLabel('API key', { exact: true }).fill(KEY);
    await dialog.getByRole('button', { name: 'Test key', exact: true }).click();
    await waitFor(() => result.getAttribute('data-result'), (r) => r === 'works', 'works with the right secret');
    await app.closeSettings();

    const settings = await app.openSettings();
    await settings.getByLabel('API key', { exact: true }).fill('plainkey-without-a-dot');
    await app.closeSettings();
    const article = await app.sendAndWait('cannot be signed', { status: 'error' });
    assert.equal(await article.locator('[data-part="error"]').getAttribute('data-code'), 'key_format');
    assert.match(await article.locator('[data-part="error"]').innerText(), /id\.secret/);
    await waitForStatus(article, 'error');
  });
});
