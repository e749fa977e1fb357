// Tool calls, streamed and not: a function call card with pretty-printed arguments, two calls whose argument
// fragments are merged into valid JSON, and MCP entries (tool listing, a call with output, a failed call).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, shownText } from '../lib/harness.mjs';
import { MODES, openIn, checkMode } from '../lib/modes.mjs';

/** The JSON object shown in a card: from its first `{` to its last `}`, parsed. */
function shownJson(text) {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  assert.ok(start >= 0 && end > start, `the card shows a JSON object, got ${JSON.stringify(text)}`);
  const json = text.slice(start, end + 1);
  try {
    return JSON.parse(json);
  } catch (e) {
    assert.fail(`the card's arguments are not valid JSON (${e.message}): ${JSON.stringify(json)}`);
  }
}

describe('tool calls in both modes', { timeout: 180_000 }, () => {
  const h = useHarness();

  for (const mode of MODES) {
    it(`#tool (${mode.name}): a get_weather card with pretty-printed arguments`, async () => {
      const app = await openIn(h, mode);
      const reply = await app.sendAndWait('Weather in Beijing? #tool');
      await checkMode(h, mode);
      const cards = reply.locator('[data-part="tool-call"]');
      assert.equal(await cards.count(), 1, 'one tool-call card');
      const card = reply.locator('[data-part="tool-call"][data-tool-name="get_weather"]');
      assert.equal(await card.count(), 1, 'the card is for get_weather');
      const text = await shownText(card);
      assert.ok(text.includes('get_weather'), 'the card names the function');
      // The mock sends {"city": "Beijing"} on one line; pretty-printed, the pair sits on a line of its own.
      const lines = text.split('\n').map((l) => l.trim());
      assert.ok(lines.includes('"city": "Beijing"'), `"city": "Beijing" is on its own line, got ${JSON.stringify(text)}`);
      assert.deepEqual(shownJson(text), { city: 'Beijing' });
      assert.equal(await reply.locator('[data-part="notice"]').count(), 0, 'a tool call is not an unusual finish');
      assert.equal(await reply.locator('[data-part="error"]').count(), 0);
    });

    it(`#tool-stream (${mode.name}): two cards with their complete, merged arguments`, async () => {
      const app = await openIn(h, mode);
      const reply = await app.sendAndWait('Weather and time? #tool-stream');
      await checkMode(h, mode);
      const cards = reply.locator('[data-part="tool-call"]');
      const names = await cards.evaluateAll((els) => els.map((el) => el.dataset.toolName));
      assert.deepEqual(names, ['get_weather', 'get_time'], 'one card per call, in order');
      const weather = await shownText(cards.nth(0));
      const time = await shownText(cards.nth(1));
      assert.deepEqual(shownJson(weather), { city: 'Beijing', unit: 'celsius' }, 'the weather arguments, merged');
      assert.deepEqual(shownJson(time), { timezone: 'Asia/Shanghai' }, 'the time arguments, merged');
      assert.ok(
        weather.split('\n').map((l) => l.trim()).includes('"unit": "celsius"'),
        `the merged arguments are pretty-printed, got ${JSON.stringify(weather)}`,
      );
    });

    it(`#mcp (${mode.name}): cards for the tool listing, the call's output and the failed call`, async () => {
      const app = await openIn(h, mode);
      const reply = await app.sendAndWait('When was GLM-4.5 released? #mcp');
      await checkMode(h, mode);
      const cards = reply.locator('[data-part="tool-call"]');
      assert.equal(await cards.count(), 3, 'one card per MCP entry');
      const texts = [];
      for (let i = 0; i < 3; i++) texts.push(await shownText(cards.nth(i)));
      for (const [i, t] of texts.entries()) {
        assert.ok(t.includes('sogou_search'), `card ${i + 1} shows the server label, got ${JSON.stringify(t)}`);
      }
      // The listing (crates/glm_mock/src/scenarios/tools.rs): the server's tools web_search and fetch_page.
      assert.ok(/web_search/.test(texts[0]) && /fetch_page/.test(texts[0]), `the first card lists the tools: ${texts[0]}`);
      assert.ok(texts[0].includes('Search the web'), 'the tool list shows the descriptions');

      const call = reply.locator('[data-part="tool-call"][data-tool-name="web_search"]');
      assert.equal(await call.count(), 1, 'a card for the web_search call');
      const callText = await shownText(call);
      assert.ok(callText.includes('GLM-4.5 release date'), `the call shows its arguments: ${callText}`);
      assert.ok(callText.includes('GLM-4.5 released'), `the call shows its output: ${callText}`);

      const failed = reply.locator('[data-part="tool-call"][data-tool-name="fetch_page"]');
      assert.equal(await failed.count(), 1, 'a card for the fetch_page call');
      assert.ok((await shownText(failed)).includes('MCP server timed out after 30 s'), 'the failed call shows its error');

      const content = await shownText(reply.locator('[data-part="content"]'));
      assert.ok(content.includes('The search server says GLM-4.5 was released on'), 'the summary answer is shown too');
    });
  }
});
