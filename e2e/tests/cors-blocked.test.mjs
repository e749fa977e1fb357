// An endpoint that does not allow browsers (no CORS headers) is explained as such, not as "check your connection";
// an endpoint nobody answers on is a network error. The user's message stays either way.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { useHarness, waitFor, shownText } from '../lib/harness.mjs';

/** A free TCP port on 127.0.0.1 (nothing listens on it once this returns). */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

describe('an endpoint the browser may not call', { timeout: 60_000 }, () => {
  const h = useHarness();
  let plain; // a static file server that sends no CORS headers
  let plainPort;

  before(async () => {
    plainPort = await freePort();
    plain = spawn('python3', ['-m', 'http.server', String(plainPort), '--bind', '127.0.0.1'], { stdio: 'ignore' });
    await waitFor(
      () => fetch(`http://127.0.0.1:${plainPort}/`).then((r) => r.status).catch(() => 0),
      (s) => s > 0,
      'the plain server to start',
    );
  });
  after(() => plain?.kill());

  async function sendTo(base) {
    const app = await h.open({ allowConsole: [/CORS policy|Failed to load resource|ERR_CONNECTION_REFUSED|Failed to fetch/] });
    const dialog = await app.openSettings();
    await dialog.getByLabel('API base URL', { exact: true }).fill(base);
    await dialog.getByLabel('API base URL', { exact: true }).press('Tab');
    await app.closeSettings();
    return app.sendAndWait('Are you there?', { status: 'error' });
  }

  it('a server without CORS headers is reported as blocked by the browser', async () => {
    const reply = await sendTo(`http://127.0.0.1:${plainPort}/api/paas/v4`);
    const error = reply.locator('[data-part="error"]');
    assert.equal(await error.getAttribute('data-code'), 'cors');
    assert.match(await shownText(error), /does not accept requests from this page/);
    assert.equal(await h.mock.chatRequests().then((r) => r.length), 0);
  });

  it('a server that is not there is a network error, and the message is kept', async () => {
    const reply = await sendTo(`http://127.0.0.1:${await freePort()}/api/paas/v4`);
    const error = reply.locator('[data-part="error"]');
    assert.equal(await error.getAttribute('data-code'), 'network');
    assert.match(await shownText(error), /Could not reach the API/);
    const page = reply.page();
    assert.equal(await page.locator('article[data-role="user"] [data-part="text"]').innerText(), 'Are you there?');
  });
});
