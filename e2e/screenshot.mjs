// Saves PNGs of the app for a look at the UI: wide (1280x800) and narrow (390x844) viewports, after a
// web-search reply and a default (reasoning + markdown) reply, plus the Settings dialog.
// Needs dist/ (bash scripts/release_build.sh) and target/release/glm-mock.
// Usage: node e2e/screenshot.mjs [OUT_DIR] [--locale zh-CN] [--dark] [--message TEXT]...
//   OUT_DIR defaults to e2e/test-results/screenshots. Each --message replaces the default messages.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startMock, launchBrowser, newApp, waitForStatus, ROOT } from './lib/harness.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    locale: { type: 'string', default: 'en-US' },
    dark: { type: 'boolean', default: false },
    message: { type: 'string', multiple: true },
    'full-page': { type: 'boolean', default: false },
  },
});
const outDir = resolve(positionals[0] ?? join(ROOT, 'e2e', 'test-results', 'screenshots'));
const messages = values.message ?? ['What is new in the GLM models? #search', 'Explain how streaming replies work'];
const viewports = { wide: { width: 1280, height: 800 }, narrow: { width: 390, height: 844 } };
const suffix = `${values.locale === 'en-US' ? '' : `-${values.locale}`}${values.dark ? '-dark' : ''}`;
mkdirSync(outDir, { recursive: true });

const mock = await startMock();
const browser = await launchBrowser();
const saved = [];
const problems = []; // page and console errors are reported, not fatal
try {
  for (const [name, viewport] of Object.entries(viewports)) {
    const app = await newApp(browser, mock, {
      locale: values.locale,
      viewport,
      colorScheme: values.dark ? 'dark' : 'light',
    });
    try {
      const shoot = async (what) => {
        const file = join(outDir, `${name}-${what}${suffix}.png`);
        await app.page.screenshot({ path: file, fullPage: values['full-page'] });
        saved.push(file);
      };
      await shoot('empty');
      for (const [i, message] of messages.entries()) {
        const before = await app.assistantArticles().count();
        const box = app.page.locator('textarea:visible').first();
        await box.fill(message);
        await box.press('Enter');
        const reply = app.assistantArticles().nth(before);
        await reply.waitFor({ timeout: 20_000 });
        try {
          await waitForStatus(reply, 'done', 30_000);
        } catch (e) {
          problems.push(`${name}: reply ${i + 1} did not finish: ${e.message}`);
        }
        await reply.scrollIntoViewIfNeeded().catch(() => {});
        const tag = (message.match(/#([a-z0-9-]+)/i)?.[1] ?? 'default').toLowerCase();
        await shoot(`${i + 1}-${tag}`);
      }
      // Settings: the English name, or the only dialog-opening button in other locales is not guessable.
      const settings = app.page.getByRole('button', { name: 'Settings', exact: true });
      if (values.locale === 'en-US' && (await settings.count()) === 1) {
        await settings.click();
        await app.page.getByRole('dialog').first().waitFor({ state: 'visible' });
        await shoot('settings');
      }
      problems.push(...app.errors.map((e) => `${name}: ${e}`));
    } finally {
      await app.close();
    }
  }
} finally {
  await browser.close().catch(() => {});
  await mock.stop();
}
for (const f of saved) console.log(`saved ${f}`);
for (const p of problems) console.log(`note: ${p}`);
