// Web search: the answer is shown once, [ref_N] citations link to their sources, and the sources are listed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness } from '../lib/harness.mjs';

// The mock's source icons point at example.* hosts, which may not resolve here.
const externalIcons = /Failed to load resource.*https?:\/\/example\.(com|cn|org)\//;

describe('web search results', { timeout: 60_000 }, () => {
  const h = useHarness();

  it('shows the answer once, with citations linked to the listed sources', async () => {
    // What the mock returns for #search, fetched whole: the answer and its web_search results.
    const res = await fetch(`${h.mock.apiBase}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'glm-4.5', messages: [{ role: 'user', content: 'x #search' }] }),
    });
    const whole = await res.json();
    const results = whole.web_search;
    assert.ok(Array.isArray(results) && results.length >= 2, 'the mock returns search results');

    const app = await h.open({ allowConsole: [externalIcons] });
    const reply = await app.sendAndWait('What is new in GLM? #search');
    const content = reply.locator('[data-part="content"]');
    const text = await content.evaluate((el) => el.textContent);
    const opening = 'GLM-4.5 was released at the end of July 2025';
    assert.ok(whole.choices[0].message.content.startsWith(opening));
    assert.equal(text.split(opening).length - 1, 1, `the answer is shown once, got: ${JSON.stringify(text)}`);

    for (const r of results) {
      const cite = content.locator(`a[data-ref="${r.refer}"]`);
      assert.equal(await cite.count(), 1, `[${r.refer}] becomes one citation link`);
      assert.equal(await cite.getAttribute('href'), r.link);
      assert.equal(await cite.getAttribute('target'), '_blank');
      assert.match((await cite.getAttribute('rel')) ?? '', /\bnoopener\b/);
    }
    assert.ok(!/\[ref_[123]\]|【ref_2】|来源：ref_3/.test(text), `no raw citation markers are left: ${JSON.stringify(text)}`);
    assert.equal(await content.locator('a[data-ref="ref_9"]').count(), 0, 'a citation of an unknown source is not linked');

    const sources = reply.locator('[data-part="sources"]');
    await sources.waitFor({ state: 'attached' });
    const links = await sources.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(links, results.map((r) => r.link), 'one source link per result, in order');
    const sourcesText = await sources.evaluate((el) => el.textContent);
    for (const r of results) assert.ok(sourcesText.includes(r.title), `source "${r.title}" is listed by title`);
    const icons = await reply.locator('img').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('src')));
    for (const src of icons) assert.match(src, /^(https:|data:image\/)/, `only https or data:image icons, got ${src}`);
    // The https icon cannot be fetched here: it is hidden once it fails, so no blank gap is left before its title.
    const broken = reply.locator('img.gc-source-icon[src^="https://example.com/"]');
    assert.equal(await broken.count(), 1, 'the https icon is shown');
    await broken.waitFor({ state: 'hidden', timeout: 10_000 });
    const gap = await sources.locator('li').first().evaluate((li) => li.querySelector('a').getBoundingClientRect().left - li.getBoundingClientRect().left);
    assert.ok(gap < 4, `the title starts where the row does once the icon is gone (gap ${gap}px)`);
  });
});
