// How a reply ended, streamed and not: moderation verdicts and withheld text (Show anyway / Hide), a length cut
// continued in place, a model failure with Retry, a full context window with New chat, and a stream that ends
// without [DONE] but is complete.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, waitFor, waitForChatRequests, messageText, shownText } from '../lib/harness.mjs';
import { MODES, openIn, checkMode } from '../lib/modes.mjs';

// The mock's texts (crates/glm_mock/src/scenarios/answers.rs and faults.rs).
const FILTERED = 'Here is the beginning of an answer that the moderation system flags part-way through.';
const SENSITIVE = 'I can tell you about that. The first part of the answer is fine, but the next part';
const STORY =
  'Here is a short story. Every night Ada, the lighthouse keeper, climbed the ninety-nine steps, checked the lamp ' +
  'and wrote one line in her log. One stormy evening, as the waves broke over the rocks, she saw a small boat ' +
  'drifting toward the';
const STORY_END_START = 'reef. She fired a flare, swung the beam across the water and guided the boat into the harbour.';
const NETWORK_PARTIAL = 'Let me explain step by step.';
const NO_DONE =
  'This answer finishes normally with a finish reason and usage, but the stream never sends the DONE marker.';

/** Sends `text` and waits until the new reply has left "streaming" (whatever it ends as); returns the article. */
async function sendAndSettle(app, text) {
  const before = await app.assistantArticles().count();
  await app.send(text);
  const article = app.assistantArticles().nth(before);
  await article.waitFor({ state: 'attached' });
  await waitFor(
    () => article.getAttribute('data-status', { timeout: 1000 }),
    (s) => s === 'done' || s === 'error' || s === 'interrupted',
    'the reply to finish',
    { timeout: 20_000 },
  );
  return article;
}

/** The withheld answer is hidden until "Show anyway", then shown; the button then reads "Hide" and hides it again. */
async function checkShowAnyway(reply, notice, expected) {
  const content = reply.locator('[data-part="content"]');
  await notice.scrollIntoViewIfNeeded();
  assert.equal(await content.isVisible(), false, 'the withheld answer is hidden at first');
  assert.ok(!(await reply.innerText()).includes(expected), 'the withheld text is not readable before Show anyway');

  const show = notice.getByRole('button', { name: 'Show anyway', exact: true });
  assert.equal(await show.count(), 1, 'the notice offers "Show anyway"');
  await show.click();
  await content.waitFor({ state: 'visible', timeout: 5_000 });
  assert.ok((await shownText(content)).includes(expected), 'after "Show anyway" the answer is shown');
  const hide = notice.getByRole('button', { name: 'Hide', exact: true });
  assert.equal(await hide.count(), 1, 'the button now reads "Hide"');
  await hide.click();
  await content.waitFor({ state: 'hidden', timeout: 5_000 });
  assert.equal(await notice.getByRole('button', { name: 'Show anyway', exact: true }).count(), 1, 'and back to "Show anyway"');
}

describe('finish notices in both modes', { timeout: 300_000 }, () => {
  const h = useHarness();

  for (const mode of MODES) {
    it(`#filter (${mode.name}): one warning per verdict, a sensitive notice, the answer withheld until asked`, async () => {
      const app = await openIn(h, mode);
      const reply = await sendAndSettle(app, 'Tell me something edgy #filter');
      await checkMode(h, mode);

      const filters = reply.locator('[data-part="content-filter"]');
      assert.equal(await filters.count(), 2, 'one warning per content_filter entry');
      const hooks = await filters.evaluateAll((els) =>
        els.map((el) => ({ role: el.dataset.filterRole, level: el.dataset.filterLevel })),
      );
      assert.deepEqual(hooks, [
        { role: 'assistant', level: '1' },
        { role: 'user', level: '3' },
      ]);
      const modelWarning = (await shownText(filters.nth(0))).trim();
      const userWarning = (await shownText(filters.nth(1))).trim();
      assert.match(modelWarning, /\b(reply|answer|response|model|output)\b/i, `the first warning is about the reply: ${modelWarning}`);
      assert.match(userWarning, /\b(your|user)\b.*\b(message|input|prompt|question)\b/i, `the second is about the user's message: ${userWarning}`);
      assert.notEqual(modelWarning, userWarning, 'the two warnings say different things');

      const notice = reply.locator('[data-part="notice"][data-finish="sensitive"]');
      assert.equal(await notice.count(), 1, 'a "sensitive" finish notice');
      assert.ok((await shownText(notice)).trim().length > 10, 'the notice explains itself');
      await checkShowAnyway(reply, notice, FILTERED);
    });

    it(`#sensitive (${mode.name}): the partial answer is withheld until "Show anyway"`, async () => {
      const app = await openIn(h, mode);
      const reply = await sendAndSettle(app, 'Tell me about it #sensitive');
      await checkMode(h, mode);
      const notice = reply.locator('[data-part="notice"][data-finish="sensitive"]');
      assert.equal(await notice.count(), 1, 'a "sensitive" finish notice');
      assert.ok((await shownText(notice)).trim().length > 10, 'the notice explains itself');
      await checkShowAnyway(reply, notice, SENSITIVE);
    });

    it(`#length (${mode.name}): Continue asks for the rest and appends it to the same reply`, async () => {
      const app = await openIn(h, mode);
      const question = 'Tell me a story #length';
      const reply = await app.sendAndWait(question);
      await checkMode(h, mode);
      const content = reply.locator('[data-part="content"]');
      assert.equal((await shownText(content)).trim(), STORY, 'the cut-off answer is shown');

      const notice = reply.locator('[data-part="notice"][data-finish="length"]');
      assert.equal(await notice.count(), 1, 'a "length" finish notice');
      assert.ok((await shownText(notice)).trim().length > 10, 'the notice explains the cut');
      const cont = reply.getByRole('button', { name: 'Continue', exact: true });
      assert.equal(await cont.count(), 1, 'the cut reply offers Continue');
      await cont.click();

      const requests = await waitForChatRequests(h.mock, 2);
      assert.equal(requests.length, 2, 'Continue sends one more request');
      const sent = requests[1].body;
      assert.equal(sent.stream, mode.stream, 'the continuation uses the same mode');
      const roles = sent.messages.map((m) => m.role);
      assert.deepEqual(roles.slice(-3), ['user', 'assistant', 'user'], `messages end with the question, the partial answer and a request to continue, got roles ${JSON.stringify(roles)}`);
      assert.equal(messageText(sent.messages.at(-3)), question, 'the question is sent once, unchanged');
      assert.equal(messageText(sent.messages.at(-2)), STORY, 'the partial answer is sent back as the assistant turn');
      assert.match(messageText(sent.messages.at(-1)), /continue/i, 'the last message asks to continue');
      assert.equal(sent.messages.filter((m) => m.role === 'user' && messageText(m) === question).length, 1);

      await waitFor(() => shownText(content), (t) => t.includes('The end.'), 'the continuation to be shown');
      await waitFor(() => reply.getAttribute('data-status'), (s) => s === 'done', 'the continued reply to be done');
      assert.equal(await app.assistantArticles().count(), 1, 'still one assistant message');
      assert.equal(await app.userArticles().count(), 1, 'no new user message is shown');
      const text = (await shownText(content)).trim();
      assert.ok(text.startsWith(STORY), `the first part is kept at the start, got ${JSON.stringify(text)}`);
      assert.ok(text.includes(STORY_END_START), `the continuation is appended, got ${JSON.stringify(text)}`);
      assert.equal(text.split('Here is a short story.').length - 1, 1, 'the first part is not repeated');
      assert.equal(await reply.locator('[data-part="notice"][data-finish="length"]').count(), 0, 'the length notice is gone');
      assert.equal(await reply.getByRole('button', { name: 'Continue', exact: true }).count(), 0, 'no Continue button is left');
    });

    it(`#network-error (${mode.name}): the partial answer stays, with a notice and Retry`, async () => {
      const app = await openIn(h, mode);
      const question = 'Explain it #network-error';
      const reply = await sendAndSettle(app, question);
      await checkMode(h, mode);
      assert.ok((await shownText(reply.locator('[data-part="content"]'))).includes(NETWORK_PARTIAL), 'what arrived is kept');
      const notice = reply.locator('[data-part="notice"][data-finish="network_error"]');
      assert.equal(await notice.count(), 1, 'a "network_error" finish notice');
      assert.ok((await shownText(notice)).trim().length > 10, 'the notice explains the failure');
      const retry = notice.getByRole('button', { name: 'Retry', exact: true });
      assert.equal(await retry.count(), 1, 'the notice offers Retry');

      await retry.click();
      const requests = await waitForChatRequests(h.mock, 2);
      assert.equal(messageText(requests[1].body.messages.at(-1)), question, 'Retry asks the same question again');
      assert.equal(requests[1].body.messages.filter((m) => m.role === 'user').length, 1, 'the question is not duplicated');
      await waitFor(
        () => reply.locator('[data-part="notice"][data-finish="network_error"]').count(),
        (n) => n === 1,
        'the retried reply to end with the same notice',
      );
      assert.equal(await app.assistantArticles().count(), 1, 'Retry replaces the reply instead of adding one');
    });

    it(`#context (${mode.name}): a full context window offers "New chat"`, async () => {
      const app = await openIn(h, mode);
      const reply = await sendAndSettle(app, 'One more thing #context');
      await checkMode(h, mode);
      const notice = reply.locator('[data-part="notice"][data-finish="model_context_window_exceeded"]');
      assert.equal(await notice.count(), 1, 'a "model_context_window_exceeded" finish notice');
      assert.ok((await shownText(notice)).trim().length > 10, 'the notice explains what happened');
      const newChat = notice.getByRole('button', { name: 'New chat', exact: true });
      assert.equal(await newChat.count(), 1, 'the notice has a "New chat" button');
      await newChat.click();
      await waitFor(() => app.page.locator('article').count(), (n) => n === 0, 'an empty new conversation');
      await app.page.waitForTimeout(200);
      app.assertNoErrors(); // the click must not crash the app (reported here rather than as a timeout below)
      // The new conversation works: a question gets an answer, sent without the old turns.
      const next = await app.sendAndWait('Hello again');
      assert.ok((await shownText(next.locator('[data-part="content"]'))).trim().length > 0, 'the new chat answers');
      const requests = await waitForChatRequests(h.mock, 2);
      assert.deepEqual(
        requests[1].body.messages.filter((m) => m.role !== 'system').map(messageText),
        ['Hello again'],
        'the new chat does not send the old conversation',
      );
    });

    it(`#no-done (${mode.name}): a complete reply without [DONE] ends "done", not interrupted`, async () => {
      const app = await openIn(h, mode);
      const reply = await sendAndSettle(app, 'Finish without the marker #no-done');
      await checkMode(h, mode);
      // Give a late "interrupted" a moment to appear.
      await app.page.waitForTimeout(300);
      assert.equal(await reply.getAttribute('data-status'), 'done');
      const history = (await app.statusHistory())[0];
      assert.ok(!history.includes('interrupted') && !history.includes('error'), `never interrupted or failed: ${JSON.stringify(history)}`);
      assert.equal((await shownText(reply.locator('[data-part="content"]'))).trim(), NO_DONE, 'the whole answer is shown');
      assert.equal(await reply.locator('[data-part="notice"]').count(), 0, 'no finish notice');
      assert.equal(await reply.locator('[data-part="error"]').count(), 0, 'no error');
      assert.equal(await reply.getByRole('button', { name: 'Retry', exact: true }).count(), 0, 'no Retry');
    });
  }
});
