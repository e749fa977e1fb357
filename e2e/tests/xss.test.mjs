// Hostile model output (#xss: HTML, javascript: links, hostile search results, tool arguments, video URLs)
// is shown inertly: nothing runs, no unsafe element or URL reaches the DOM.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, shownText } from '../lib/harness.mjs';

describe('hostile output', { timeout: 60_000 }, () => {
  const h = useHarness();

  it('#xss: nothing runs and nothing unsafe is rendered', async () => {
    const app = await h.open();
    const dialogs = [];
    app.page.on('dialog', async (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`);
      await d.dismiss().catch(() => {});
    });
    const reply = await app.sendAndWait('Show me the payloads #xss');
    // Give anything that might fire (onerror, onload) a moment, and hover the reply for onmouseover.
    await reply.hover().catch(() => {});
    await app.page.waitForTimeout(500);
    assert.deepEqual(dialogs, [], 'no script ran');

    const unsafe = await app.page.evaluate(() => {
      const found = [];
      const root = document.querySelector('main') ?? document.body;
      for (const el of root.querySelectorAll('*')) {
        const tag = el.tagName.toLowerCase();
        // The app's own form for answering a function call is the one form a reply may hold.
        const appForm = tag === 'form' && el.matches('[data-part="tool-result-form"]');
        if (['script', 'iframe', 'object', 'embed', 'style', 'svg', 'form', 'base', 'meta'].includes(tag) &&
            el.closest('article[data-role="assistant"]') && !appForm) {
          found.push(`<${tag}> inside a reply`);
        }
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
  });
});
