// Journey 5: with "Stream responses" off, the app asks for one complete reply and renders it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, waitForChatRequests, messageText, shownText } from '../lib/harness.mjs';

describe('non-streaming replies', { timeout: 60_000 }, () => {
  const h = useHarness();

  it('unchecking "Stream responses" sends stream:false and renders the whole reply', async () => {
    const app = await h.open();
    const dialog = await app.openSettings();
    const stream = dialog.getByRole('checkbox', { name: 'Stream responses', exact: true });
    assert.equal(await stream.isChecked(), true, 'streaming is on by default');
    await stream.uncheck();
    assert.equal(await stream.isChecked(), false);
    await app.closeSettings();

    const reply = await app.sendAndWait('One complete answer please');
    const content = (await shownText(reply.locator('[data-part="content"]'))).trim();
    assert.ok(content.length > 0, 'the reply text is shown');
    assert.equal(await reply.getAttribute('data-status'), 'done');

    const [req] = await waitForChatRequests(h.mock, 1);
    assert.equal(req.body.stream, false, 'the request has stream:false');
    assert.equal(messageText(req.body.messages.at(-1)), 'One complete answer please');
  });
});
