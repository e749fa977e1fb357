// The README's screenshots (docs/screenshot-*.png): both languages, both themes, wide and phone width, against the
// demo server. Needs dist/ and target/release/glm-mock. Usage: node e2e/readme-screenshots.mjs [OUT_DIR]
//   OUT_DIR defaults to docs/. Page errors are reported, not fatal. The Chinese shots need a CJK font on the
//   machine (Debian: apt-get install fonts-noto-cjk), as a Chinese reader's system has.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startMock, launchBrowser, newApp, waitForStatus, ROOT } from './lib/harness.mjs';

const outDir = resolve(process.argv[2] ?? join(ROOT, 'docs'));
mkdirSync(outDir, { recursive: true });

const WIDE = { width: 1280, height: 860 };
// The narrowest phone the layout is made for.
const PHONE = { width: 360, height: 780 };

/** A first visit whose endpoint is Z.ai's and which has no key yet: the guided setup. */
const firstVisit = (app) =>
  app.context.addInitScript(() => {
    if (!localStorage.getItem('glm-chat.settings')) {
      localStorage.setItem('glm-chat.settings', JSON.stringify({ base_url: 'https://api.z.ai/api/paas/v4' }));
    }
  });

const SHOTS = [
  // The hero: formulas and highlighted code, with a few conversations in the list.
  { file: 'screenshot-en-light.png', locale: 'en-US', viewport: WIDE, earlier: ['Hello!', '#code'], messages: ['#math'], show: 'last' },
  { file: 'screenshot-en-dark.png', locale: 'en-US', dark: true, viewport: WIDE, messages: ['#showcase'], show: 'last' },
  { file: 'screenshot-zh-dark.png', locale: 'zh-CN', dark: true, viewport: WIDE, earlier: ['#code', '#math'], messages: ['你好'], show: 'last' },
  { file: 'screenshot-zh-light.png', locale: 'zh-CN', viewport: WIDE, earlier: ['你好'], messages: ['给我看看 #showcase'], show: 'last' },
  { file: 'screenshot-phone.png', locale: 'en-US', viewport: PHONE, messages: ['#math'], show: 'last' },
  { file: 'screenshot-zh-phone.png', locale: 'zh-CN', dark: true, viewport: PHONE, setup: true },
];

const mock = await startMock();
const browser = await launchBrowser();
const problems = [];
try {
  for (const shot of SHOTS) {
    const app = await newApp(browser, mock, {
      locale: shot.locale,
      viewport: shot.viewport,
      colorScheme: shot.dark ? 'dark' : 'light',
      onCreate: shot.setup ? firstVisit : undefined,
    });
    try {
      const { page } = app;
      const send = async (message) => {
        const before = await app.assistantArticles().count();
        const box = page.locator('textarea:visible').first();
        await box.fill(message);
        await box.press('Enter');
        const reply = app.assistantArticles().nth(before);
        await reply.waitFor({ timeout: 20_000 });
        await waitForStatus(reply, 'done', 30_000).catch((e) => problems.push(`${shot.file}: ${e.message}`));
      };
      // Earlier conversations, one message each, so the list has something in it.
      for (const message of shot.earlier ?? []) {
        await send(message);
        await page.locator('.gc-new-chat').click();
      }
      for (const message of shot.messages ?? []) await send(message);
      if (shot.show) {
        const last = app.lastAssistant();
        await last.evaluate((el) => el.scrollIntoView({ block: 'start' }));
        // Scrolled up on purpose: the "Jump to latest" button that this brings (once the scroll is handled) is not
        // the subject here.
        await page.locator('.gc-jump').waitFor({ timeout: 2_000 }).catch(() => {});
        await page.evaluate(() => document.querySelector('.gc-jump')?.style.setProperty('display', 'none'));
      }
      if (shot.setup) await page.locator('[data-part="setup"]').waitFor();
      await page.mouse.move(0, shot.viewport.height - 1);
      await page.waitForTimeout(400);
      const file = join(outDir, shot.file);
      await page.screenshot({ path: file });
      console.log(`saved ${file}`);
      problems.push(...app.errors.map((e) => `${shot.file}: ${e}`));
    } finally {
      await app.close();
    }
  }
} finally {
  await browser.close().catch(() => {});
  await mock.stop();
}
for (const p of problems) console.log(`note: ${p}`);
