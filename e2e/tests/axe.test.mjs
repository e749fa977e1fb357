// Issue 8: axe-core finds no WCAG 2.2 A/AA violations on the main views (formulas, highlighted code and the guided
// setup included), in light and dark, English and Chinese.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { useHarness, waitForStatus } from '../lib/harness.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe's violations on the page as short lines: rule, impact, and the offending elements. */
async function violations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    // The app's CSP refuses inline scripts (page.addScriptTag); the DevTools protocol's evaluation is not subject to it.
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

describe('accessibility (axe-core)', { timeout: 240_000 }, () => {
  const h = useHarness();

  for (const colorScheme of ['light', 'dark']) {
    for (const locale of ['en-US', 'zh-CN']) {
      it(`no violations on the main views (${colorScheme}, ${locale})`, async () => {
        const zh = locale.startsWith('zh');
        const app = await h.open({ locale, colorScheme });
        const { page } = app;
        const problems = [];
        const check = async (view) => {
          for (const v of await violations(page)) problems.push(`${view}: ${v}`);
        };

        await check('empty chat');

        await app.send('#showcase');
        await waitForStatus(app.assistantArticles().first(), 'done');
        await check('a #showcase reply');

        // Formulas and highlighted code (their colours must keep their contrast in both themes).
        await app.send('#math');
        await waitForStatus(app.assistantArticles().nth(1), 'done');
        await app.send('#code');
        await waitForStatus(app.assistantArticles().nth(2), 'done');
        await check('#math and #code replies');


        await page.getByRole('button', { name: zh ? '设置' : 'Settings', exact: true }).click();
        const dialog = page.getByRole('dialog');
        await dialog.waitFor({ state: 'visible' });
        await check('settings dialog');
        // Issue 5: the Parameters and Tools sections open, with the tool editor showing.
        for (const section of ['parameters', 'tools']) await dialog.locator(`details[data-section="${section}"] > summary`).click();
        await dialog.locator('details[data-section="tools"] .gc-buttons button').first().click();
        await check('settings dialog, every section open');
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'hidden' });

        // Issue 5: the request inspector of the #showcase reply.
        await app.assistantArticles().first().getByRole('button', { name: zh ? '查看请求' : 'Inspect request', exact: true }).click();
        await dialog.waitFor({ state: 'visible' });
        await check('request inspector');
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'hidden' });

        await page.getByRole('button', { name: zh ? '键盘快捷键' : 'Keyboard shortcuts', exact: true }).click();
        await dialog.waitFor({ state: 'visible' });
        await check('shortcuts dialog');
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'hidden' });

        // An API error, a reply cut at the token limit (with Continue), and "Jump to latest" after scrolling up.
        app.allowConsole(/status of 401/);
        await app.send('#401');
        await waitForStatus(app.assistantArticles().nth(3), 'error');
        await app.send('#length');
        await waitForStatus(app.assistantArticles().nth(4), 'done');
        await page.locator('.gc-messages').evaluate((el) => el.scrollBy(0, -400));
        await page.locator('.gc-jump').waitFor({ state: 'visible' });
        await check('an error, a length notice and Jump to latest');
        await page.locator('.gc-jump').click();
        await page.locator('.gc-jump').waitFor({ state: 'hidden' });

        await page.setViewportSize({ width: 360, height: 740 });
        await page.locator('.gc-sidebar-toggle').click();
        await page.locator('.gc-sidebar.gc-open').waitFor({ state: 'visible' });
        await page.waitForTimeout(300); // the drawer's slide-in
        await check('narrow drawer');

        // The guided setup of a first visit with no key for an official endpoint.
        const first = await h.open({
          locale,
          colorScheme,
          onCreate: (a) =>
            a.context.addInitScript(() =>
              localStorage.setItem('glm-chat.settings', JSON.stringify({ base_url: 'https://api.z.ai/api/paas/v4' })),
            ),
        });
        await first.page.locator('[data-part="setup"]').waitFor();
        for (const v of await violations(first.page)) problems.push(`guided setup: ${v}`);

        assert.deepEqual(problems, [], problems.join('\n'));
      });
    }
  }
});
