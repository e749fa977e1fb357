// Issue 5: axe-core finds no WCAG 2.2 A/AA violations in the attachment and key views (composer with attachments
// and a refusal, a message with an image, the key section with the passphrase form, the unlock and origin dialogs).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { useHarness, waitFor, waitForStatus, DEMO_KEY } from '../lib/harness.mjs';
import { png, GIF } from '../lib/media.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function violations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(`${readFileSync(AXE, 'utf8')}\n;0`);
  }
  const found = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    TAGS,
  );
  return found.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary.split('\n').slice(1, 2).join('')}`).join(' | ')}`,
  );
}

describe('accessibility of attachments and the key (axe-core)', { timeout: 180_000 }, () => {
  const h = useHarness({ secondMock: true });

  for (const [colorScheme, locale] of [['light', 'en-US'], ['dark', 'zh-CN']]) {
    it(`no violations (${colorScheme}, ${locale})`, async () => {
      const zh = locale.startsWith('zh');
      const app = await h.open({ locale, colorScheme });
      const { page } = app;
      const problems = [];
      const check = async (view) => {
        for (const v of await violations(page)) problems.push(`${view}: ${v}`);
      };
      const settingsButton = page.getByRole('button', { name: zh ? '设置' : 'Settings', exact: true });
      const dialog = page.getByRole('dialog').first();

      await settingsButton.click();
      await page.getByRole('dialog').getByLabel(zh ? '模型' : 'Model', { exact: true }).fill('glm-4.5v');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });

      const input = page.locator('.gc-composer input[type="file"]');
      await input.setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: png(8, 8) });
      await page.locator('[data-part="drafts"] img').waitFor();
      await page.locator('.gc-attach[aria-expanded]').click();
      await page.locator('.gc-url-form select').selectOption('video');
      await page.locator('.gc-url-form input').fill('https://media.example.com/cat.mp4');
      await page.locator('.gc-url-form button').click();
      await page.locator('[data-part="drafts"] a').waitFor();
      await input.setInputFiles({ name: 'anim.gif', mimeType: 'image/gif', buffer: GIF });
      await page.locator('[data-part="attach-error"]').waitFor();
      await check('composer with attachments and a refusal');

      await app.composer().fill('look');
      await app.composer().press('Enter');
      await waitForStatus(app.lastAssistant(), 'done');
      await check('a message with an image and a video');

      await settingsButton.click();
      await dialog.waitFor();
      await page.locator('.gc-key input').first().fill(DEMO_KEY);
      await page.locator('input[type="radio"][value="encrypted"]').check();
      await page.locator('.gc-passphrase input').first().waitFor();
      await check('key section with the passphrase form');
      const fields = page.locator('.gc-passphrase input');
      await fields.nth(0).fill('correct horse battery');
      await fields.nth(1).fill('correct horse battery');
      await page.locator('.gc-passphrase button').click();
      await waitFor(
        () => page.evaluate(() => localStorage.getItem('glm-chat.api-key-sealed')),
        (v) => v !== null,
        'the sealed key',
      );
      const base = page.locator('.gc-form input[type="url"]');
      await base.fill(h.api.apiBase);
      await base.press('Tab');
      await page.locator('[data-part="origin-text"]').waitFor();
      await check('the new-origin dialog');
      await page.keyboard.press('Escape');
      await page.locator('[data-part="origin-text"]').waitFor({ state: 'hidden' });
      await page.keyboard.press('Escape');

      await app.reload();
      await app.composer().fill('again');
      await app.composer().press('Enter');
      const unlock = page.locator('dialog[open] input[type="password"]');
      await unlock.waitFor();
      await unlock.fill('wrong passphrase');
      await unlock.press('Enter');
      await page.locator('[data-part="unlock-error"]').waitFor({ timeout: 20_000 });
      await check('the unlock dialog with a wrong passphrase');

      assert.deepEqual(problems, []);
    });
  }
});
