// Journey 3: a rich Markdown answer renders as headings, lists, a table, code with a Copy button and safe links.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, shownText } from '../lib/harness.mjs';

describe('markdown rendering', { timeout: 60_000 }, () => {
  const h = useHarness();

  it('renders headings, lists, a table, code blocks and safe links', async () => {
    const app = await h.open();
    const reply = await app.sendAndWait('Show me some formatting #markdown');
    const content = reply.locator('[data-part="content"]');

    for (const sel of ['h1', 'h2', 'h3']) {
      assert.ok((await content.locator(sel).count()) >= 1, `a <${sel}> heading is rendered`);
      assert.ok((await shownText(content.locator(sel).first())).trim().length > 0, `<${sel}> has text`);
    }
    assert.ok((await content.locator('ul > li').count()) >= 1, 'a bulleted list is rendered');
    assert.ok((await content.locator('ol > li').count()) >= 1, 'a numbered list is rendered');
    const table = content.locator('table');
    assert.ok((await table.count()) >= 1, 'a table is rendered');
    assert.ok((await table.first().locator('th').count()) >= 1, 'the table has header cells');
    assert.ok((await table.first().locator('td').count()) >= 1, 'the table has body cells');
    const code = content.locator('pre code');
    assert.ok((await code.count()) >= 1, 'a fenced code block is rendered as <pre><code>');
    assert.ok((await shownText(code.first())).trim().length > 0, 'the code block has code');

    const link = content.locator('a[href^="https://"]').first();
    assert.equal(await content.locator('a[href^="https://"]').count() >= 1, true, 'an https link is rendered');
    assert.match((await link.getAttribute('rel')) ?? '', /\bnoopener\b/, 'links get rel="noopener"');
    assert.equal(await link.getAttribute('target'), '_blank', 'links open in a new tab');

    // What the mock's #markdown showcase contains (crates/glm_mock/src/scenarios/texts.rs).
    assert.equal((await shownText(content.locator('h1').first())).trim(), 'Markdown showcase');
    assert.deepEqual(
      (await table.first().locator('th').allInnerTexts()).map((t) => t.trim()),
      ['Model', 'Context', 'Price', 'Notes'],
    );
    assert.equal(await table.first().locator('tbody tr').count(), 3, 'three table rows');
    assert.equal(await code.count(), 2, 'two code blocks');
    assert.match(await shownText(code.first()), /fn fibonacci\(n: u64\) -> u64 \{/);
    assert.equal(
      await shownText(content.locator('a[href="https://docs.bigmodel.cn/"]')),
      'link to the GLM docs',
      'the Markdown link keeps its text and target',
    );
    assert.ok((await content.locator('blockquote').count()) >= 1, 'the quote is a <blockquote>');
    assert.ok((await content.locator('strong').count()) >= 1 && (await content.locator('em').count()) >= 1);
    for (const a of await content.locator('a[href]').all()) {
      assert.equal(await a.getAttribute('target'), '_blank', `every link opens in a new tab: ${await a.getAttribute('href')}`);
      assert.match((await a.getAttribute('rel')) ?? '', /\bnoopener\b/);
    }

    // No raw Markdown syntax left over in the visible text.
    const visible = await shownText(content);
    assert.doesNotMatch(visible, /^#{1,6} /m, 'no literal "# " heading markers');
    assert.doesNotMatch(visible, /```/, 'no literal code fences');
    assert.doesNotMatch(visible, /\|\s*---/, 'no literal table separator row');
  });

  it('inline code that mentions <think> or box markers is shown literally', async () => {
    // The default welcome lists the #box scenario as: GLM-4.5V `<think></think>` and `<|begin_of_box|>` tags.
    // Stripping GLM-4.5V markers must not eat them out of ordinary text and code spans.
    const app = await h.open();
    const reply = await app.sendAndWait('Which tags are there?');
    const row = reply.locator('[data-part="content"] tr', { hasText: '#box' });
    assert.equal(await row.count(), 1, 'the #box row of the tag table');
    assert.deepEqual(
      (await row.locator('td').nth(1).locator('code').allInnerTexts()).map((t) => t.trim()),
      ['<think></think>', '<|begin_of_box|>'],
    );
  });

  it("a code block's Copy button puts the code on the clipboard", async () => {
    const app = await h.open({ permissions: ['clipboard-read', 'clipboard-write'] });
    const reply = await app.sendAndWait('Formatting please #markdown');
    const content = reply.locator('[data-part="content"]');
    const code = (await shownText(content.locator('pre code').first())).trim();
    // "Copy code" tells it apart from the message's own "Copy" action.
    const copy = content.getByRole('button', { name: 'Copy code', exact: true });
    const names = await content.getByRole('button').evaluateAll((els) => els.map((b) => b.getAttribute('aria-label') ?? b.textContent));
    assert.ok((await copy.count()) >= 1, `a code block has a button named "Copy code"; buttons in the answer: ${JSON.stringify(names)}`);
    await copy.first().click();
    await app.page.waitForTimeout(200);
    const clip = await app.page.evaluate(() => navigator.clipboard.readText());
    assert.equal(clip.trim(), code, 'the clipboard holds the code of the first block');
    assert.match(clip, /fn fibonacci/);
  });
});
