// Journey 10: streams whose network writes split UTF-8 characters and `data:` lines (#split), or that use
// CRLF framing with keep-alive comments (#crlf), render their full text with no replacement characters.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness } from '../lib/harness.mjs';

const squash = (s) => s.replace(/\s+/g, ' ').trim();
// The rendered text of Markdown this simple: inline code loses its backticks.
const rendered = (markdown) => squash(markdown.replace(/`/g, ''));

/** What the mock's script for `message` says, fetched whole (stream:false), independent of the app's SSE parsing. */
async function expectedReply(mock, message) {
  const res = await fetch(`${mock.apiBase}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'glm-4.5', messages: [{ role: 'user', content: message }], stream: false }),
  });
  assert.equal(res.status, 200);
  const { content, reasoning_content: reasoning } = (await res.json()).choices[0].message;
  return { content, reasoning };
}

describe('unusual stream framing', { timeout: 60_000 }, () => {
  const h = useHarness();

  for (const [tag, sample] of [
    ['#split', /你好！.*🎉.*🚀🌏.*Ünïcödé.*✅/u],
    ['#crlf', /Every line of this stream ends with CRLF/],
  ]) {
    it(`${tag}: the whole answer and reasoning arrive intact`, async () => {
      const message = `Test the stream framing ${tag}`;
      const expected = await expectedReply(h.mock, message);
      assert.match(expected.content, sample, 'the mock script is the one this test was written for');

      const app = await h.open();
      const reply = await app.sendAndWait(message);
      const content = await reply.locator('[data-part="content"]').evaluate((el) => el.textContent);
      assert.ok(!content.includes('\uFFFD'), `no replacement characters: ${JSON.stringify(content)}`);
      assert.ok(!/data:\s*\{/.test(content), 'no raw SSE lines in the answer');
      assert.equal(squash(content), rendered(expected.content), 'the answer is complete and exact');

      const reasoning = await reply.locator('[data-part="reasoning"]').evaluate((el) => el.textContent);
      assert.ok(!reasoning.includes('\uFFFD'), 'no replacement characters in the reasoning');
      assert.ok(squash(reasoning).includes(squash(expected.reasoning)), `the full reasoning is shown: ${JSON.stringify(reasoning)}`);
    });
  }
});
