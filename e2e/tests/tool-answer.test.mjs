// Function calling end to end: the model calls a function, the user enters its result, the app sends it back as
// a `tool` message with the call's id, and the model's next reply uses it. Also: the reasoning panel says how long
// the model thought.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, waitFor, waitForChatRequests, waitForStatus, shownText } from '../lib/harness.mjs';

describe('answering a function call', { timeout: 60_000 }, () => {
  const h = useHarness();

  it('sends the entered result as a tool message and shows the model\'s answer', async () => {
    const app = await h.open();
    const call = await app.sendAndWait('Weather in Beijing? #tool');
    const card = call.locator('[data-part="tool-call"][data-tool-name="get_weather"]');
    assert.equal(await card.count(), 1, 'the call is shown as a card');

    const box = call.getByRole('textbox', { name: /Tool result/ });
    await box.fill('{"temp": "21°C", "sky": "clear"}');
    await call.getByRole('button', { name: 'Send result' }).click();

    // The result is shown as its own message, and the form goes away.
    const tool = app.page.locator('article[data-role="tool"]');
    // Its text may come a moment after the message itself.
    await waitFor(() => tool.innerText(), (t) => /21°C/.test(t), 'the result shown as a tool message');
    assert.equal(await call.locator('[data-part="tool-result-form"]').count(), 0, 'the form is gone once answered');

    const answer = app.assistantArticles().nth(1);
    await waitForStatus(answer, 'done');
    assert.match(await shownText(answer.locator('[data-part="content"]')), /21°C/, 'the model used the result');

    const requests = await waitForChatRequests(h.mock, 2);
    const msgs = requests[1].body.messages.filter((m) => m.role !== 'system');
    assert.deepEqual(msgs.map((m) => m.role), ['user', 'assistant', 'tool']);
    const callId = msgs[1].tool_calls?.[0]?.id;
    assert.ok(callId, 'the assistant turn carries its tool call back');
    assert.equal(msgs[1].tool_calls[0].function.name, 'get_weather');
    assert.equal(msgs[2].tool_call_id, callId, 'the result answers that call');
    assert.equal(msgs[2].content, '{"temp": "21°C", "sky": "clear"}');
  });

  it('waits until every call of a reply has its result', async () => {
    const app = await h.open();
    const call = await app.sendAndWait('Two lookups #tool-stream');
    const boxes = call.getByRole('textbox', { name: /Tool result/ });
    assert.equal(await boxes.count(), 2, 'one form per call');
    await boxes.first().fill('first result');
    await call.getByRole('button', { name: 'Send result' }).first().click();
    await app.page.locator('article[data-role="tool"]').first().waitFor();
    assert.equal((await h.mock.chatRequests()).length, 1, 'nothing is sent while a call is unanswered');
    assert.equal(await app.assistantArticles().count(), 1);

    await call.getByRole('textbox', { name: /Tool result/ }).fill('second result');
    await call.getByRole('button', { name: 'Send result' }).click();
    const requests = await waitForChatRequests(h.mock, 2);
    const roles = requests[1].body.messages.filter((m) => m.role !== 'system').map((m) => m.role);
    assert.deepEqual(roles, ['user', 'assistant', 'tool', 'tool']);
    await waitForStatus(app.assistantArticles().nth(1), 'done');
  });

  it('the reasoning panel says how long the model thought', async () => {
    const app = await h.open();
    const reply = await app.sendAndWait('Think about it #reasoning');
    const summary = reply.locator('[data-part="reasoning"] summary');
    assert.match(await summary.innerText(), /^Thought for \d+\.\d s$/);
  });
});
