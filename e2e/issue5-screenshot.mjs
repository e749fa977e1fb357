// Saves PNGs of the attachment and key views (issue 5), wide (1280x800) and narrow (360x740), light and dark,
// English and Chinese: the composer with attachments, a message with an image, the key section, the unlock dialog.
// Usage: node e2e/issue5-screenshot.mjs [OUT_DIR]
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startMock, launchBrowser, newApp, waitForStatus, waitFor, ROOT } from './lib/harness.mjs';
import { png } from './lib/media.mjs';

const outDir = resolve(process.argv[2] ?? join(ROOT, 'e2e', 'test-results', 'screenshots'));
mkdirSync(outDir, { recursive: true });
const mock = await startMock();
const browser = await launchBrowser();
const picture = png(320, 200, { rgb: [240, 170, 60] });
try {
  for (const [size, viewport] of [['wide', { width: 1280, height: 800 }], ['narrow', { width: 360, height: 740 }]]) {
    for (const [scheme, locale] of [['light', 'en-US'], ['dark', 'zh-CN'], ['dark', 'en-US'], ['light', 'zh-CN']]) {
      const app = await newApp(browser, mock, { viewport, locale, colorScheme: scheme });
      const { page } = app;
      const name = (what) => join(outDir, `${size}-${scheme}-${locale}-${what}.png`);
      const settings = page.locator('.gc-header button').last();
      await settings.click();
      await page.locator('.gc-form input[list]').fill('glm-4.5v');
      await page.keyboard.press('Escape');
      const input = page.locator('.gc-composer input[type="file"]');
      await input.setInputFiles({ name: 'sunset.png', mimeType: 'image/png', buffer: picture });
      await page.locator('[data-part="drafts"] img').waitFor();
      await page.locator('.gc-attach[aria-expanded]').click();
      await page.locator('.gc-url-form select').selectOption('video');
      await page.locator('.gc-url-form input').fill('https://media.example.com/clips/a-rather-long-video-name.mp4');
      await page.locator('.gc-url-form button').click();
      await page.locator('[data-part="drafts"] a').waitFor();
      await input.setInputFiles({ name: 'wide.png', mimeType: 'image/png', buffer: png(6001, 1) });
      await page.locator('[data-part="attach-error"]').waitFor();
      await app.composer().fill('What is in this picture?');
      await page.screenshot({ path: name('composer') });
      await app.composer().press('Enter');
      await waitForStatus(app.lastAssistant(), 'done');
      await app.userArticles().last().evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await page.waitForTimeout(300);
      await page.screenshot({ path: name('message') });
      await settings.click();
      await page.locator('.gc-key input').first().fill('demo-key');
      await page.locator('input[type="radio"][value="encrypted"]').check();
      await page.locator('.gc-passphrase input').first().waitFor();
      await page.locator('.gc-key').scrollIntoViewIfNeeded();
      await page.locator('.gc-key-actions button').first().click();
      await waitFor(() => page.locator('[data-part="key-test"]').getAttribute('data-result'), (r) => r === 'works', 'test');
      await page.screenshot({ path: name('key-section') });
      const fields = page.locator('.gc-passphrase input');
      await fields.nth(0).fill('correct horse battery');
      await fields.nth(1).fill('correct horse battery');
      await page.locator('.gc-passphrase button').click();
      await waitFor(() => page.evaluate(() => localStorage.getItem('glm-chat.api-key-sealed')), (v) => v !== null, 'sealed');
      await page.keyboard.press('Escape');
      await app.reload();
      await app.composer().fill('again');
      await app.composer().press('Enter');
      const unlock = page.locator('dialog[open] input[type="password"]');
      await unlock.fill('wrong passphrase');
      await unlock.press('Enter');
      await page.locator('[data-part="unlock-error"]').waitFor({ timeout: 20_000 });
      await page.screenshot({ path: name('unlock') });
      await app.close();
    }
  }
} finally {
  await browser.close();
  await mock.stop();
}
console.log(`screenshots in ${outDir}`);
