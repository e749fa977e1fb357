// Journey 2: the model's reasoning is shown in an expandable part of the reply.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, shownText } from '../lib/harness.mjs';

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
});
