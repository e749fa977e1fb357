import { startMock, launchBrowser, newApp, waitForStatus } from './lib/harness.mjs';
const mock = await startMock();
const browser = await launchBrowser();
try {
  for (const [locale, dark] of [['en-US', false], ['zh-CN', true]]) {
    for (const [name, width] of [['wide', 1280], ['narrow', 360]]) {
      const app = await newApp(browser, mock, { locale, viewport: { width, height: 2600 }, colorScheme: dark ? 'dark' : 'light' });
      const p = app.page;
      await app.send('#flaky 2 2');
      await p.locator('[data-part="retry"]').waitFor();
      await p.screenshot({ path: `/tmp/shots5a/${name}-retry-${locale}${dark ? '-dark' : ''}.png`, clip: { x: 0, y: 0, width, height: 700 } });
      await waitForStatus(app.lastAssistant(), 'done');
      await app.lastAssistant().getByRole('button', { name: locale === 'en-US' ? 'Inspect request' : '查看请求' }).click();
      await p.locator('dialog.gc-inspector').waitFor();
      await p.screenshot({ path: `/tmp/shots5a/${name}-inspector-${locale}${dark ? '-dark' : ''}.png`, clip: { x: 0, y: 0, width, height: 1400 } });
      await p.keyboard.press('Escape');
      await p.locator('.gc-header button[aria-label]').last().isVisible();
      await p.evaluate(() => document.querySelectorAll('dialog[open]').forEach((d) => d.close()));
      await p.keyboard.press('Control+,');
      const dialog = p.locator('dialog.gc-dialog').first();
      await dialog.waitFor();
      for (const s of ['parameters', 'tools']) await dialog.locator(`details[data-section="${s}"] > summary`).click();
      await dialog.locator('[data-section="tools"] .gc-buttons button').first().click();
      await p.evaluate(() => { const d = document.querySelector('dialog.gc-dialog[open]'); d.style.maxHeight = 'none'; });
      await dialog.screenshot({ path: `/tmp/shots5a/${name}-settings-${locale}${dark ? '-dark' : ''}.png` });
      await app.close();
    }
  }
} finally { await browser.close(); await mock.stop(); }
