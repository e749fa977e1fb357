// Issue 4: per-message actions. Edit a question and resend (the old branch stays switchable, "1 / 2"), regenerate
// an answer (alternatives kept), delete a message with undo, copy as Markdown; all of it survives a reload.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, waitFor, waitForStatus, waitForChatRequests, messageText, shownText } from '../lib/harness.mjs';
import { userTexts, waitForStored } from '../lib/conversations.mjs';

const branchOf = (article) => article.locator('[data-part="branch"] .gc-branch-pos');

describe('edit, regenerate and branches', { timeout: 120_000 }, () => {
  const h = useHarness();

  it('editing a question replaces the later turns and keeps the old branch', async () => {
    const app = await h.open();
    await app.sendAndWait('What is the capital of France?');
    await app.sendAndWait('And of Italy?');
    await app.sendAndWait('And of Spain?');

    // Edit the second question: the third turn goes with the old branch.
    const second = app.userArticles().nth(1);
    await second.getByRole('button', { name: 'Edit', exact: true }).click();
    const box = second.getByRole('textbox', { name: 'Edit', exact: true });
    assert.equal(await box.inputValue(), 'And of Italy?');
    await box.fill('And of Germany?');
    await h.mock.clearRequests();
    await second.getByRole('button', { name: 'Save & send', exact: true }).click();
    await waitFor(() => userTexts(app), (t) => t.length === 2, 'the later turns are replaced');
    await waitForStatus(app.lastAssistant(), 'done');
    assert.deepEqual(await userTexts(app), ['What is the capital of France?', 'And of Germany?']);
    assert.match(await shownText(app.lastAssistant().locator('[data-part="content"]')), /Germany/);
    const [req] = await waitForChatRequests(h.mock, 1);
    const sent = req.body.messages.filter((m) => m.role === 'user').map(messageText);
    assert.deepEqual(sent, ['What is the capital of France?', 'And of Germany?'], 'the old turns are not sent');

    const edited = app.userArticles().nth(1);
    assert.equal(await branchOf(edited).textContent(), '2 / 2');
    await edited.getByRole('button', { name: 'Previous version', exact: true }).click();
    await waitFor(() => userTexts(app), (t) => t.length === 3, 'the old branch, with its later turn');
    assert.deepEqual(await userTexts(app), ['What is the capital of France?', 'And of Italy?', 'And of Spain?']);
    assert.equal(await branchOf(app.userArticles().nth(1)).textContent(), '1 / 2');

    // The branch on screen is remembered.
    await app.reload();
    await waitFor(() => userTexts(app), (t) => t.length === 3, 'the same branch after a reload');
    await app.userArticles().nth(1).getByRole('button', { name: 'Next version', exact: true }).click();
    await waitFor(() => userTexts(app), (t) => t.join('|') === 'What is the capital of France?|And of Germany?', 'switch back');
  });

  it('regenerate keeps every answer as an alternative', async () => {
    const app = await h.open();
    const first = await app.sendAndWait('Name a colour #usage');
    await h.mock.clearRequests();
    await first.getByRole('button', { name: 'Regenerate', exact: true }).click();
    await waitFor(() => branchOf(app.lastAssistant()).count(), (n) => n === 1, 'a branch switcher appears');
    await waitForStatus(app.lastAssistant(), 'done');
    assert.equal(await branchOf(app.lastAssistant()).textContent(), '2 / 2');
    const [req] = await waitForChatRequests(h.mock, 1);
    assert.deepEqual(req.body.messages.filter((m) => m.role !== 'system').map((m) => m.role), ['user'], 'asked with the turns before it');
    assert.equal(await app.assistantArticles().count(), 1, 'one answer on screen at a time');

    await app.lastAssistant().getByRole('button', { name: 'Regenerate', exact: true }).click();
    await waitFor(() => branchOf(app.lastAssistant()).textContent(), (t) => t === '3 / 3', 'a third alternative');
    await waitForStatus(app.lastAssistant(), 'done');
    await app.lastAssistant().getByRole('button', { name: 'Previous version', exact: true }).click();
    await waitFor(() => branchOf(app.lastAssistant()).textContent(), (t) => t === '2 / 3', 'step back');
    await waitForStored(
      app,
      ([c]) => c.current_leaf === c.messages.filter((m) => m.body.role === 'assistant')[1].id,
      'the branch on screen is saved',
    );
    await app.reload();
    await waitFor(() => branchOf(app.lastAssistant()).textContent(), (t) => t === '2 / 3', 'kept after a reload');
  });

  it('delete a message (and what answered it) with undo, and copy as Markdown', async () => {
    const app = await h.open({ permissions: ['clipboard-read', 'clipboard-write'] });
    await app.sendAndWait('Keep this question');
    await app.sendAndWait('Drop this question');
    const dropped = app.userArticles().nth(1);
    await dropped.getByRole('button', { name: 'Delete', exact: true }).click();
    await waitFor(() => userTexts(app), (t) => t.length === 1, 'the question is gone');
    assert.equal(await app.assistantArticles().count(), 1, 'and its answer with it');
    await app.page.getByRole('button', { name: 'Undo', exact: true }).click();
    await waitFor(() => userTexts(app), (t) => t.length === 2, 'undo brings both back');
    assert.equal(await app.assistantArticles().count(), 2);

    await app.userArticles().nth(1).getByRole('button', { name: 'Delete', exact: true }).click();
    await waitFor(() => userTexts(app), (t) => t.length === 1, 'deleted again');
    await app.page.waitForTimeout(300);
    await app.reload();
    await waitFor(() => userTexts(app), (t) => t.join() === 'Keep this question', 'the delete was saved');

    await app.userArticles().first().getByRole('button', { name: 'Copy', exact: true }).click();
    const copied = await app.page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, 'Keep this question');
    // Clicked again if the clipboard has not changed after a while: on a loaded machine a click right after the
    // reload has been seen to leave the clipboard as it was (once in several runs).
    const copyAnswer = app.lastAssistant().getByRole('button', { name: 'Copy', exact: true });
    let clicked = 0;
    await waitFor(
      async () => {
        if (clicked++ % 40 === 0) await copyAnswer.click();
        return app.page.evaluate(() => navigator.clipboard.readText());
      },
      (t) => t.startsWith('Hello') || t.includes('**'),
      'the answer as Markdown source',
    );
  });
});
