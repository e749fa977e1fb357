// Web search replies, streamed and not: [ref_N] citations link to their numbered sources, each source shows its
// title, media, date and snippet, unsafe icons are dropped, and the answer is shown once.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, shownText } from '../lib/harness.mjs';
import { MODES, openIn, checkMode } from '../lib/modes.mjs';

// The mock's search results (crates/glm_mock/src/scenarios/media.rs, search_results()).
const RESULTS = [
  {
    refer: 'ref_1',
    title: 'GLM-4.5: reasoning, coding and agentic abilities',
    link: 'https://example.com/blog/glm-4.5',
    media: 'Example Tech',
    icon: 'https://example.com/favicon.ico',
    date: '2025-07-28',
    snippet: 'GLM-4.5 is an open-weights model with 355B total parameters',
  },
  {
    refer: 'ref_2',
    title: '智谱发布新一代旗舰模型 GLM-4.5',
    link: 'https://example.cn/news/glm-4-5',
    media: '示例新闻',
    icon: '', // no icon
    date: '2025-07-29',
    snippet: '智谱今日发布 GLM-4.5',
  },
  {
    refer: 'ref_3',
    title: 'Benchmarking open models in 2025',
    link: 'https://example.org/benchmarks/2025',
    media: 'Example Lab',
    icon: 'javascript:alert(1)', // must never become an image
    date: '2025-08-02',
    snippet: 'Across twelve benchmarks GLM-4.5 ranks among the strongest open models.',
  },
];
const OPENING = 'GLM-4.5 was released at the end of July 2025';

/** The number a user sees in front of each source entry (the list marker, or a number written in the text). */
function sourceNumbers(sources) {
  return sources.locator('li').evaluateAll((lis) =>
    lis.map((li, i) => {
      const list = li.parentElement;
      const style = getComputedStyle(li);
      if (list?.tagName === 'OL' && style.display === 'list-item' && style.listStyleType !== 'none') {
        if (li.hasAttribute('value')) return Number(li.getAttribute('value'));
        return (list.hasAttribute('start') ? Number(list.getAttribute('start')) : 1) + i;
      }
      const m = li.innerText.trim().match(/^\[?(\d+)/);
      return m ? Number(m[1]) : null;
    }),
  );
}

describe('web search replies in both modes', { timeout: 120_000 }, () => {
  const h = useHarness();

  for (const mode of MODES) {
    for (const tag of ['#search', '#search-first']) {
      it(`${tag} (${mode.name}): citations link to numbered sources, the answer is shown once`, async () => {
        // The only external load is the https icon https://example.com/favicon.ico; the harness already ignores
        // console errors about favicons, so nothing else is allowed here.
        const app = await openIn(h, mode);
        const reply = await app.sendAndWait(`What is new in GLM? ${tag}`);
        await checkMode(h, mode);

        // The answer is shown once (not once per chunk, not again when the results arrive).
        const articleText = await reply.evaluate((el) => el.textContent);
        assert.equal(articleText.split(OPENING).length - 1, 1, `the answer is shown once, got: ${JSON.stringify(articleText)}`);
        const content = reply.locator('[data-part="content"]');
        assert.match(await shownText(content), new RegExp(OPENING), 'the answer is visible');

        // The sources: one entry per result, in order, numbered 1..3, each with its link, title, media, date, snippet.
        const sources = reply.locator('[data-part="sources"]');
        await sources.waitFor({ state: 'visible' });
        const items = sources.locator('li');
        assert.equal(await items.count(), RESULTS.length, 'one list entry per search result');
        assert.deepEqual(await sourceNumbers(sources), [1, 2, 3], 'the sources are numbered in order');
        for (const [i, r] of RESULTS.entries()) {
          const item = items.nth(i);
          const links = await item.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
          assert.deepEqual(links, [r.link], `source ${i + 1} links to ${r.link}`);
          const text = await shownText(item);
          for (const part of [r.title, r.media, r.date, r.snippet]) {
            assert.ok(text.includes(part), `source ${i + 1} shows "${part}", got ${JSON.stringify(text)}`);
          }
          const icons = await item.locator('img').evaluateAll((imgs) => imgs.map((img) => img.getAttribute('src')));
          // Only an https icon becomes an image; the empty one and the javascript: one are not rendered.
          assert.deepEqual(icons, r.icon.startsWith('https:') ? [r.icon] : [], `icons of source ${i + 1}`);
        }
        const badImages = await reply.locator('img').evaluateAll((imgs) =>
          imgs.map((img) => img.getAttribute('src') ?? '').filter((src) => !/^(https:|data:image\/)/.test(src)),
        );
        assert.deepEqual(badImages, [], 'no image with a non-https source in the reply');

        // Inline citations: a link per known source, to the same address as the listed source, with its number.
        for (const [i, r] of RESULTS.entries()) {
          const cite = content.locator(`a[data-ref="${r.refer}"]`);
          assert.equal(await cite.count(), 1, `[${r.refer}] becomes one citation link`);
          const listed = await items.nth(i).locator('a[href]').first().getAttribute('href');
          assert.equal(await cite.getAttribute('href'), listed, `[${r.refer}] links where source ${i + 1} does`);
          assert.equal(listed, r.link);
          assert.ok((await cite.innerText()).includes(String(i + 1)), `[${r.refer}] shows the source's number ${i + 1}`);
        }
        // [ref_9] has no result: it stays plain text and is not a link.
        assert.equal(await content.locator('a[data-ref="ref_9"]').count(), 0, '[ref_9] is not a citation link');
        assert.equal(await content.locator('a', { hasText: 'ref_9' }).count(), 0, '[ref_9] is not inside any link');
        assert.ok((await content.evaluate((el) => el.textContent)).includes('ref_9'), '[ref_9] stays as plain text');
      });
    }
  }
});
