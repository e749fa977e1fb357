// Hostile model output (#xss) in a non-streamed reply: the whole completion (content, reasoning, search results,
// tool arguments, video URLs) arrives in one body and is shown just as inertly as when streamed (xss.test.mjs).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, waitForChatRequests, shownText } from '../lib/harness.mjs';

describe('hostile output, non-streamed', { timeout: 60_000 }, () => {
  const h = useHarness();

  it('#xss with "Stream responses" off: nothing runs and nothing unsafe is rendered', async () => {
    const app = await h.open();
    const dialog = await app.openSettings();
    await dialog.getByRole('checkbox', { name: 'Stream responses', exact: true }).uncheck();
    await app.closeSettings();

    const dialogs = [];
    app.page.on('dialog', async (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`);
      await d.dismiss().catch(() => {});
    });
    const reply = await app.sendAndWait('Show me the payloads #xss');
    const [req] = await waitForChatRequests(h.mock, 1);
    assert.equal(req.body.stream, false, 'the request has stream:false');

    // Give anything that might fire (onerror, onload) a moment, and hover the reply for onmouseover.
    await reply.hover().catch(() => {});
    await app.page.waitForTimeout(500);
    assert.deepEqual(dialogs, [], 'no script ran');

    const unsafe = await app.page.evaluate(() => {
      const modelParts = ['content', 'reasoning', 'sources', 'tool-call', 'content-filter', 'video', 'audio']
        .map((p) => `[data-part="${p}"]`)
        .join(', ');
      const found = [];
      const root = document.querySelector('main') ?? document.body;
      for (const el of root.querySelectorAll('*')) {
        const tag = el.tagName.toLowerCase();
        if (['script', 'iframe', 'object', 'embed', 'style', 'svg', 'base', 'meta'].includes(tag) &&
            el.closest('article[data-role="assistant"]')) {
          found.push(`<${tag}> inside a reply`);
        }
        // The app may put its own form in a reply (to send a tool result back); a form made from the model's
        // output would sit inside one of the parts that render it.
        if (tag === 'form' && el.closest(modelParts)) found.push('<form> inside model output');
        for (const attr of el.attributes) {
          const name = attr.name.toLowerCase();
          const value = attr.value.trim().toLowerCase();
          if (name.startsWith('on')) found.push(`${tag}[${name}]`);
          if (['href', 'src', 'action', 'formaction', 'poster', 'xlink:href'].includes(name)) {
            if (/^(javascript|vbscript|data:text)/.test(value.replace(/\s+/g, ''))) found.push(`${tag}[${name}=${attr.value}]`);
          }
        }
      }
      for (const a of root.querySelectorAll('article[data-role="assistant"] a[href]')) {
        const href = a.getAttribute('href');
        if (!/^(https?:|mailto:)/i.test(href)) found.push(`link to ${href}`);
      }
      for (const img of root.querySelectorAll('article[data-role="assistant"] img[src]')) {
        const src = img.getAttribute('src');
        if (!/^(https:|data:image\/)/i.test(src)) found.push(`image from ${src}`);
      }
      return found;
    });
    assert.deepEqual(unsafe, [], 'no unsafe element, attribute or URL in the page');
    assert.notEqual(await app.page.evaluate(() => getComputedStyle(document.body).display), 'none', 'no injected style');

    const content = reply.locator('[data-part="content"]');
    assert.match(await shownText(content), /Hostile strings follow; none of them may run\./, 'the safe text is shown');
    assert.match(
      await content.locator('pre code').first().evaluate((el) => el.textContent),
      /<script>alert\("inside a code block"\)<\/script>/,
      'code blocks show HTML as text',
    );
    // Raw HTML in the answer is shown as text (or dropped), never turned into elements.
    assert.equal(await content.locator('b, strong', { hasText: 'inline code' }).count(), 0, '<b> in the text is not bold');

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
