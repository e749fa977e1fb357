// Issue 8: theme setting, "jump to latest" while a reply streams, and the polite announcement when a reply ends.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, waitFor, waitForStatus, shownText } from '../lib/harness.mjs';

const background = (app) => app.page.locator('.gc-app').evaluate((el) => getComputedStyle(el).backgroundColor);
const LIGHT = 'rgb(255, 255, 255)';
const DARK = 'rgb(22, 24, 28)';

describe('interface', { timeout: 120_000 }, () => {
  const h = useHarness();

  it('Theme follows the system by default, and Light or Dark override it and persist', async () => {
    const app = await h.open({ colorScheme: 'dark' });
    assert.equal(await background(app), DARK, 'System follows a dark system');
    let dialog = await app.openSettings();
    const theme = dialog.getByLabel('Theme', { exact: true });
    assert.equal(await theme.inputValue(), 'system');
    await theme.selectOption({ label: 'Light' });
    await waitFor(() => background(app), (b) => b === LIGHT, 'the light background');
    await app.closeSettings();
    await app.reload();
    assert.equal(await background(app), LIGHT, 'Light is kept after a reload');
    dialog = await app.openSettings();
    await dialog.getByLabel('Theme', { exact: true }).selectOption({ label: 'Dark' });
    await waitFor(() => background(app), (b) => b === DARK, 'the dark background');
    await app.closeSettings();

    const light = await h.open({ colorScheme: 'light' });
    assert.equal(await background(light), LIGHT, 'System follows a light system');
  });

  it('Chinese names the theme choices', async () => {
    const app = await h.open({ locale: 'zh-CN', colorScheme: 'light' });
    await app.page.getByRole('button', { name: '设置', exact: true }).click();
    const theme = app.page.getByRole('dialog').getByLabel('主题', { exact: true });
    await theme.selectOption({ label: '深色' });
    await waitFor(() => background(app), (b) => b === DARK, 'the dark background');
    const labels = await theme.locator('option').allTextContents();
    assert.deepEqual(labels, ['跟随系统', '浅色', '深色']);
  });

  it('scrolling up while a reply streams shows "Jump to latest", which scrolls down and follows again', async () => {
    const app = await h.open({ viewport: { width: 800, height: 420 } });
    await app.sendAndWait('#markdown');
    await app.send('Tell me a long story #slow');
    const reply = app.assistantArticles().nth(1);
    await reply.waitFor({ state: 'attached' });
    await waitForStatus(reply, 'streaming', 10_000);
    const list = app.page.locator('.gc-messages');
    const jump = app.page.getByRole('button', { name: 'Jump to latest', exact: true });
    assert.equal(await jump.count(), 0, 'no button while following');
    await list.evaluate((el) => el.scrollTo(0, 0));
    await jump.waitFor({ state: 'visible', timeout: 5_000 });
    await app.page.waitForTimeout(700);
    assert.ok((await list.evaluate((el) => el.scrollTop)) < 5, 'the list does not follow after scrolling up');
    await jump.click();
    await jump.waitFor({ state: 'detached', timeout: 5_000 });
    const gap = () => list.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
    await app.page.waitForTimeout(900);
    assert.ok((await gap()) < 48, 'following again as the reply grows');
    await app.stopButton().click();
  });

  it('a reply that ends in a growing table is followed to its last line (re-rendering the tail never scrolls the list up)', async () => {
    // The demo's greeting streams a long table last: each frame its tail block is rebuilt, and a new block must not
    // start at a placeholder size (content-visibility) that shrinks the list and drops the reader off the bottom.
    for (let round = 0; round < 2; round++) {
      const app = await h.open({ viewport: { width: 1000, height: 700 } });
      await app.sendAndWait('Hello');
      const list = app.page.locator('.gc-messages');
      const [gap, height, view] = await list.evaluate((el) => [el.scrollHeight - el.scrollTop - el.clientHeight, el.scrollHeight, el.clientHeight]);
      assert.ok(height > view * 2, `the reply is longer than the view (${height} px in ${view})`);
      assert.ok(gap < 48, `the list is at the end of the reply (${gap} px above it)`);
      assert.equal(await app.page.getByRole('button', { name: 'Jump to latest', exact: true }).count(), 0, 'still following');
      await app.context.close();
    }
  });

  it('a polite status region says "Reply complete" (or what went wrong) when a reply ends, not while it streams', async () => {
    const app = await h.open({ allowConsole: [/Failed to load resource: the server responded with a status of 401/] });
    const region = app.page.locator('[role="status"][aria-live="polite"][data-part="announce"]');
    await app.send('Tell me a long story #slow');
    const reply = app.assistantArticles().first();
    await waitForStatus(reply, 'streaming', 10_000);
    const content = reply.locator('[data-part="content"]');
    await waitFor(() => shownText(content), (t) => t.trim().length > 0, 'some streamed text', { timeout: 10_000 });
    assert.equal((await region.textContent()).trim(), '', 'nothing is announced while streaming');
    await app.stopButton().click();
    await waitFor(() => region.textContent(), (t) => t.includes('interrupted'), 'the announcement of a stopped reply');
    await app.sendAndWait('Hello');
    await waitFor(() => region.textContent(), (t) => t.trim() === 'Reply complete', 'the announcement');
    await app.sendAndWait('#401', { status: 'error' });
    await waitFor(() => region.textContent(), (t) => t.trim().length > 0 && t.trim() !== 'Reply complete', 'the error title');
  });

  it('the message box grows with its text, also in browsers without field-sizing (grown by hand)', async () => {
    for (const native of [true, false]) {
      const app = await h.open({
        onCreate: native
          ? undefined
          : (a) =>
              a.context.addInitScript(() => {
                // Firefox and older Safari: CSS.supports says no, and the property does nothing.
                const supports = CSS.supports.bind(CSS);
                CSS.supports = (p, v) => (String(p).startsWith('field-sizing') ? false : supports(p, v));
              }),
      });
      const box = app.composer();
      if (!native) await box.evaluate((el) => el.style.setProperty('field-sizing', 'fixed', 'important'));
      const height = () => box.evaluate((el) => el.getBoundingClientRect().height);
      const one = await height();
      await box.click();
      await box.pressSequentially('one');
      for (const line of ['two', 'three', 'four']) {
        await box.press('Shift+Enter');
        await box.pressSequentially(line);
      }
      await waitFor(height, (h) => h > one + 40, `the box taller with four lines (${native ? 'native' : 'by hand'})`);
      // No scrollbar inside: the text fits the box.
      assert.ok(await box.evaluate((el) => el.scrollHeight <= el.clientHeight + 1), 'the box shows all four lines');
      await box.press('Enter');
      await waitForStatus(app.assistantArticles().first(), 'done');
      await waitFor(height, (h) => Math.abs(h - one) < 2, 'back to one line once sent');
      app.assertNoErrors();
      await app.close();
    }
  });
});
