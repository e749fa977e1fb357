// Journey 9: a follow-up question carries the conversation so far.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, waitForChatRequests, messageText, shownText } from '../lib/harness.mjs';

describe('conversation history', { timeout: 60_000 }, () => {
  const h = useHarness();

  it('the second request contains the first question and answer before the new question', async () => {
    const app = await h.open();
    const first = await app.sendAndWait('What is GLM? #reasoning');
    const firstShown = (await shownText(first.locator('[data-part="content"]'))).trim();
    assert.ok(firstShown.length > 0);
    await app.sendAndWait('And who makes it?');

    assert.equal(await app.userArticles().count(), 2, 'both questions are shown');
    assert.equal(await app.assistantArticles().count(), 2, 'both answers are shown');

    const requests = await waitForChatRequests(h.mock, 2);
    const msgs = requests[1].body.messages.filter((m) => m.role !== 'system');
    assert.equal(msgs.length, 3, `user, assistant, user; got roles ${msgs.map((m) => m.role)}`);
    assert.deepEqual(
      msgs.map((m) => m.role),
      ['user', 'assistant', 'user'],
    );
    assert.equal(messageText(msgs[0]), 'What is GLM? #reasoning');
    assert.equal(messageText(msgs[2]), 'And who makes it?');
    const answer = messageText(msgs[1]);
    assert.ok(answer.length > 0, 'the first answer is sent back');
    // It is the answer the model gave, unchanged (the Markdown source, not the rendered text, and without
    // the reasoning). The mock's #reasoning answer is deterministic, so ask it again directly.
    const res = await fetch(`${h.mock.apiBase}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: requests[0].body.model,
        messages: [{ role: 'user', content: 'What is GLM? #reasoning' }],
      }),
    });
    const original = (await res.json()).choices[0].message;
    assert.equal(answer, original.content, 'the first answer is sent back exactly as received');
    assert.ok(!answer.includes(original.reasoning_content), 'the reasoning is not mixed into the answer');
    // And what was shown is that answer: its opening words are on the page.
    assert.match(firstShown, /Answer: combine the items in order/);
  });
});
