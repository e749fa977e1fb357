// Journey 11: the page talks to an API on another origin (CORS preflight handled).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, waitForChatRequests, messageText, shownText } from '../lib/harness.mjs';

describe('cross-origin API', { timeout: 60_000 }, () => {
  const h = useHarness({ secondMock: true });

  it('chats with an API base URL on another origin', async () => {
    const app = await h.open();
    assert.notEqual(h.api.origin, h.mock.origin);
    const dialog = await app.openSettings();
    const base = dialog.getByLabel('API base URL', { exact: true });
    assert.equal(await base.inputValue(), h.mock.apiBase, 'the default base URL is the serving mock (meta tag)');
    await base.fill(h.api.apiBase);
    await app.closeSettings();

    const reply = await app.sendAndWait('Hello from another origin');
    assert.ok((await shownText(reply.locator('[data-part="content"]'))).trim().length > 0, 'the reply is shown');

    const [req] = await waitForChatRequests(h.api, 1);
    assert.equal(messageText(req.body.messages.at(-1)), 'Hello from another origin');
    assert.equal(req.headers.origin, h.mock.origin, 'it was a cross-origin request from the app page');
    assert.equal((await h.mock.chatRequests()).length, 0, 'nothing went to the page origin');
    const calls = app.sent.filter((r) => r.url.startsWith(h.api.origin));
    assert.ok(calls.some((r) => r.url === `${h.api.apiBase}/chat/completions`), 'POST <base>/chat/completions');
  });
});
