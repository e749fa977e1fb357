// Issue 4: export one or all conversations (JSON, lossless and versioned; Markdown, readable) and import them
// back: the same conversations, no duplicates on a second import, and a clear error with nothing changed on a bad
// file. The API key never appears in an export.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { useHarness, waitFor, waitForStatus } from '../lib/harness.mjs';
import { sidebar, titles, waitForTitles, openConversation, userTexts, item } from '../lib/conversations.mjs';

async function download(app, click) {
  const [file] = await Promise.all([app.page.waitForEvent('download'), click()]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

async function importFile(app, name, text) {
  await sidebar(app).locator('input[type="file"]').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  const said = sidebar(app).locator('.gc-transfer-result');
  await said.waitFor();
  return said;
}

describe('export and import', { timeout: 120_000 }, () => {
  const h = useHarness();

  it('export then import reproduces the same conversations, without duplicates', async () => {
    const app = await h.open();
    const dialog = await app.openSettings();
    await dialog.getByLabel('API key', { exact: true }).fill('demo-key');
    await app.closeSettings();
    const first = await app.sendAndWait('Show me everything #showcase');
    await first.getByRole('button', { name: 'Regenerate', exact: true }).click();
    await waitForStatus(app.lastAssistant(), 'done');
    await sidebar(app).getByRole('button', { name: 'New chat', exact: true }).click();
    await app.sendAndWait('A second, plain conversation');
    await item(app, 'Show me everything').getByRole('button', { name: 'Pin', exact: true }).click();
    await waitForTitles(app, (t) => t[0] === 'Show me everything #showcase', 'pinned first');

    const all = await download(app, () => sidebar(app).getByRole('button', { name: 'Export all', exact: true }).click());
    assert.match(all.name, /^glm-chat-all-\d{4}-\d{2}-\d{2}\.json$/);
    assert.ok(!all.text.includes('demo-key'), 'the API key is never exported');
    const data = JSON.parse(all.text);
    assert.equal(data.format, 'glm-chat-export');
    assert.equal(data.version, 2);
    assert.equal(data.conversations.length, 2);

    // One conversation as Markdown, with its reasoning and sources.
    await openConversation(app, 'Show me everything');
    await app.page.locator('.gc-menu summary').click();
    const md = await download(app, () => app.page.getByRole('button', { name: 'Export as Markdown', exact: true }).click());
    assert.match(md.name, /\.md$/);
    assert.match(md.text, /Show me everything #showcase/);
    assert.match(md.text, /https?:\/\//, 'sources are listed');
    await app.page.locator('.gc-menu summary').click();
    const one = await download(app, () => app.page.getByRole('button', { name: 'Export as JSON', exact: true }).click());
    assert.equal(JSON.parse(one.text).conversations.length, 1);

    // A fresh browser profile imports the file.
    const other = await h.open();
    const said = await importFile(other, all.name, all.text);
    assert.match(await said.textContent(), /Imported 2 new and 0 updated conversations; 0 were already here/);
    await waitForTitles(other, (t) => t.length === 2, 'both conversations');
    assert.deepEqual(await titles(other), await titles(app), 'same list, same order (pin included)');
    await openConversation(other, 'Show me everything');
    await waitFor(() => userTexts(other), (t) => t.join() === 'Show me everything #showcase', 'its messages');
    const answer = other.lastAssistant();
    await waitForStatus(answer, 'done');
    assert.equal(await answer.locator('[data-part="branch"] .gc-branch-pos').textContent(), '2 / 2', 'both alternatives came along');
    assert.ok((await answer.locator('[data-part="sources"]').count()) > 0, 'with the sources');
    assert.ok((await answer.locator('[data-part="reasoning"]').count()) > 0, 'and the reasoning');
    assert.ok((await answer.locator('[data-part="content-filter"]').count()) > 0, 'and the content-filter warning');

    // Importing it again adds nothing; the export of the importer equals the original.
    const again = await importFile(other, all.name, all.text);
    assert.match(await again.textContent(), /Imported 0 new and 0 updated conversations; 2 were already here/);
    assert.equal((await titles(other)).length, 2);
    const reexport = await download(other, () => sidebar(other).getByRole('button', { name: 'Export all', exact: true }).click());
    const byId = (d) => Object.fromEntries(JSON.parse(d).conversations.map((c) => [c.id, c]));
    assert.deepEqual(byId(reexport.text), byId(all.text), 'a round trip is lossless');

    // It survives a reload.
    await other.reload();
    await waitForTitles(other, (t) => t.length === 2, 'saved after import');
  });

  it('a bad file is refused with a clear message and nothing changes', async () => {
    const app = await h.open();
    await app.sendAndWait('Mine, before the bad import');
    let said = await importFile(app, 'notes.json', '{"this is": not json');
    assert.match(await said.textContent(), /Could not import notes\.json: the file is not valid JSON\. Nothing was changed\./);
    assert.equal(await said.getAttribute('role'), 'alert');
    said = await importFile(app, 'other.json', '{"conversations": []}');
    await waitFor(() => said.textContent(), (t) => /not a GLM Chat export/.test(t), 'not our format');
    said = await importFile(
      app,
      'future.json',
      JSON.stringify({ format: 'glm-chat-export', version: 99, conversations: [] }),
    );
    await waitFor(() => said.textContent(), (t) => /newer version of this app/.test(t), 'a newer version');
    said = await importFile(
      app,
      'broken.json',
      JSON.stringify({ format: 'glm-chat-export', version: 2, conversations: [{ id: 'ok-one', messages: [] }, { id: 'x', messages: [{ id: 'm1', parent: 'm9', body: { role: 'user', text: 'hi' } }] }] }),
    );
    await waitFor(() => said.textContent(), (t) => /conversation 2 in it is damaged/.test(t), 'one damaged conversation refuses the file');
    assert.deepEqual(await titles(app), ['Mine, before the bad import'], 'nothing changed');
  });
});
