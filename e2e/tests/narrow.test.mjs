// Issue 8: the narrow layout (360 px). Wide tables, code and formulas scroll sideways inside their own box; the page
// never does; the header fits; the conversation list is a drawer. In English and Chinese.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, waitFor } from '../lib/harness.mjs';

const PHONE = { width: 360, height: 740 };

/** scrollWidth/clientWidth of every element matching `selector` inside the last reply, and whether it scrolls. */
const boxes = (app, selector) =>
  app.lastAssistant().locator(selector).evaluateAll((els) =>
    els.map((el) => {
      const before = el.scrollLeft;
      el.scrollLeft = 40;
      const moved = el.scrollLeft > before;
      el.scrollLeft = before;
      return { scroll: el.scrollWidth, client: el.clientWidth, overflowX: getComputedStyle(el).overflowX, moved };
    }),
  );

describe('narrow layout', { timeout: 120_000 }, () => {
  const h = useHarness();

  for (const locale of ['en-US', 'zh-CN']) {
    it(`wide tables, code and formulas scroll in their own box, never the page (${locale})`, async () => {
      const app = await h.open({ locale, viewport: PHONE });
      await app.sendAndWait('#wide');
      const { page } = app;
      const page_ = await page.evaluate(() => ({
        doc: document.documentElement.scrollWidth,
        body: document.body.scrollWidth,
        list: document.querySelector('.gc-messages').scrollWidth - document.querySelector('.gc-messages').clientWidth,
        width: innerWidth,
      }));
      assert.ok(page_.doc <= page_.width, `no horizontal page overflow: ${JSON.stringify(page_)}`);
      assert.ok(page_.body <= page_.width, `no horizontal body overflow: ${JSON.stringify(page_)}`);
      assert.equal(page_.list, 0, 'the message list does not scroll sideways');

      for (const [what, selector] of [
        ['table', '.gc-table'],
        ['code', '.gc-code pre'],
        ['formula', '.gc-math-block'],
      ]) {
        const found = await boxes(app, selector);
        assert.equal(found.length, 1, `one ${what}`);
        const [box] = found;
        assert.ok(box.scroll > box.client, `the ${what} is wider than the screen: ${JSON.stringify(box)}`);
        assert.equal(box.overflowX, 'auto', `the ${what} box scrolls`);
        assert.ok(box.moved, `the ${what} box can be scrolled sideways`);
      }

      // Every control of the header is on screen.
      const header = await page.locator('.gc-header button, .gc-header summary, .gc-header h1').evaluateAll((els) =>
        els.filter((el) => el.offsetParent).map((el) => [el.textContent.trim(), el.getBoundingClientRect().right, el.getBoundingClientRect().height]),
      );
      for (const [name, right, height] of header) {
        assert.ok(right <= PHONE.width, `${name} fits: right edge at ${right}`);
        assert.ok(height < 48, `${name} is on one line: ${height} px high`);
      }
      app.assertNoErrors();
    });
  }

  it('the conversation list is a drawer: hidden, opened by its button, closed by choosing a conversation', async () => {
    const app = await h.open({ viewport: PHONE });
    await app.sendAndWait('First phone chat');
    const nav = app.page.getByRole('navigation', { name: 'Conversations' });
    const toggle = app.page.getByRole('button', { name: 'Show conversations', exact: true });
    await waitFor(() => nav.isVisible(), (v) => v === false, 'the drawer closed');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.click();
    await waitFor(() => nav.isVisible(), (v) => v, 'the drawer open');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await nav.getByRole('button', { name: /^First phone chat/ }).click();
    await waitFor(() => nav.isVisible(), (v) => v === false, 'the drawer closed after choosing');
    await waitFor(() => app.userArticles().count(), (n) => n === 1, 'the chosen conversation shown');
  });

  it('Escape or a tap beside it closes the drawer; while it is open the chat behind is inert', async () => {
    const app = await h.open({ viewport: PHONE });
    const { page } = app;
    const nav = page.getByRole('navigation', { name: 'Conversations' });
    const toggle = page.getByRole('button', { name: 'Show conversations', exact: true });
    await toggle.click();
    await waitFor(() => nav.isVisible(), (v) => v, 'the drawer open');
    await waitFor(
      () => page.evaluate(() => document.activeElement?.textContent?.trim()),
      (t) => t === 'New chat',
      'the focus in the drawer',
    );
    // Behind the open drawer the chat is inert, as behind a dialog: Tab stays in the drawer, screen readers skip it.
    assert.equal(await page.locator('main').evaluate((el) => el.inert), true, 'the chat is inert');
    await page.keyboard.press('Escape');
    await waitFor(() => nav.isVisible(), (v) => v === false, 'the drawer closed by Escape');
    await waitFor(
      () => page.evaluate(() => document.activeElement?.getAttribute('aria-label')),
      (n) => n === 'Show conversations',
      'the focus back on the drawer button',
    );
    assert.equal(await page.locator('main').evaluate((el) => el.inert), false, 'the chat usable again');
    // A tap beside the open drawer closes it too.
    await toggle.click();
    await waitFor(() => nav.isVisible(), (v) => v, 'the drawer open again');
    await page.mouse.click(350, 400);
    await waitFor(() => nav.isVisible(), (v) => v === false, 'the drawer closed by a tap beside it');
    app.assertNoErrors();
  });

  it('with the on-screen keyboard up, the app fits what is visible and the message box stays above it', async () => {
    // Headless Chromium has no on-screen keyboard. Safari's keeps the page its size and shrinks the visual viewport;
    // this stands in for it with a visual viewport that reports the height left above the keyboard.
    const app = await h.open({
      viewport: { width: 390, height: 844 },
      onCreate: (a) =>
        a.context.addInitScript(() => {
          const fake = new EventTarget();
          let height = window.innerHeight;
          Object.defineProperty(fake, 'height', { get: () => height });
          Object.defineProperty(window, 'visualViewport', { get: () => fake });
          window.__keyboard = (h) => {
            height = h;
            fake.dispatchEvent(new Event('resize'));
          };
        }),
    });
    const { page } = app;
    const box = app.composer();
    await box.click();
    await page.evaluate(() => window.__keyboard(420));
    await waitFor(
      () => page.locator('.gc-app').evaluate((el) => el.getBoundingClientRect().height),
      (h) => Math.abs(h - 420) < 1,
      'the app as tall as the visible part',
    );
    const bottom = await box.evaluate((el) => el.getBoundingClientRect().bottom);
    assert.ok(bottom <= 420, `the message box ends above the keyboard (bottom ${bottom})`);
    assert.ok(await box.isVisible());
    await page.evaluate(() => window.__keyboard(844));
    await waitFor(
      () => page.locator('.gc-app').evaluate((el) => el.getBoundingClientRect().height),
      (h) => Math.abs(h - 844) < 1,
      'the whole height back when the keyboard goes',
    );
    app.assertNoErrors();
  });
});
