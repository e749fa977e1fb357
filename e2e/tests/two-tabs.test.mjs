// Issue 4: two tabs of the app at once stay consistent, and neither overwrites the other's messages.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, waitFor, waitForStatus } from '../lib/harness.mjs';
import { titles, waitForTitles, openConversation, userTexts, waitForStored } from '../lib/conversations.mjs';

describe('two tabs', { timeout: 120_000 }, () => {
  const h = useHarness();

  async function secondTab(app) {
    const page = await app.context.newPage();
    page.on('pageerror', (err) => app.errors.push(`tab 2 pageerror: ${err.message}`));
    await page.goto(h.mock.url);
    await page.getByRole('textbox', { name: 'Message', exact: true }).waitFor();
    // The same helpers work on a second App-like object sharing the context.
    return { page, context: app.context, errors: app.errors, lastAssistant: () => page.locator('article[data-role="assistant"]').last() };
  }

  async function sendIn(tab, text) {
    const box = tab.page.getByRole('textbox', { name: 'Message', exact: true });
    await box.fill(text);
    await box.press('Enter');
  }

  it('a conversation written in one tab appears in the other, and both tabs can go on with it', async () => {
    const a = await h.open();
    const b = await secondTab(a);

    await a.sendAndWait('Written in tab A');
    await waitForTitles(b, (t) => t.includes('Written in tab A'), 'tab B lists it without a reload');
    await openConversation(b, 'Written in tab A');
    await waitFor(() => userTexts(b), (t) => t.join() === 'Written in tab A', 'tab B shows its messages');
    await waitForStatus(b.lastAssistant(), 'done');

    // Tab B continues the conversation; tab A, showing it, follows.
    await sendIn(b, 'Continued in tab B');
    await waitForStatus(b.lastAssistant(), 'done');
    await waitFor(() => userTexts(a), (t) => t.join('|') === 'Written in tab A|Continued in tab B', 'tab A shows the new turn');
    await waitForStatus(a.lastAssistant(), 'done');

    // A rename in one tab shows in the other.
    await a.page.locator('.gc-conv-item').first().getByRole('button', { name: 'Rename', exact: true }).click();
    const input = a.page.getByRole('textbox', { name: 'Conversation title', exact: true });
    await input.fill('Shared notes');
    await input.press('Enter');
    await waitForTitles(b, (t) => t.join() === 'Shared notes', 'the rename reaches tab B');

    // Deleting in one tab removes it from the other.
    await a.page.locator('.gc-conv-item').first().getByRole('button', { name: 'Delete conversation', exact: true }).click();
    await waitForTitles(b, (t) => t.length === 0, 'the delete reaches tab B');
  });

  it('both tabs adding to the same conversation at once lose nothing', async () => {
    const a = await h.open();
    await a.sendAndWait('Base question');
    const b = await secondTab(a);
    await openConversation(b, 'Base question');
    await waitFor(() => userTexts(b), (t) => t.join() === 'Base question', 'tab B opened it');

    // Both send before either has heard of the other's message.
    await Promise.all([sendIn(a, 'From A at the same time'), sendIn(b, 'From B at the same time')]);
    await waitForStatus(a.lastAssistant(), 'done');
    await waitForStatus(b.lastAssistant(), 'done');

    const stored = await waitForStored(
      a,
      ([c]) => {
        const texts = c.messages.filter((m) => m.body.role === 'user').map((m) => m.body.text);
        const done = c.messages.filter((m) => m.body.role === 'assistant' && m.body.reply.status === 'done');
        return texts.includes('From A at the same time') && texts.includes('From B at the same time') && done.length === 3;
      },
      'both questions and all three answers are in the stored conversation',
    );
    const c = stored[0];
    assert.equal(new Set(c.messages.map((m) => m.id)).size, c.messages.length, 'no message id is used twice');
    const answers = c.messages.filter((m) => m.body.role === 'assistant' && m.body.reply.status === 'done');
    assert.equal(answers.length, 3, 'every answer is kept');

    // After a reload, both are reachable: one after the other (when one tab heard of the other's question before
    // sending), or one on screen and the other as its alternative (when both sent first).
    await a.reload();
    await waitFor(() => userTexts(a), (t) => t.length >= 2, 'the conversation is back');
    const path = await userTexts(a);
    if (path.length === 2) {
      const second = a.userArticles().nth(1);
      const position = await second.locator('[data-part="branch"] .gc-branch-pos').textContent();
      assert.match(position, /^[12] \/ 2$/);
      const next = position.startsWith('1') ? 'Next version' : 'Previous version';
      await second.getByRole('button', { name: next, exact: true }).click();
      await waitFor(() => userTexts(a), (t) => t[1] !== path[1] && t[1].startsWith('From'), "the other tab's question is the alternative");
    } else {
      assert.deepEqual(path.slice(1).sort(), ['From A at the same time', 'From B at the same time']);
    }
    assert.deepEqual((await titles(a)).length, 1);
  });

  it("a reply streaming in the other tab shows as streaming there, and as interrupted once that tab is gone", async () => {
    const a = await h.open();
    await a.sendAndWait('Before the story');
    const b = await secondTab(a);
    await openConversation(b, 'Before the story');
    await waitForStatus(b.lastAssistant(), 'done');

    await sendIn(a, 'Tell me a long story #slow');
    await waitFor(() => userTexts(b), (t) => t.length === 2, 'tab B shows the new question');
    const story = b.lastAssistant();
    await waitFor(() => story.getAttribute('data-status'), (s) => s === 'streaming', 'tab B shows the reply as streaming, not interrupted');
    const grows = await story.textContent();
    await waitFor(() => story.textContent(), (t) => t.length > grows.length, 'and its text grows as tab A saves it');
    assert.equal(await story.getByRole('button', { name: 'Retry', exact: true }).count(), 0, 'no Retry while tab A is still at it');

    await a.page.close();
    await waitFor(() => story.getAttribute('data-status'), (s) => s === 'interrupted', 'tab A closed: the reply is interrupted', { timeout: 10_000 });
    await story.getByRole('button', { name: 'Retry', exact: true }).waitFor();
  });
});
