// Journey 4: Stop a slow reply; what arrived stays, the message is marked interrupted, and chat goes on.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, waitFor, waitForStatus, shownText } from '../lib/harness.mjs';

describe('stop a reply in progress', { timeout: 90_000 }, () => {
  const h = useHarness();

  it('Stop keeps the partial answer, marks it interrupted and frees the composer', async () => {
    const app = await h.open();
    await app.send('Tell me a long story #slow');
    const reply = app.assistantArticles().first();
    await reply.waitFor({ state: 'attached' });
    await waitForStatus(reply, 'streaming', 10_000);
    const content = reply.locator('[data-part="content"]');
    await waitFor(() => shownText(content), (t) => t.trim().length > 0, 'some streamed text', { timeout: 10_000 });

    await app.stopButton().click();
    await waitForStatus(reply, 'interrupted', 5_000);
    const kept = (await shownText(content)).trim();
    assert.ok(kept.length > 0, 'the text that arrived before Stop is kept');

    const notice = reply.locator('[data-part="notice"][data-finish="interrupted"]');
    await notice.waitFor({ state: 'visible', timeout: 5_000 });
    assert.ok((await shownText(notice)).trim().length > 0, 'the notice explains what happened');

    // Nothing more arrives after Stop (the mock would send a chunk every 300 ms).
    await app.page.waitForTimeout(1_000);
    assert.equal((await shownText(content)).trim(), kept, 'no more text arrives after Stop');
    assert.equal(await reply.getAttribute('data-status'), 'interrupted');

    // The composer works again.
    assert.equal(await app.stopButton().count(), 0, 'the Stop button is gone');
    await app.composer().fill('And now something short');
    assert.equal(await app.sendButton().isEnabled(), true, 'Send is enabled again');
    await app.sendButton().click();
    const next = app.assistantArticles().nth(1);
    await next.waitFor({ state: 'attached' });
    await waitForStatus(next, 'done');
    assert.equal(await reply.getAttribute('data-status'), 'interrupted', 'the stopped reply stays interrupted');
  });
});
