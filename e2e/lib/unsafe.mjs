// Checks for the hostile-output (#xss) journeys, streamed and not: an in-page scan listing every element,
// attribute or URL in the app's <main> that could run code or load something unsafe, a dialog recorder, and the
// assertions that a #xss reply is inert.
import assert from 'node:assert/strict';
import { shownText } from './harness.mjs';

/**
 * Returns a list of findings (strings, empty when all is safe):
 * - a script, iframe, object, embed, style, svg, base or meta element anywhere inside an assistant article;
 * - a <form> inside an assistant article or inside a part that renders model output, except the app's own form
 *   for answering a function call (`form[data-part="tool-result-form"]`, next to the tool-call card, never inside
 *   model output);
 * - any on* (event handler) attribute;
 * - a javascript:, vbscript: or data:text URL in href, src, action, formaction, poster or xlink:href;
 * - a link in a reply to anything but http(s): or mailto:, an image in a reply from anything but https: or data:image/.
 */
export async function findUnsafe(page) {
  return page.evaluate(() => {
    // The parts of a reply that render the model's output.
    const modelParts = ['content', 'reasoning', 'sources', 'tool-call', 'content-filter', 'video', 'audio']
      .map((p) => `[data-part="${p}"]`)
      .join(', ');
    const found = [];
    const root = document.querySelector('main') ?? document.body;
    for (const el of root.querySelectorAll('*')) {
      const tag = el.tagName.toLowerCase();
      const inReply = el.closest('article[data-role="assistant"]') !== null;
      if (['script', 'iframe', 'object', 'embed', 'style', 'svg', 'base', 'meta'].includes(tag) && inReply) {
        found.push(`<${tag}> inside a reply`);
      }
      if (tag === 'form') {
        const inModelOutput = el.closest(modelParts) !== null;
        const appForm = el.matches('[data-part="tool-result-form"]') && !inModelOutput;
        if ((inReply || inModelOutput) && !appForm) found.push(`<form> inside ${inModelOutput ? 'model output' : 'a reply'}`);
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
}

/** Records every dialog (alert, confirm, prompt) the page opens, as "type: message", and dismisses it. */
export function recordDialogs(page) {
  const dialogs = [];
  page.on('dialog', async (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    await d.dismiss().catch(() => {});
  });
  return dialogs;
}

/**
 * Asserts that the #xss `reply` is inert: after a moment and a hover, no dialog was opened (`dialogs` from
 * `recordDialogs`), `findUnsafe` finds nothing, no injected style hides the page, and the answer's safe text,
 * a code block holding HTML and raw HTML are all shown as text.
 */
export async function checkInert(app, reply, dialogs) {
  // Give anything that might fire (onerror, onload) a moment, and hover the reply for onmouseover.
  await reply.hover().catch(() => {});
  await app.page.waitForTimeout(500);
  assert.deepEqual(dialogs, [], 'no script ran');

  const unsafe = await findUnsafe(app.page);
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
}
