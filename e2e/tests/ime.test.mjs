// Chinese and Japanese input methods use Enter to pick a candidate while a composition is open; that Enter must
// never send the message. Chromium reports it as a keydown with isComposing (and keyCode 229).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness } from '../lib/harness.mjs';

describe('input methods', { timeout: 60_000 }, () => {
  const h = useHarness();

  it('Enter inside an IME composition picks a candidate and does not send', async () => {
    const app = await h.openZh();
    const box = app.page.locator('textarea').first();
    await box.fill('你好');
    // The keydown an IME sends for "confirm candidate": composing, keyCode 229.
    await box.evaluate((el) => {
      for (const init of [{ isComposing: true }, { isComposing: false, keyCode: 229 }]) {
        el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true, ...init }));
      }
    });
    await app.page.waitForTimeout(300);
    assert.equal(await app.page.locator('article').count(), 0, 'nothing was sent');
    assert.equal(await box.inputValue(), '你好', 'the text is still in the composer');
    assert.equal((await h.mock.chatRequests()).length, 0);

    // Once the composition has ended, Enter sends.
    await box.press('Enter');
    await app.userArticles().first().waitFor();
    assert.equal(await box.inputValue(), '', 'the composer is cleared after sending');
  });
});
