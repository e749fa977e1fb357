// Hostile model output (#xss) in a non-streamed reply: the whole completion (content, reasoning, search results,
// tool arguments, video URLs) arrives in one body and is shown just as inertly as when streamed (xss.test.mjs).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, shownText } from '../lib/harness.mjs';
import { NON_STREAMED, openIn, checkMode } from '../lib/modes.mjs';
import { recordDialogs, checkInert } from '../lib/unsafe.mjs';

describe('hostile output, non-streamed', { timeout: 60_000 }, () => {
  const h = useHarness();

  it('#xss with "Stream responses" off: nothing runs and nothing unsafe is rendered', async () => {
    const app = await openIn(h, NON_STREAMED);
    const dialogs = recordDialogs(app.page);
    const reply = await app.sendAndWait('Show me the payloads #xss');
    await checkMode(h, NON_STREAMED);
    await checkInert(app, reply, dialogs);

    // The hostile parts that only a whole body carries at once are still shown, as text.
    const sources = reply.locator('[data-part="sources"]');
    assert.equal(await sources.locator('li').count(), 2, 'both hostile search results are listed');
    assert.ok((await sources.evaluate((el) => el.textContent)).includes('<img src=x onerror=alert(1)>Title'), 'a hostile title is shown as text');
    assert.equal(await sources.locator('a[href]').count(), 0, 'javascript: and data: result links are not links');
    const tool = reply.locator('[data-part="tool-call"][data-tool-name="get_weather"]');
    assert.ok((await shownText(tool)).includes('</script><script>alert(1)</script>'), 'hostile tool arguments are shown as text');
    assert.equal(await reply.locator('[data-part="video"] video').count(), 0, 'a javascript: video is not rendered');
  });
});
