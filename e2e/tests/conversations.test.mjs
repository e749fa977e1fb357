// Issue 4: conversations are saved in IndexedDB and managed from the sidebar: reload keeps everything (a reply cut
// by the reload is marked interrupted), per-conversation settings, rename, pin, search, delete with undo.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, waitFor, waitForStatus, waitForChatRequests, shownText } from '../lib/harness.mjs';
import { sidebar, titles, waitForTitles, item, openConversation, userTexts, waitForStored } from '../lib/conversations.mjs';

describe('saved conversations', { timeout: 120_000 }, () => {
  const h = useHarness();

  it('a reload keeps every conversation, its messages and its own settings', async () => {
    const app = await h.open();
    await app.sendAndWait('First question about tea');
    await sidebar(app).getByRole('button', { name: 'New chat', exact: true }).click();
    const dialog = await app.openSettings();
    await dialog.getByLabel('Model', { exact: true }).fill('glm-4.5-air');
    await dialog.getByLabel('System prompt', { exact: true }).fill('Answer like a poet.');
    await app.closeSettings();
    await app.sendAndWait('Second question about coffee');
    await waitForTitles(app, (t) => t.length === 2, 'two conversations listed');
    await waitForStored(app, (list) => list.length === 2 && list.every((c) => c.messages.length === 2 && c.messages[1].body.reply.status === 'done'), 'both saved');

    await app.reload();
    await waitForTitles(app, (t) => t.length === 2, 'the saved conversations listed');
    assert.deepEqual(await titles(app), ['Second question about coffee', 'First question about tea'], 'latest activity first');
    await waitFor(() => userTexts(app), (t) => t.length === 1 && t[0] === 'Second question about coffee', 'the open conversation is reopened');
    await waitForStatus(app.lastAssistant(), 'done');
    assert.match(await shownText(app.lastAssistant().locator('[data-part="content"]')), /Second question about coffee/);

    // Each conversation asks with its own settings; the first was made with the defaults of the time.
    await openConversation(app, 'First question about tea');
    assert.deepEqual(await userTexts(app), ['First question about tea']);
    await h.mock.clearRequests();
    await app.sendAndWait('More about tea');
    let [req] = await waitForChatRequests(h.mock, 1);
    assert.notEqual(req.body.model, 'glm-4.5-air', 'the first conversation keeps its model');
    assert.equal(req.body.messages.filter((m) => m.role === 'system').length, 0, 'and has no system prompt');

    await openConversation(app, 'Second question about coffee');
    const d2 = await app.openSettings();
    assert.equal(await d2.getByLabel('Model', { exact: true }).inputValue(), 'glm-4.5-air', 'the dialog shows this conversation');
    await app.closeSettings();
    await h.mock.clearRequests();
    await app.sendAndWait('More about coffee');
    [req] = await waitForChatRequests(h.mock, 1);
    assert.equal(req.body.model, 'glm-4.5-air');
    assert.equal(req.body.messages[0].role, 'system');
    assert.equal(req.body.messages[0].content, 'Answer like a poet.');
    assert.equal(req.body.messages.filter((m) => m.role === 'user').length, 2, 'the history came back from storage');

    // A new chat starts from the defaults: the latest changes made in the dialog.
    await sidebar(app).getByRole('button', { name: 'New chat', exact: true }).click();
    const d3 = await app.openSettings();
    assert.equal(await d3.getByLabel('Model', { exact: true }).inputValue(), 'glm-4.5-air');
    await app.closeSettings();
  });

  it('a reload mid-stream keeps what had arrived and marks the reply interrupted', async () => {
    const app = await h.open();
    await app.send('Tell me a long story #slow');
    const reply = app.lastAssistant();
    await waitForStatus(reply, 'streaming', 10_000);
    const content = reply.locator('[data-part="content"]');
    await waitFor(() => shownText(content), (t) => t.trim().length > 20, 'some streamed text', { timeout: 10_000 });
    // Saved at least once a second while streaming.
    const stored = await waitForStored(
      app,
      (list) => list.length === 1 && list[0].messages[1]?.body.reply.content.length > 20,
      'the partial reply saved while streaming',
      5_000,
    );
    const savedText = stored[0].messages[1].body.reply.content;

    await app.reload();
    const again = app.lastAssistant();
    await waitForStatus(again, 'interrupted', 10_000);
    const kept = (await shownText(again.locator('[data-part="content"]'))).trim();
    assert.ok(kept.length > 0 && savedText.startsWith(kept.slice(0, 10)), `what arrived is kept: ${kept.slice(0, 40)}`);
    await again.locator('[data-part="notice"][data-finish="interrupted"]').waitFor();
    assert.deepEqual(await userTexts(app), ['Tell me a long story #slow']);

    // Retry works on the saved reply.
    await again.getByRole('button', { name: 'Retry', exact: true }).click();
    await waitForStatus(again, 'streaming', 10_000);
    await app.stopButton().click();
    await waitForStatus(again, 'interrupted', 5_000);
  });

  it('rename, pin, search and delete with undo', async () => {
    const app = await h.open();
    await app.sendAndWait('Alpha: how do plants grow?');
    await sidebar(app).getByRole('button', { name: 'New chat', exact: true }).click();
    await app.sendAndWait('Beta: the needle in a haystack');
    await sidebar(app).getByRole('button', { name: 'New chat', exact: true }).click();
    await app.sendAndWait('Gamma: rivers and lakes');
    await waitForTitles(app, (t) => t.length === 3, 'three conversations');
    assert.deepEqual(await titles(app), ['Gamma: rivers and lakes', 'Beta: the needle in a haystack', 'Alpha: how do plants grow?']);

    // Rename.
    await item(app, 'Alpha').getByRole('button', { name: 'Rename', exact: true }).click();
    const input = sidebar(app).getByRole('textbox', { name: 'Conversation title', exact: true });
    await input.fill('Botany notes');
    await input.press('Enter');
    await waitForTitles(app, (t) => t[0] === 'Botany notes', 'a rename is activity: it moves up');

    // Pin the oldest-active one: it goes to the top and stays there when another conversation is active.
    await item(app, 'Beta').getByRole('button', { name: 'Pin', exact: true }).click();
    await waitForTitles(app, (t) => t[0].startsWith('Beta'), 'the pinned conversation is first');
    await openConversation(app, 'Gamma');
    await app.sendAndWait('One more about rivers');
    await waitForTitles(app, (t) => t[0].startsWith('Beta') && t[1].startsWith('Gamma'), 'pinned stays first');

    // Search looks at message text too, and a hit opens its conversation.
    const search = sidebar(app).getByRole('searchbox', { name: 'Search conversations', exact: true });
    await search.fill('HAYSTACK');
    const hits = sidebar(app).locator('.gc-hit');
    await waitFor(() => hits.count(), (n) => n === 1, 'one hit');
    assert.match(await hits.first().innerText(), /needle in a haystack/i);
    await search.fill('grow');
    await waitFor(() => hits.allInnerTexts(), (t) => t.length === 1 && /Botany notes/.test(t[0]), 'a hit inside a renamed conversation');
    await hits.first().click();
    assert.deepEqual(await userTexts(app), ['Alpha: how do plants grow?']);
    await search.fill('nothing like this');
    await sidebar(app).getByText('No conversation matches.').waitFor();
    await search.fill('');

    // Delete, undo, delete again.
    await item(app, 'Gamma').getByRole('button', { name: 'Delete conversation', exact: true }).click();
    await waitForTitles(app, (t) => t.length === 2, 'deleted');
    await app.page.getByRole('button', { name: 'Undo', exact: true }).click();
    await waitForTitles(app, (t) => t.length === 3 && t.some((x) => x.startsWith('Gamma')), 'undo brings it back');
    assert.deepEqual(await userTexts(app), ['Gamma: rivers and lakes', 'One more about rivers'], 'with its messages');
    await item(app, 'Gamma').getByRole('button', { name: 'Delete conversation', exact: true }).click();
    await waitForTitles(app, (t) => t.length === 2, 'deleted again');
    await waitForStored(app, (list) => list.length === 2, 'removed from storage');

    await app.reload();
    // The list fills once the saved records are read (after the message box is up).
    await waitForTitles(app, (t) => t.length > 0, 'the saved conversations listed');
    const after = await titles(app);
    assert.deepEqual(after, ['Beta: the needle in a haystack', 'Botany notes'], 'everything holds after a reload');
    assert.equal(await item(app, 'Beta').getAttribute('data-pinned'), 'true');
  });

  it('search ignores the case of accented, Greek and Cyrillic letters too, and matches Chinese inside words', async () => {
    const app = await h.open();
    for (const text of ['Crème BRÛLÉE for four', 'ΟΔΥΣΣΕΙΑ summary', 'Поездка в МОСКВУ', '量子计算机入门']) {
      await sidebar(app).getByRole('button', { name: 'New chat', exact: true }).click();
      await app.sendAndWait(text);
    }
    const search = sidebar(app).getByRole('searchbox', { name: 'Search conversations', exact: true });
    const hits = sidebar(app).locator('.gc-hit');
    for (const [query, title] of [['brûlée', /Crème BRÛLÉE/], ['οδυσσεια', /ΟΔΥΣΣΕΙΑ/], ['москву', /МОСКВУ/], ['计算', /量子计算机/]]) {
      await search.fill(query);
      await waitFor(() => hits.allInnerTexts(), (t) => t.length === 1 && title.test(t[0]), `one hit for ${query}`);
    }
  });
});
