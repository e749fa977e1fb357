// Issue 8: switching the interface language from the settings dialog. Every label the app itself shows changes,
// the choice survives a reload, and <html lang> and the title follow.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, waitFor } from '../lib/harness.mjs';

/**
 * The interface's own words under `root` (visible text, placeholders, accessible names and tooltips), leaving out
 * what the model or the user wrote and the names that stay as they are in every language.
 */
const interfaceWords = (page, root) =>
  page.evaluate((selector) => {
    const skip = '[data-part="content"], [data-part="reasoning"], .gc-user-text, .gc-conv-title, .gc-model, code, kbd, option';
    const out = [];
    const scope = document.querySelector(selector);
    const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const el = node.parentElement;
      if (node.textContent.trim() && !el.closest(skip) && visible(el)) out.push(node.textContent.trim());
    }
    for (const el of scope.querySelectorAll('[placeholder], [aria-label], [title]')) {
      if (el.closest(skip) || !visible(el)) continue;
      for (const a of ['placeholder', 'aria-label', 'title']) if (el.getAttribute(a)) out.push(el.getAttribute(a));
    }
    return out;
  }, root);

/** Words that are the same in both languages: names, tags, units, keys. */
const SAME = /^(GLM|API|Top|P|Token|Enter|Shift|Esc|Ctrl|Markdown|JSON|BigModel|Z\.ai|open\.bigmodel\.cn|api\.z\.ai|English|K|O|JWT|HS|ID|UUID|MCP|id\.secret|thinking|functions|retrieval|mcp)$/;

/** The English words left in `texts`, other than those in SAME and #tags. */
const english = (texts) =>
  // API field names (`do_sample`, `response_format`, `web_search`) are written as the API spells them.
  texts.flatMap((t) => (t.replace(/#[\w-]+/g, '').replace(/\b[a-z]+(?:_[a-z]+)+\b/g, '').match(/[A-Za-z][A-Za-z.]+/g) ?? []).filter((w) => !SAME.test(w)).map((w) => `${w} (in "${t}")`));

describe('language', { timeout: 120_000 }, () => {
  const h = useHarness();

  it('switching to Chinese in Settings changes every label, sets <html lang>, and survives a reload', async () => {
    const app = await h.open({ locale: 'en-US' });
    const { page } = app;
    await app.sendAndWait('Hello #usage');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.ok(english(await interfaceWords(page, '.gc-app')).length > 10, 'the check sees the English interface');

    const dialog = await app.openSettings();
    await dialog.getByLabel('Language', { exact: true }).selectOption('zh');
    const zhDialog = page.getByRole('dialog', { name: '设置', exact: true });
    await zhDialog.waitFor();
    assert.deepEqual(english(await interfaceWords(page, '.gc-dialog')), [], 'the settings dialog is all Chinese');
    await zhDialog.getByRole('button', { name: '关闭', exact: true }).click();
    await zhDialog.waitFor({ state: 'hidden' });

    const check = async (when) => {
      await waitFor(() => page.evaluate(() => document.documentElement.lang), (l) => l === 'zh-CN', `<html lang> ${when}`);
      assert.equal(await page.title(), 'GLM 对话', `the title ${when}`);
      assert.deepEqual(english(await interfaceWords(page, '.gc-app')), [], `every label is Chinese ${when}`);
      assert.equal(await page.getByRole('button', { name: '新对话', exact: true }).count(), 1);
      assert.match(await app.lastAssistant().locator('[data-part="usage"]').innerText(), /输入 .* 合计/);
    };
    await check('after switching');
    await page.reload(); // (app.reload() waits for the English message box)
    await page.locator('textarea.gc-input').waitFor();
    await app.lastAssistant().waitFor();
    await check('after a reload');

    // And back: the browser's language (English) again.
    await page.getByRole('button', { name: '设置', exact: true }).click();
    await page.getByRole('dialog').getByLabel('语言', { exact: true }).selectOption('auto');
    await app.settingsDialog().waitFor();
    await waitFor(() => page.evaluate(() => document.documentElement.lang), (l) => l === 'en', '<html lang> back to en');
    assert.equal(await page.title(), 'GLM Chat');
  });

  it('a Chinese browser gets the Chinese interface, and English can be chosen', async () => {
    const app = await h.openZh();
    const { page } = app;
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    assert.deepEqual(english(await interfaceWords(page, '.gc-app')), [], 'an empty chat in Chinese');
    await page.getByRole('button', { name: '设置', exact: true }).click();
    await page.getByRole('dialog').getByLabel('语言', { exact: true }).selectOption('en');
    await app.settingsDialog().waitFor();
    await waitFor(() => page.evaluate(() => document.documentElement.lang), (l) => l === 'en', '<html lang> en');
    await app.closeSettings();
    await app.reload();
    await page.getByRole('button', { name: 'Settings', exact: true }).waitFor();
    assert.equal(await page.getByPlaceholder(/Ask anything/).count(), 1, 'English after a reload');
  });

  it('what frames a reply is Chinese too: tool cards, the audio expiry and the Markdown export', async () => {
    const app = await h.openZh();
    const { page } = app;
    const mcp = await app.sendAndWait('GLM-4.5 是哪天发布的？#mcp');
    const cards = (await mcp.locator('[data-part="tool-call"]').allInnerTexts()).join('\n');
    for (const word of ['服务器', '参数', '输出', '错误']) assert.ok(cards.includes(word), `the cards say ${word}: ${cards}`);
    for (const word of ['server:', 'arguments:', 'output:', 'error:']) assert.ok(!cards.includes(word), `no "${word}" in: ${cards}`);

    const audio = await app.sendAndWait('说点什么 #audio');
    const when = audio.locator('[data-part="audio"] time');
    const local = await page.evaluate(
      (iso) => new Date(iso).toLocaleString('zh-CN', { dateStyle: 'medium', timeStyle: 'short' }),
      await when.getAttribute('datetime'),
    );
    assert.equal(await when.innerText(), local, 'the expiry is written the Chinese way');

    await page.locator('.gc-menu summary').click();
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出为 Markdown', exact: true }).click(),
    ]);
    const text = await (await import('node:fs/promises')).readFile(await file.path(), 'utf8');
    for (const heading of ['## 你', '## 助手']) assert.ok(text.includes(heading), `the export has "${heading}"`);
    for (const english of ['## You', '## Assistant', 'Tool call', 'Tokens:']) {
      assert.ok(!text.includes(english), `no "${english}" in the Chinese export`);
    }
    app.assertNoErrors();
  });
});
