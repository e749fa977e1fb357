// Issue 8: formulas as native MathML, and code blocks highlighted, in both themes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, shownText } from '../lib/harness.mjs';

const LANGUAGES = ['rust', 'typescript', 'json', 'bash', 'html', 'css', 'cpp', 'java', 'go', 'sql'];

describe('formulas and highlighted code', { timeout: 120_000 }, () => {
  const h = useHarness();

  it('#math: inline and display formulas are MathML, prices stay text', async () => {
    const app = await h.open();
    const reply = await app.sendAndWait('#math');
    const content = reply.locator('[data-part="content"]');
    const maths = await content.locator('math').evaluateAll((els) =>
      els.map((m) => ({
        ns: m.namespaceURI,
        display: m.getAttribute('display'),
        source: m.querySelector('annotation')?.textContent,
        shown: m.querySelector('semantics > :first-child')?.textContent,
      })),
    );
    assert.ok(maths.every((m) => m.ns === 'http://www.w3.org/1998/Math/MathML'), 'MathML elements');
    assert.equal(maths.filter((m) => m.display === 'block').length, 3, 'three display formulas');
    assert.ok(maths.filter((m) => m.display === null).length >= 4, 'inline formulas');
    assert.deepEqual(
      maths.slice(0, 2).map((m) => m.source),
      ['e^{i\\pi} + 1 = 0', 'A = \\pi r^2'],
      'the source is kept beside each formula',
    );
    assert.ok(maths.some((m) => m.shown.includes('−b±')), 'the quadratic formula is drawn');
    assert.equal(await content.locator('.gc-math-error').count(), 0, 'every formula converted');
    assert.match(await shownText(content), /prices like \$5 and \$10 stay plain text/);
    // Fractions, roots, scripts and a matrix are laid out by the browser.
    for (const tag of ['mfrac', 'msqrt', 'msup', 'munderover', 'mtable']) {
      assert.ok((await content.locator(tag).count()) > 0, `a <${tag}>`);
    }
    const block = await content.locator('.gc-math-block').first().boundingBox();
    assert.ok(block.height > 30, 'a display formula takes its own line');
  });

  it('an unknown command shows the formula as its source text', async () => {
    const app = await h.open();
    const reply = await app.sendAndWait('#xss');
    const failed = reply.locator('.gc-math-error');
    assert.equal(await failed.first().textContent(), '$\\href{javascript:alert(1)}{x}$');
  });

  for (const colorScheme of ['light', 'dark']) {
    it(`#code: every language is highlighted (${colorScheme})`, async () => {
      const app = await h.open({ colorScheme });
      const reply = await app.sendAndWait('#code');
      const content = reply.locator('[data-part="content"]');
      for (const lang of LANGUAGES) {
        const code = content.locator(`pre code.language-${lang}`);
        const kinds = await code.locator('span[class^="hl-"]').evaluateAll((els) => [...new Set(els.map((e) => e.className))]);
        assert.ok(kinds.length >= 2, `${lang}: several kinds of token are coloured (${kinds})`);
      }
      const colours = await content.locator('pre').first().evaluate((pre) => {
        const of = (sel) => getComputedStyle(pre.querySelector(sel)).color;
        return { plain: getComputedStyle(pre).color, keyword: of('.hl-kw'), string: of('.hl-str'), comment: of('.hl-com') };
      });
      const expected = colorScheme === 'dark' ? 'rgb(210, 145, 228)' : 'rgb(160, 35, 158)';
      assert.equal(colours.keyword, expected, 'the theme decides the keyword colour');
      assert.equal(new Set(Object.values(colours)).size, 4, `distinct colours: ${JSON.stringify(colours)}`);
      // The copy button copies the code itself, not the markup around the colours.
      const text = await content.locator('pre code.language-sql').textContent();
      assert.equal(text, "SELECT name, COUNT(*) AS n FROM messages WHERE role = 'user' GROUP BY name;");
    });
  }
});
