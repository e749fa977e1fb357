// Journey 7: the connection drops mid-reply; the partial answer stays, is marked interrupted, and Retry resends.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, waitFor, waitForStatus, waitForChatRequests, messageText, shownText } from '../lib/harness.mjs';

// Chromium may log the broken chunked response as a failed resource load.
const networkNoise = /Failed to load resource: net::ERR_(INCOMPLETE_CHUNKED_ENCODING|CONNECTION_CLOSED|CONNECTION_RESET|EMPTY_RESPONSE)/;

describe('dropped stream', { timeout: 90_000 }, () => {
  const h = useHarness();

  it('keeps the partial reply, marks it interrupted and Retry sends again', async () => {
    const app = await h.open({ allowConsole: [networkNoise] });
    const message = 'Tell me something #drop';
    await app.send(message);
    const reply = app.assistantArticles().first();
    await reply.waitFor({ state: 'attached' });
    await waitForStatus(reply, 'interrupted');

    const content = (await shownText(reply.locator('[data-part="content"]'))).trim();
    assert.ok(content.length > 0, 'the text that arrived before the drop is kept');
    // Everything the mock sent before cutting the connection (crates/glm_mock/src/scenarios/faults.rs).
    // Chromium discards body chunks not yet read when the connection breaks, so this relies on the mock
    // pausing between its last frame and the cut (a real network drop leaves the client that time too).
    assert.equal(content, 'This answer is cut off in the middle, because the connection');
    const notice = reply.locator('[data-part="notice"][data-finish="interrupted"]');
    await notice.waitFor({ state: 'visible' });
    assert.ok((await shownText(notice)).trim().length > 0, 'the notice explains what happened');

    const retry = reply.getByRole('button', { name: 'Retry', exact: true });
    assert.equal(await retry.count(), 1, 'the interrupted reply offers Retry');
    await waitForChatRequests(h.mock, 1);
    await retry.click();

    const requests = await waitForChatRequests(h.mock, 2);
    assert.equal(requests.length, 2, 'Retry sent exactly one more request');
    assert.equal(messageText(requests[1].body.messages.at(-1)), message, 'Retry resends the same question');
    assert.equal(requests[1].body.messages.filter((m) => m.role === 'user').length, 1, 'the question is not duplicated');

    // The retried reply runs to the same fault again and ends interrupted, not stuck streaming.
    await waitFor(
      async () => {
        const last = app.lastAssistant();
        return last.getAttribute('data-status');
      },
      (s) => s === 'interrupted',
      'the retried reply to end interrupted again',
      { timeout: 15_000 },
    );
    assert.equal(await app.userArticles().count(), 1, 'Retry does not add a second copy of the question');
  });
});
