// Issue 5: where the key is kept (this browser, this session, encrypted with a passphrase), Test key, Forget key,
// the confirmation before the key follows the endpoint to another origin, and that it never leaks.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { useHarness, waitFor, waitForChatRequests, waitForStatus, DEMO_KEY } from '../lib/harness.mjs';

const PASSPHRASE = 'correct horse battery';

/** Every localStorage and sessionStorage entry of the page, as [area, key, value]. */
async function storedEntries(page) {
  return page.evaluate(() =>
    ['localStorage', 'sessionStorage'].flatMap((area) =>
      Object.keys(window[area]).map((k) => [area, k, window[area].getItem(k)]),
    ),
  );
}

async function typeKey(dialog, key) {
  await dialog.getByLabel('API key', { exact: true }).fill(key);
}

const testResult = (dialog) => dialog.locator('[data-part="key-test"]');

async function runTest(dialog) {
  await dialog.getByRole('button', { name: 'Test key', exact: true }).click();
  return waitFor(
    () => testResult(dialog).getAttribute('data-result'),
    (r) => r && r !== 'testing',
    'a Test key result',
  );
}

async function encrypt(app, key) {
  const dialog = await app.openSettings();
  await typeKey(dialog, key);
  await dialog.getByRole('radio', { name: 'Encrypted with a passphrase', exact: true }).check();
  await dialog.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await dialog.getByLabel('Repeat passphrase', { exact: true }).fill(PASSPHRASE);
  await dialog.getByRole('button', { name: 'Encrypt key', exact: true }).click();
  await waitFor(
    () => storedEntries(app.page),
    (e) => e.some(([, k]) => k === 'glm-chat.api-key-sealed'),
    'the sealed key in localStorage',
  );
  await app.closeSettings();
}

describe('the API key', { timeout: 180_000 }, () => {
  const h = useHarness({ secondMock: true });

  it('is kept in localStorage by default and comes back in a new browser session', async () => {
    const app = await h.open();
    const dialog = await app.openSettings();
    assert.equal(await dialog.getByRole('radio', { name: 'In this browser', exact: true }).isChecked(), true);
    await typeKey(dialog, DEMO_KEY);
    await app.closeSettings();
    const entries = await storedEntries(app.page);
    assert.deepEqual(
      entries.filter(([, k]) => k === 'glm-chat.api-key'),
      [['localStorage', 'glm-chat.api-key', DEMO_KEY]],
    );
    const state = await app.context.storageState();
    const next = await h.open({ storageState: state });
    const d2 = await next.openSettings();
    assert.equal(await d2.getByLabel('API key', { exact: true }).inputValue(), DEMO_KEY, 'a new session has it');
    await next.closeSettings();
    await next.sendAndWait('hello');
    const [req] = await waitForChatRequests(h.mock, 1);
    assert.equal(req.headers.authorization, `Bearer ${DEMO_KEY}`);
  });

  it('"This session only" keeps it out of localStorage, and a new browser session has none', async () => {
    const app = await h.open();
    const dialog = await app.openSettings();
    await typeKey(dialog, DEMO_KEY);
    await dialog.getByRole('radio', { name: 'This session only', exact: true }).check();
    await app.closeSettings();
    const entries = await storedEntries(app.page);
    assert.ok(!entries.some(([area, , v]) => area === 'localStorage' && v.includes(DEMO_KEY)), 'not in localStorage');
    assert.ok(entries.some(([area, k, v]) => area === 'sessionStorage' && k === 'glm-chat.api-key' && v === DEMO_KEY));
    await app.reload();
    await app.sendAndWait('still here after a reload');
    const [req] = await waitForChatRequests(h.mock, 1);
    assert.equal(req.headers.authorization, `Bearer ${DEMO_KEY}`, 'a reload keeps the session');

    const next = await h.open({ storageState: await app.context.storageState() });
    const d2 = await next.openSettings();
    assert.equal(await d2.getByLabel('API key', { exact: true }).inputValue(), '', 'gone in a new session');
    assert.equal(await d2.getByRole('radio', { name: 'This session only', exact: true }).isChecked(), true);
  });

  it('encrypted: no plaintext stored, the passphrase is asked after a reload and a wrong one is refused', async () => {
    const app = await h.open();
    await encrypt(app, DEMO_KEY);
    const entries = await storedEntries(app.page);
    assert.ok(!entries.some(([, , v]) => v.includes(DEMO_KEY)), `no plaintext key anywhere: ${JSON.stringify(entries)}`);
    const sealed = JSON.parse(entries.find(([, k]) => k === 'glm-chat.api-key-sealed')[2]);
    assert.ok(sealed.iterations >= 310_000, 'PBKDF2 rounds');
    assert.ok(sealed.salt && sealed.iv && sealed.data);
    // Unlocked in this tab: sending needs no passphrase.
    await app.sendAndWait('first');
    await h.mock.clearRequests();

    await app.reload();
    await app.composer().fill('after reload');
    await app.composer().press('Enter');
    const unlock = app.page.getByRole('dialog', { name: 'Unlock your API key', exact: true });
    await unlock.waitFor();
    await waitFor(
      () => app.page.evaluate(() => document.activeElement?.getAttribute('aria-label')),
      (v) => v === 'Passphrase',
      'the focus in the passphrase field',
    );
    assert.equal((await h.mock.chatRequests()).length, 0, 'nothing is sent while locked');
    await unlock.getByLabel('Passphrase', { exact: true }).fill('not the passphrase');
    await unlock.getByRole('button', { name: 'Unlock', exact: true }).click();
    await unlock.getByRole('alert').filter({ hasText: 'Wrong passphrase' }).waitFor({ timeout: 20_000 });
    assert.equal((await h.mock.chatRequests()).length, 0);
    assert.equal(await app.composer().inputValue(), 'after reload', 'the text waits in the composer');

    await unlock.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await unlock.getByRole('button', { name: 'Unlock', exact: true }).click();
    await unlock.waitFor({ state: 'hidden', timeout: 20_000 });
    const [req] = await waitForChatRequests(h.mock, 1);
    assert.equal(req.headers.authorization, `Bearer ${DEMO_KEY}`, 'the message went once unlocked');
    await waitForStatus(app.lastAssistant(), 'done');
    assert.ok(!(await storedEntries(app.page)).some(([, , v]) => v.includes(DEMO_KEY)), 'still nothing in the clear');
  });

  it('Test key says whether the key works, is rejected, is rate-limited or cannot reach the endpoint', async () => {
    const app = await h.open({
      allowConsole: [/status of 401/, /status of 429/, /ERR_FAILED|Failed to load resource/],
    });
    const dialog = await app.openSettings();
    await typeKey(dialog, DEMO_KEY);
    assert.equal(await runTest(dialog), 'works');
    assert.match(await testResult(dialog).innerText(), /The key works/);
    const [probe] = await waitForChatRequests(h.mock, 1);
    assert.equal(probe.body.max_tokens, 1, 'the smallest request');
    assert.equal(probe.body.stream, false);

    await typeKey(dialog, 'not-the-key');
    assert.equal(await runTest(dialog), 'rejected');
    assert.match(await testResult(dialog).innerText(), /rejected this key \(401\)/);

    await typeKey(dialog, DEMO_KEY);
    await app.page.route('**/chat/completions', (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({
            status: 429,
            contentType: 'application/json',
            headers: { 'access-control-allow-origin': '*' },
            body: JSON.stringify({ error: { code: '1302', message: 'Rate limit reached for requests' } }),
          })
        : route.continue(),
    );
    assert.equal(await runTest(dialog), 'rate_limited');
    assert.match(await testResult(dialog).innerText(), /limiting requests right now \(429\)/);
    await app.page.unroute('**/chat/completions');

    await app.page.route('**/chat/completions', (route) => route.abort('failed'));
    assert.ok(['network', 'cors'].includes(await runTest(dialog)));
    assert.match(await testResult(dialog).innerText(), /network or CORS problem|blocked the call \(CORS\)/);
  });

  it('the Chinese interface words the test result in Chinese', async () => {
    const app = await h.openZh();
    await app.page.locator('.gc-header button').last().click();
    const dialog = app.page.getByRole('dialog');
    await dialog.locator('.gc-key input[type="password"]').first().fill(DEMO_KEY);
    await dialog.getByRole('button', { name: '测试密钥', exact: true }).click();
    await waitFor(() => testResult(dialog).getAttribute('data-result'), (r) => r === 'works', 'works');
    assert.equal(await testResult(dialog).innerText(), '密钥可用于此接口。');
  });

  it('Forget key removes it from localStorage, sessionStorage, the sealed copy and the page', async () => {
    const app = await h.open();
    await encrypt(app, DEMO_KEY);
    // Plant copies in the other places too, as an older version or another mode would have left them.
    await app.page.evaluate((k) => {
      localStorage.setItem('glm-chat.api-key', k);
      sessionStorage.setItem('glm-chat.api-key', k);
    }, DEMO_KEY);
    const dialog = await app.openSettings();
    await dialog.getByRole('button', { name: 'Forget key', exact: true }).click();
    assert.equal(await dialog.getByLabel('API key', { exact: true }).inputValue(), '');
    const entries = await storedEntries(app.page);
    assert.deepEqual(
      entries.filter(([, k]) => k.startsWith('glm-chat.api-key')),
      [],
      'no key, plain or sealed, in either storage',
    );
    await app.closeSettings();
    await app.reload();
    const d2 = await app.openSettings();
    assert.equal(await d2.getByLabel('API key', { exact: true }).inputValue(), '');
    await app.closeSettings();
    await app.sendAndWait('no key now');
    const [req] = await waitForChatRequests(h.mock, 1);
    assert.equal(req.headers.authorization, undefined, 'no Authorization header is sent');
  });

  it('asks before the key goes to another origin: Cancel puts the URL back, Keep sends it there', async () => {
    const app = await h.open();
    let dialog = await app.openSettings();
    await typeKey(dialog, DEMO_KEY);
    const base = dialog.getByLabel('API base URL', { exact: true });
    const original = await base.inputValue();
    await base.fill(h.api.apiBase);
    await base.press('Tab');
    const confirm = app.page.getByRole('dialog', { name: 'Send your API key to a new address?', exact: true });
    await confirm.waitFor();
    assert.match(await confirm.innerText(), new RegExp(h.api.origin.replace(/[.:/]/g, '\\$&')));
    await confirm.getByRole('button', { name: 'Cancel', exact: true }).click();
    await confirm.waitFor({ state: 'hidden' });
    await waitFor(() => base.inputValue(), (v) => v === original, 'the old API base URL back');
    await app.closeSettings();
    await app.sendAndWait('stays home');
    assert.equal((await h.api.chatRequests()).length, 0, 'nothing went to the other origin');
    assert.equal((await h.mock.chatRequests())[0].headers.authorization, `Bearer ${DEMO_KEY}`);

    dialog = await app.openSettings();
    await dialog.getByLabel('API base URL', { exact: true }).fill(h.api.apiBase);
    await dialog.getByLabel('API base URL', { exact: true }).press('Tab');
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Keep key for new origin', exact: true }).click();
    await confirm.waitFor({ state: 'hidden' });
    await app.closeSettings();
    await app.sendAndWait('goes abroad');
    const [req] = await waitForChatRequests(h.api, 1);
    assert.equal(req.headers.authorization, `Bearer ${DEMO_KEY}`, 'sent where the user confirmed');
  });

  it('never puts the key in a URL, the console, an error message or an export', async () => {
    const app = await h.open({ allowConsole: [/status of 401/] });
    const logged = [];
    app.page.on('console', (m) => logged.push(m.text()));
    const dialog = await app.openSettings();
    await typeKey(dialog, DEMO_KEY);
    await app.closeSettings();
    await app.sendAndWait('hello there');
    await app.sendAndWait('fail please #401', { status: 'error' });
    const error = await app.lastAssistant().locator('[data-part="error"]').innerText();
    assert.ok(!error.includes(DEMO_KEY), 'not in the error');
    assert.ok(app.sent.every((r) => !r.url.includes(DEMO_KEY)), 'not in any URL');
    assert.ok(logged.every((t) => !t.includes(DEMO_KEY)), 'not in the console');
    const [file] = await Promise.all([
      app.page.waitForEvent('download'),
      (async () => {
        await app.page.locator('summary', { hasText: 'Export' }).click();
        await app.page.getByRole('button', { name: /JSON/ }).click();
      })(),
    ]);
    const text = await readFile(await file.path(), 'utf8');
    assert.ok(text.includes('hello there'), 'the export has the conversation');
    assert.ok(!text.includes(DEMO_KEY), 'but not the key');
  });
});
