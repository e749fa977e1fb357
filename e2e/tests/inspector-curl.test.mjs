// Issue 5: "see exactly what is sent". A reply's Inspect action opens the request inspector: the body sent, the
// raw response, and Copy as curl with the key as $GLM_API_KEY, properly shell-quoted. The key itself never shows.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, waitForChatRequests, shownText } from '../lib/harness.mjs';

/** The body of a `curl … --data-raw '…'` command, unquoted the way a POSIX shell would. */
function dataRaw(curl) {
  const m = curl.match(/--data-raw '((?:[^']|'\\'')*)'$/s);
  assert.ok(m, `a --data-raw argument in single quotes: ${curl}`);
  return m[1].replaceAll("'\\''", "'");
}

describe('request inspector and Copy as curl', { timeout: 120_000 }, () => {
  const h = useHarness({ mockOptions: { key: 'sk-e2e.0123456789abcdef' } });

  it('shows the exact request and the raw stream, and copies it as curl without the key', async () => {
    const key = 'sk-e2e.0123456789abcdef';
    const app = await h.open({ permissions: ['clipboard-read', 'clipboard-write'] });
    let dialog = await app.openSettings();
    await dialog.getByLabel('API key', { exact: true }).fill(key);
    await app.closeSettings();

    const text = `It's "quoted" $HOME \`id\` and my key ${key}?`;
    const reply = await app.sendAndWait(text);
    const [sent] = await waitForChatRequests(h.mock, 1);
    assert.equal(sent.headers.authorization, `Bearer ${key}`);

    const inspect = reply.getByRole('button', { name: 'Inspect request', exact: true });
    await inspect.click();
    dialog = app.page.getByRole('dialog', { name: 'Request details', exact: true });
    await dialog.waitFor({ state: 'visible' });
    const body = await shownText(dialog.locator('[data-part="request-body"]'));
    assert.match(body, /"model": "glm-4\.5-flash"/);
    assert.match(body, /"stream": true/);
    const response = await shownText(dialog.locator('[data-part="response"]'));
    assert.match(response, /^data: \{"id":/, 'the raw SSE text');
    assert.match(response, /data: \[DONE\]\s*$/);
    assert.equal(await dialog.locator('[data-part="response-status"]').innerText(), 'HTTP 200');

    await dialog.getByRole('button', { name: 'Copy as curl', exact: true }).click();
    const curl = await app.page.evaluate(() => navigator.clipboard.readText());
    assert.ok(curl.startsWith(`curl -N '${h.mock.apiBase}/chat/completions' \\\n`), curl.slice(0, 120));
    assert.ok(curl.includes(`-H 'Content-Type: application/json'`));
    assert.ok(curl.includes(`-H "Authorization: Bearer $GLM_API_KEY"`), 'the key is a shell variable');
    const json = JSON.parse(dataRaw(curl));
    const expected = structuredClone(sent.body);
    expected.messages.at(-1).content = expected.messages.at(-1).content.replace(key, '$GLM_API_KEY');
    assert.deepEqual(json, expected, 'the body the server received, byte for byte once unquoted (key aside)');
    assert.equal(await shownText(dialog.locator('[data-part="curl"]')), curl, 'the dialog shows the same command');

    for (const where of [curl, body, response, await dialog.innerText()]) {
      assert.ok(!where.includes(key) && !where.includes('0123456789abcdef'), 'the key never shows');
    }

    // Escape closes it and gives focus back to the button that opened it.
    await app.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await inspect.evaluate((b) => b === document.activeElement), true, 'focus returns to Inspect');
  });

  it('an error reply shows the status and the error body', async () => {
    const app = await h.open({ allowConsole: [/status of 429/] });
    const reply = await app.sendAndWait('Balance? #1113', { status: 'error' });
    await reply.getByRole('button', { name: 'Inspect request', exact: true }).click();
    const dialog = app.page.getByRole('dialog', { name: 'Request details', exact: true });
    await dialog.waitFor({ state: 'visible' });
    assert.equal(await dialog.locator('[data-part="response-status"]').innerText(), 'HTTP 429');
    assert.deepEqual(JSON.parse(await shownText(dialog.locator('[data-part="response"]'))), {
      error: { code: '1113', message: '余额不足或无可用资源包,请充值。' },
    });
    const curl = await shownText(dialog.locator('[data-part="curl"]'));
    assert.ok(!curl.includes('Authorization'), 'no key was sent, so the command sends none');
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('is translated in Chinese', async () => {
    const app = await h.openZh();
    const reply = await app.sendAndWait('你好');
    await reply.getByRole('button', { name: '查看请求', exact: true }).click();
    const dialog = app.page.getByRole('dialog', { name: '请求详情', exact: true });
    await dialog.waitFor({ state: 'visible' });
    assert.equal(await dialog.getByRole('button', { name: '复制为 curl', exact: true }).count(), 1);
    assert.match(await dialog.innerText(), /请求体[\s\S]*原始响应/);
  });
});
