// Journey 2: the model's reasoning is shown in an expandable part of the reply.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, shownText, waitFor } from '../lib/harness.mjs';
import { openConversation, waitForTitles } from '../lib/conversations.mjs';

describe('reasoning', { timeout: 60_000 }, () => {
  const h = useHarness();

  // Expected phrases from the mock's scripts (crates/glm_mock/src/scenarios/answers.rs, texts.rs).
  for (const [title, message, expected] of [
    ['default scenario', 'Why is the sky blue?', 'This is the local demo server with no real model behind it'],
    ['#reasoning scenario', 'Think it through #reasoning', 'Let me start by restating the question'],
  ]) {
    it(`shows the reasoning as an expandable section (${title})`, async () => {
      const app = await h.open();
      const reply = await app.sendAndWait(message);
      const reasoning = reply.locator('[data-part="reasoning"]');
      assert.equal(await reasoning.count(), 1, 'one reasoning part inside the reply');
      await reasoning.scrollIntoViewIfNeeded();

      const tag = await reasoning.evaluate((el) => el.tagName);
      if (tag === 'DETAILS') {
        const summary = reasoning.locator(':scope > summary');
        assert.equal(await summary.count(), 1, 'the <details> has a <summary> to click');
        const wasOpen = await reasoning.evaluate((el) => el.open);
        await summary.click();
        assert.equal(await reasoning.evaluate((el) => el.open), !wasOpen, 'clicking the summary toggles it');
        if (wasOpen) await summary.click();
        assert.equal(await reasoning.evaluate((el) => el.open), true);
      } else {
        // "or equivalent": a disclosure button with aria-expanded.
        const toggle = reasoning.locator('[aria-expanded]').first();
        assert.equal(await toggle.count(), 1, `reasoning is a <details> or has an aria-expanded toggle (got <${tag}>)`);
        if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
        assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
      }
      // The reasoning text itself, without the summary/toggle label.
      const text = (
        await reasoning.evaluate((el) => {
          const label = el.querySelector(':scope > summary, [aria-expanded]');
          const all = el.innerText;
          return label ? all.replace(label.innerText, '') : all;
        })
      ).trim();
      assert.ok(text.length > 10, `the expanded reasoning contains text, got ${JSON.stringify(text)}`);
      assert.ok(text.includes(expected), `the reasoning shows the model's thinking ("${expected}…"), got ${JSON.stringify(text.slice(0, 200))}`);
      assert.equal(await reasoning.isVisible(), true);

      const content = (await shownText(reply.locator('[data-part="content"]'))).trim();
      assert.ok(content.length > 0, 'the answer is shown too');
    });
  }

  it("the reader's open or closed choice is remembered per message, across switching and reloads", async () => {
    const app = await h.open();
    const panel = (article) => article.locator('[data-part="reasoning"]');
    const isOpen = (article) => panel(article).evaluate((el) => el.open);
    const first = await app.sendAndWait('Alpha #reasoning');
    assert.equal(await isOpen(first), false, 'collapsed once the answer came');
    assert.match(await panel(first).locator('summary').textContent(), /^Thought for \d+\.\d s$/);
    await panel(first).locator('summary').click();
    assert.equal(await isOpen(first), true);
    const second = await app.sendAndWait('More #reasoning');
    assert.equal(await isOpen(second), false, 'another reply keeps the default');
    assert.equal(await isOpen(first), true, 'a new reply does not close the first');

    await app.page.getByRole('button', { name: 'New chat', exact: true }).click();
    await app.sendAndWait('Beta');
    await waitForTitles(app, (t) => t.length === 2, 'two conversations');
    await openConversation(app, 'Alpha');
    await waitFor(() => app.assistantArticles().count(), (n) => n === 2, 'the first conversation');
    assert.equal(await isOpen(app.assistantArticles().nth(0)), true, 'still open after switching back');
    assert.equal(await isOpen(app.assistantArticles().nth(1)), false);

    await app.reload();
    await waitFor(() => app.assistantArticles().count(), (n) => n === 2, 'the conversation after a reload');
    await waitFor(() => isOpen(app.assistantArticles().nth(0)), (o) => o === true, 'still open after a reload');
    await panel(app.assistantArticles().nth(1)).locator('summary').click();
    await panel(app.assistantArticles().nth(0)).locator('summary').click();
    await app.reload();
    await waitFor(() => app.assistantArticles().count(), (n) => n === 2, 'the conversation after a reload');
    await waitFor(() => isOpen(app.assistantArticles().nth(0)), (o) => o === false, 'closed, as left');
    assert.equal(await isOpen(app.assistantArticles().nth(1)), true, 'opened, as left');
    app.assertNoErrors();
  });

  it('is open while the model thinks, then collapses to "Thought for N s" when the answer starts', async () => {
    const app = await h.open();
    await app.send('Think it through #reasoning');
    const reply = app.assistantArticles().first();
    const reasoning = reply.locator('[data-part="reasoning"]');
    await reasoning.waitFor({ state: 'attached' });
    const seen = await waitFor(
      () => reasoning.evaluate((el) => [el.open, el.querySelector('summary').textContent]),
      ([open, label]) => open && label === 'Thinking…',
      'the panel open while thinking',
    );
    assert.deepEqual(seen, [true, 'Thinking…']);
    await waitFor(
      () => reasoning.evaluate((el) => [el.open, el.querySelector('summary').textContent]),
      ([open, label]) => !open && /^Thought for/.test(label),
      'collapsed once the answer starts',
      { timeout: 20_000 },
    );
  });
});
