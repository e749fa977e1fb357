// Journey 6: API errors are shown on the reply with their code, an explanation and a Retry button.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, waitForChatRequests, shownText } from '../lib/harness.mjs';

// Chromium logs every non-2xx fetch as "Failed to load resource: ... status of N"; expected here.
const httpError = (status) => new RegExp(`Failed to load resource: the server responded with a status of ${status}`);

describe('API errors', { timeout: 90_000 }, () => {
  const h = useHarness();

  it('a rate limit (HTTP 429, code 1302) shows an explained error with Retry', async () => {
    const app = await h.open({ allowConsole: [httpError(429)] });
    const message = 'Are you busy? #429';
    const reply = await app.sendAndWait(message, { status: 'error' });

    const error = reply.locator('[data-part="error"]');
    await error.waitFor({ state: 'visible' });
    assert.equal(await error.getAttribute('data-code'), '1302');
    const explanation = (await shownText(error)).trim();
    assert.ok(explanation.length > 10, `the error is explained in words, got ${JSON.stringify(explanation)}`);
    assert.equal(
      await reply.getByRole('button', { name: 'Retry', exact: true }).count(),
      1,
      'the failed reply offers Retry',
    );
    assert.match(await shownText(app.userArticles().last()), /Are you busy\? #429/, 'the user message is kept');
  });

  it('insufficient balance (HTTP 429, code 1113) is told apart from a rate limit', async () => {
    const app = await h.open({ allowConsole: [httpError(429)] });
    const reply = await app.sendAndWait('Hello #1113', { status: 'error' });
    const error = reply.locator('[data-part="error"]');
    assert.equal(await error.getAttribute('data-code'), '1113');
    assert.ok((await shownText(error)).trim().length > 10, 'the error is explained');
  });

  it('a server error (HTTP 500) shows an error with Retry', async () => {
    const app = await h.open({ allowConsole: [httpError(500)] });
    const reply = await app.sendAndWait('Hello #500', { status: 'error' });
    const error = reply.locator('[data-part="error"]');
    await error.waitFor({ state: 'visible' });
    assert.ok((await error.getAttribute('data-code'))?.length > 0, 'the error carries a code');
    assert.ok((await shownText(error)).trim().length > 0, 'the error is explained');
    assert.equal(await reply.getByRole('button', { name: 'Retry', exact: true }).count(), 1);
  });

  it('a wrong API key (HTTP 401, code 1002) is reported, and the key travels only in the header', async () => {
    const app = await h.open({ allowConsole: [httpError(401)] });
    const dialog = await app.openSettings();
    await dialog.getByLabel('API key', { exact: true }).fill('wrong-key');
    await app.closeSettings();

    const reply = await app.sendAndWait('Hello with a bad key', { status: 'error' });
    const error = reply.locator('[data-part="error"]');
    await error.waitFor({ state: 'visible' });
    assert.equal(await error.getAttribute('data-code'), '1002');
    assert.ok((await shownText(error)).trim().length > 10, 'the error is explained');

    const [req] = await waitForChatRequests(h.mock, 1);
    assert.equal(req.headers.authorization, 'Bearer wrong-key', 'the key is sent as a Bearer token');
    for (const r of app.sent) {
      assert.ok(!r.url.includes('wrong-key'), `the key is not in a request URL: ${r.url}`);
    }
    assert.ok(!(await app.page.locator('body').evaluate((b) => b.textContent)).includes('wrong-key'), 'the key is not shown on the page');
  });
});
