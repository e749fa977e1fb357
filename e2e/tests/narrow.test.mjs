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
});
