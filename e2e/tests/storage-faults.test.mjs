// Issue 4: storage faults lose nothing. Quota exceeded, a corrupt record and storage that is not there at all
// (a sandboxed frame): the app starts and chats, says plainly what could not be saved, offers Export, and never
// deletes or overwrites what is stored.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { App, useHarness, waitForStatus, shownText } from '../lib/harness.mjs';
import { titles, waitForTitles, storedRecords, waitForStored } from '../lib/conversations.mjs';

async function exportAll(app, scope = app.page) {
  const [download] = await Promise.all([
    app.page.waitForEvent('download'),
    scope.getByRole('button', { name: 'Export all', exact: true }).first().click(),
  ]);
  return JSON.parse(await readFile(await download.path(), 'utf8'));
}

describe('storage faults', { timeout: 120_000 }, () => {
  const h = useHarness();

  it('a full storage keeps the chat going, says so, offers Export, and keeps what was saved', async () => {
    // A small quota for this origin, set before its storage opens (Chromium reads the quota when it does).
    const context = await h.browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: h.mock.origin, quotaSize: 400_000 });
    const app = new App(context, page, h.mock, [], 'en-US');
    h.apps.push(app);
    await app.goto();

    await app.sendAndWait('Saved before the disk filled');
    await waitForStored(app, (l) => l.length === 1 && l[0].messages[1].body.reply.status === 'done', 'saved');
    const before = await storedRecords(app.page);

    await app.page.getByRole('button', { name: 'New chat', exact: true }).click();
    const long = `Written while the disk is full ${'lorem ipsum '.repeat(60_000)}`;
    const reply = await app.sendAndWait(long);
    assert.match(await shownText(reply.locator('[data-part="content"]')), /Written while the disk is full/, 'chatting goes on');
    const banner = app.page.locator('[data-part="storage-problem"]');
    await banner.waitFor();
    assert.match(await shownText(banner), /storage is full/);
    assert.deepEqual(await titles(app), ['Written while the disk is full lorem ipsum lorem…', 'Saved before the disk filled']);

    const file = await exportAll(app, banner);
    const exported = file.conversations.map((c) => c.title).sort();
    assert.deepEqual(exported, ['Saved before the disk filled', 'Written while the disk is full lorem ipsum lorem…'], 'Export has everything, saved or not');
    assert.ok(!JSON.stringify(file).includes('demo-key'), 'no key in the export');
    assert.deepEqual(await storedRecords(app.page), before, 'what was stored is untouched');

    await app.reload();
    await waitForTitles(app, (t) => t.join() === 'Saved before the disk filled', 'the saved conversation is still there');
  });

  it('a corrupt record is reported and left alone; the others load and save', async () => {
    const app = await h.open();
    await app.sendAndWait('A healthy conversation');
    await waitForStored(app, (l) => l.length === 1 && l[0].messages[1].body.reply.status === 'done', 'saved');
    await app.page.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const open = indexedDB.open('glm-chat');
          open.onsuccess = () => {
            const tx = open.result.transaction('conversations', 'readwrite');
            tx.objectStore('conversations').put('{"schema": 2, "conversation": {"id": "broken", "messages": "nope"', 'broken');
            tx.objectStore('conversations').put(42, 'not-text');
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
          open.onerror = () => reject(open.error);
        }),
    );
    await app.reload();
    const banner = app.page.locator('[data-part="storage-problem"]');
    await banner.waitFor();
    assert.match(await shownText(banner), /2 saved conversation\(s\) could not be read/);
    await waitForTitles(app, (t) => t.join() === 'A healthy conversation', 'the readable one listed');
    await app.sendAndWait('Still saving');
    await waitForStored(app, (l) => l.length === 1 && l[0].messages.length === 4, 'the healthy one is saved');
    const records = await storedRecords(app.page);
    const broken = records.find((r) => r.key === 'broken');
    assert.equal(broken.value, '{"schema": 2, "conversation": {"id": "broken", "messages": "nope"', 'the corrupt record is untouched');
    assert.equal(records.find((r) => r.key === 'not-text').value, 42);
  });

  it('in a sandboxed frame without storage the app still starts, chats and offers Export', async () => {
    const app = await h.open();
    // The app's own page becomes the host (no inline style: its CSP stays in force); the frame is sandboxed without
    // allow-same-origin, so it has an opaque origin and neither IndexedDB nor localStorage.
    await app.page.setContent(
      `<iframe sandbox="allow-scripts allow-forms allow-downloads" src="${h.mock.url}" width="1000" height="700"></iframe>`,
    );
    const frame = app.page.frameLocator('iframe');
    const box = frame.getByRole('textbox', { name: 'Message', exact: true });
    await box.waitFor({ timeout: 20_000 });
    const banner = frame.locator('[data-part="storage-problem"]');
    await banner.waitFor();
    assert.match(await shownText(banner), /cannot be saved in this window/);
    await box.fill('Hello from a sandbox');
    await box.press('Enter');
    const reply = frame.locator('article[data-role="assistant"]').last();
    await waitForStatus(reply, 'done');
    assert.match(await shownText(reply.locator('[data-part="content"]')), /Hello from a sandbox/);
    const file = await exportAll(app, banner);
    assert.equal(file.conversations[0].title, 'Hello from a sandbox');
  });
});
