// Issue 7: the release build loads parts of the app on first use (wasm chunks, see src/split.rs, and the stylesheet
// of such parts, scripts/css_bundle.py). A first visit fetches none of them; typing fetches what a message needs; and
// a chunk that cannot be downloaded is reported where it was needed, with Retry, without breaking anything else or
// losing the user's text.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, waitFor, waitForStatus, shownText } from '../lib/harness.mjs';
import { titles, waitForTitles, storedRecords, waitForStored, openConversation } from '../lib/conversations.mjs';

const chunk = (part) => new RegExp(`/glm-chat-${part}-[0-9a-f]{16}\\.wasm$`);
const LATER_CSS = /\/styles-later-[0-9a-f]{16}\.css$/;
const FAILED_LOAD = [/Failed to fetch|TypeError|net::ERR_FAILED|failed to load/i];

describe('parts loaded on first use', { timeout: 120_000 }, () => {
  const h = useHarness();

  it('a first visit fetches no chunk; typing fetches what sending needs; Settings fetches its own', async () => {
    const fetched = [];
    const app = await h.open({
      serviceWorkers: 'block',
      onCreate: (a) => a.page.on('request', (r) => r.url().endsWith('.wasm') && fetched.push(new URL(r.url()).pathname)),
    });
    await app.page.waitForLoadState('networkidle');
    assert.deepEqual(fetched.filter((p) => !/_bg\.wasm$/.test(p)), [], 'only the main module on a first visit');
    await app.composer().pressSequentially('Hi');
    for (const part of ['request', 'messages', 'save', 'conversation-list']) {
      await waitFor(() => fetched.some((p) => chunk(part).test(p)), (v) => v, `the ${part} chunk fetched while typing`);
    }
    assert.ok(!fetched.some((p) => chunk('settings').test(p)), 'not the settings');
    await app.openSettings();
    assert.ok(fetched.some((p) => chunk('settings').test(p)), 'the settings chunk once Settings opened');
    assert.ok(!fetched.some((p) => chunk('widget').test(p)), "never the embedded widget's own part");
    app.assertNoErrors();
  });

  it("the parts' stylesheet comes with the first part, and a part shows without it when it cannot be downloaded", async () => {
    let blocked = true;
    const asked = [];
    const app = await h.open({
      serviceWorkers: 'block',
      allowConsole: [...FAILED_LOAD, /styles-later/],
      onCreate: async (a) => {
        a.page.on('request', (r) => LATER_CSS.test(r.url()) && asked.push(r.url()));
        await a.page.route(LATER_CSS, (route) => (blocked ? route.abort() : route.continue()));
      },
    });
    await app.page.waitForLoadState('networkidle');
    assert.equal(asked.length, 0, 'a first visit does not fetch it');
    const dialogRadius = () => app.settingsDialog().evaluate((el) => getComputedStyle(el).borderTopLeftRadius);
    // Blocked: Settings still opens (unstyled, after asking twice), and closes.
    await app.openSettings();
    assert.equal(asked.length, 2, 'opening Settings asked for it, and once more after the failure');
    assert.notEqual(await dialogRadius(), '14px', 'the dialog is not styled without it');
    await app.page.keyboard.press('Escape');
    await app.settingsDialog().waitFor({ state: 'hidden' });
    // Unblocked: the next part asks again, and is styled when it shows; so is the first one from then on.
    blocked = false;
    await app.page.getByRole('button', { name: 'Keyboard shortcuts', exact: true }).click();
    const shortcuts = app.page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await shortcuts.waitFor({ state: 'visible' });
    assert.equal(asked.length, 3, 'asked again after the failure');
    assert.equal(await shortcuts.evaluate((el) => getComputedStyle(el).borderTopLeftRadius), '14px', 'styled at once');
    await app.page.keyboard.press('Escape');
    await app.openSettings();
    assert.equal(await dialogRadius(), '14px', 'the settings dialog is styled too (style/settings.css)');
    app.assertNoErrors();
  });

  it("a stylesheet prefetch that failed while typing is asked for again when the message shows", async () => {
    let blocked = true;
    const app = await h.open({
      serviceWorkers: 'block',
      allowConsole: [...FAILED_LOAD, /styles-later/],
      onCreate: (a) => a.page.route(LATER_CSS, (route) => (blocked ? route.abort() : route.continue())),
    });
    const failed = app.page.waitForEvent('requestfailed', (r) => LATER_CSS.test(r.url()));
    await app.composer().pressSequentially('Hello');
    await failed;
    blocked = false;
    await app.page.keyboard.press('Enter');
    const bubble = app.page.locator('.gc-user-text').first();
    await bubble.waitFor();
    assert.equal(await bubble.evaluate((el) => getComputedStyle(el).borderTopLeftRadius), '10px', 'styled when shown');
    app.assertNoErrors();
  });

  it('a dialog whose chunk cannot be downloaded says so, and Retry loads it', async () => {
    let blocked = true;
    const app = await h.open({
      serviceWorkers: 'block',
      allowConsole: FAILED_LOAD,
      onCreate: (a) => a.page.route(chunk('settings'), (route) => (blocked ? route.abort() : route.continue())),
    });
    const mainWidth = () => app.page.locator('main').evaluate((el) => el.getBoundingClientRect().width);
    const width = await mainWidth();
    await app.page.getByRole('button', { name: 'Settings', exact: true }).click();
    const problem = app.page.locator('[data-part="chunk-error"]');
    await problem.waitFor();
    assert.match(await problem.innerText(), /could not be downloaded/);
    assert.equal(await mainWidth(), width, 'the message floats over the app: the chat keeps its width');
    blocked = false;
    await problem.getByRole('button', { name: 'Retry', exact: true }).click();
    await app.settingsDialog().waitFor({ state: 'visible' });
    assert.equal(await problem.count(), 0, 'the message is gone');
  });

  it('a message whose sending code cannot be downloaded fails with an explanation and Retry, keeping the text', async () => {
    let blocked = true;
    const app = await h.open({
      serviceWorkers: 'block',
      allowConsole: FAILED_LOAD,
      onCreate: (a) => a.page.route(chunk('request'), (route) => (blocked ? route.abort() : route.continue())),
    });
    await app.send('Keep this text');
    const reply = app.assistantArticles().first();
    await waitForStatus(reply, 'error');
    const error = reply.locator('[data-part="error"]');
    assert.equal(await error.getAttribute('data-code'), 'app_download');
    assert.match(await error.innerText(), /could not be downloaded/);
    const announced = app.page.locator('[data-part="announce"]');
    await announced.filter({ hasText: 'Part of GLM Chat could not be downloaded' }).waitFor({ state: 'attached', timeout: 5_000 });
    assert.match(await app.userArticles().first().innerText(), /Keep this text/);
    blocked = false;
    await error.getByRole('button', { name: 'Retry', exact: true }).click();
    await waitForStatus(app.assistantArticles().first(), 'done');
    assert.match(await app.assistantArticles().first().innerText(), /Keep this text/, 'the reply answers the same text');
  });

  it('a first message whose list code cannot be downloaded is kept and saved; Retry shows it, with the reply to retry', async () => {
    const state = { blocked: true };
    const app = await h.open({ serviceWorkers: 'block', allowConsole: FAILED_LOAD, onCreate: blockable('messages', state) });
    await app.send('Kept without its list');
    const problem = app.page.locator('[data-part="chunk-error"]');
    await problem.waitFor();
    assert.match(await shownText(problem), /could not be downloaded/);
    assert.equal(await app.page.locator('.gc-examples').count(), 0, 'not the empty chat');
    await waitForStored(
      app,
      (l) => l.length === 1 && l[0].messages[0].body.text === 'Kept without its list' && l[0].messages[1].body.reply.status === 'error',
      'the message saved, its reply failed',
    );
    assert.equal(await app.composer().inputValue(), '', 'the text went with the message');
    // A new chat is the empty chat again (the failure stays said, with Retry); the conversation is still listed.
    await app.page.getByRole('button', { name: 'New chat', exact: true }).click();
    await app.page.locator('.gc-examples').waitFor();
    await openConversation(app, 'Kept without its list');
    await waitFor(() => app.page.locator('.gc-examples').count(), (n) => n === 0, 'the empty chat gone again');

    state.blocked = false;
    await problem.getByRole('button', { name: 'Retry', exact: true }).click();
    await app.userArticles().first().filter({ hasText: 'Kept without its list' }).waitFor();
    const reply = app.assistantArticles().first();
    await waitForStatus(reply, 'error');
    const error = reply.locator('[data-part="error"]');
    assert.equal(await error.getAttribute('data-code'), 'app_download');
    await error.getByRole('button', { name: 'Retry', exact: true }).click();
    await waitForStatus(app.assistantArticles().first(), 'done');
    assert.match(await app.assistantArticles().first().innerText(), /Kept without its list/, 'the reply answers the text');
    assert.equal(await problem.count(), 0, 'the message is gone');
  });

  it('a returning visit whose list code cannot be downloaded says so instead of the empty chat; Retry shows the conversation', async () => {
    const state = { blocked: false };
    const app = await h.open({ serviceWorkers: 'block', allowConsole: FAILED_LOAD, onCreate: blockable('messages', state) });
    await app.sendAndWait('Shown again after Retry');
    await waitForStored(app, (l) => l.length === 1 && l[0].messages[1].body.reply.status === 'done', 'saved');
    state.blocked = true;
    await app.reload();
    const problem = app.page.locator('[data-part="chunk-error"]');
    await problem.waitFor();
    assert.equal(await app.page.locator('.gc-examples').count(), 0, 'not the empty chat');
    assert.deepEqual(await titles(app), ['Shown again after Retry'], 'the conversation is listed');
    state.blocked = false;
    await problem.getByRole('button', { name: 'Retry', exact: true }).click();
    await app.userArticles().first().filter({ hasText: 'Shown again after Retry' }).waitFor();
    await waitForStatus(app.assistantArticles().first(), 'done');
    assert.equal(await problem.count(), 0, 'the message is gone');
  });

  it('an import whose code cannot be downloaded says so, and the same file chosen again is imported', async () => {
    let blocked = true;
    const app = await h.open({
      serviceWorkers: 'block',
      allowConsole: FAILED_LOAD,
      onCreate: (a) => a.page.route(chunk('transfer'), (route) => (blocked ? route.abort() : route.continue())),
    });
    const input = app.page.locator('.gc-transfer input[type="file"]');
    const said = app.page.locator('.gc-transfer-result');
    const file = { name: 'backup.json', mimeType: 'application/json', buffer: Buffer.from('not json at all') };
    await input.setInputFiles(file);
    await said.waitFor();
    assert.match(await said.innerText(), /could not be downloaded/);
    assert.equal(await said.getAttribute('role'), 'alert');
    // Cleared: in a browser, choosing the same file again is only a change (and a retry) if the field is empty.
    assert.equal(await input.inputValue(), '', 'the file field is cleared');
    blocked = false;
    await input.setInputFiles(file);
    await waitFor(() => said.innerText(), (t) => /not valid JSON/.test(t), 'the import code read the file');
  });

  // Reading saved settings, keys and conversations is a chunk too (src/restore.rs): a first visit has nothing to read.
  const blockable = (part, state) => (a) => {
    a.fetched = [];
    a.page.on('request', (r) => r.url().endsWith('.wasm') && a.fetched.push(new URL(r.url()).pathname));
    return a.page.route(chunk(part), (route) => (state.blocked ? route.abort() : route.continue()));
  };

  it('a returning visit reads its saved settings with a chunk; if it cannot be downloaded nothing starts or is lost, and Retry starts the app', async () => {
    const state = { blocked: false };
    const app = await h.open({ serviceWorkers: 'block', allowConsole: FAILED_LOAD, onCreate: blockable('restore', state) });
    let dialog = await app.openSettings();
    await dialog.getByLabel('Model', { exact: true }).fill('glm-4.6');
    await app.closeSettings();
    assert.ok(!app.fetched.some((p) => chunk('restore').test(p)), 'nothing saved when the page opened: no reader fetched');
    const saved = await app.page.evaluate(() => localStorage.getItem('glm-chat.settings'));
    assert.match(saved, /glm-4\.6/);

    state.blocked = true;
    await app.page.reload();
    const problem = app.page.locator('[data-part="boot-error"]');
    await problem.waitFor();
    assert.match(await shownText(problem), /could not start.*Nothing is lost/s);
    assert.equal(await app.composer().count(), 0, 'the app does not start without its saved settings');
    assert.equal(await app.page.evaluate(() => localStorage.getItem('glm-chat.settings')), saved, 'nothing is written over');

    state.blocked = false;
    await problem.getByRole('button', { name: 'Retry', exact: true }).click();
    await app.waitForMount();
    assert.equal(await problem.count(), 0);
    dialog = await app.openSettings();
    assert.equal(await dialog.getByLabel('Model', { exact: true }).inputValue(), 'glm-4.6', 'the saved settings are in force');
  });

  it('saved conversations whose reader cannot be downloaded stay saved and untouched; Retry shows them', async () => {
    const state = { blocked: false };
    const app = await h.open({ serviceWorkers: 'block', allowConsole: FAILED_LOAD, onCreate: blockable('restore', state) });
    await app.sendAndWait('Kept while the reader is away');
    await waitForStored(app, (l) => l.length === 1 && l[0].messages[1].body.reply.status === 'done', 'saved');
    const before = await storedRecords(app.page);

    state.blocked = true;
    await app.reload();
    const banner = app.page.locator('[data-part="storage-problem"]');
    await banner.waitFor();
    assert.match(await shownText(banner), /saved conversations could not be shown.*still saved/is);
    assert.deepEqual(await titles(app), []);
    await app.sendAndWait('Written meanwhile');
    assert.deepEqual(await storedRecords(app.page), before, 'nothing is saved over the unread conversations');

    state.blocked = false;
    await banner.getByRole('button', { name: 'Retry', exact: true }).click();
    await waitForTitles(app, (t) => t.join() === 'Written meanwhile,Kept while the reader is away', 'both conversations listed');
    await waitForStored(app, (l) => l.length === 2, 'the new conversation is saved once the others are read');
    assert.equal(await banner.count(), 0, 'the banner is gone');
  });

  // The Chinese interface text is a chunk too (src/i18n.rs): an English first visit never fetches it (first test).
  it('a Chinese first visit paints in Chinese from the start, with the Chinese texts fetched before it', async () => {
    const state = { blocked: false };
    const app = await h.open({
      locale: 'zh-CN',
      serviceWorkers: 'block',
      onCreate: async (a) => {
        await blockable('zh', state)(a);
        // Every title the page paints, frame by frame, from the first.
        await a.page.addInitScript(() => {
          const painted = (window.__titles = []);
          const look = () => {
            const text = document.querySelector('.gc-title')?.textContent;
            if (text && painted[painted.length - 1] !== text) painted.push(text);
            if (performance.now() < 15_000) requestAnimationFrame(look);
          };
          requestAnimationFrame(look);
        });
      },
    });
    await app.page.waitForLoadState('networkidle');
    assert.ok(app.fetched.some((p) => chunk('zh').test(p)), 'the Chinese texts fetched');
    assert.deepEqual(await app.page.evaluate(() => window.__titles), ['GLM 对话'], 'never painted in English');
    assert.equal(await app.page.evaluate(() => document.documentElement.lang), 'zh-CN');
    await app.composer().waitFor();
    assert.equal(await app.composer().getAttribute('aria-label'), '消息');
  });

  it('Chinese texts that cannot be downloaded leave the app in English with a notice; Retry switches to Chinese', async () => {
    const state = { blocked: true };
    const app = await h.open({ locale: 'zh-CN', serviceWorkers: 'block', allowConsole: FAILED_LOAD, onCreate: blockable('zh', state) });
    const notice = app.page.locator('[data-part="language-error"]');
    await notice.waitFor();
    assert.match(await shownText(notice), /Chinese interface \(中文界面\) could not be downloaded/);
    assert.equal(await app.page.locator('.gc-title').innerText(), 'GLM Chat');
    assert.equal(await app.page.evaluate(() => document.documentElement.lang), 'en', 'all of it English, not half');
    await app.composer().fill('Kept while the language is away');

    state.blocked = false;
    await notice.getByRole('button', { name: 'Retry', exact: true }).click();
    await waitFor(() => app.page.locator('.gc-title').innerText(), (t) => t === 'GLM 对话', 'the title in Chinese');
    assert.equal(await app.page.evaluate(() => document.documentElement.lang), 'zh-CN');
    assert.equal(await notice.count(), 0, 'the notice is gone');
    assert.equal(await app.composer().inputValue(), 'Kept while the language is away', 'the draft is kept');
  });
});
