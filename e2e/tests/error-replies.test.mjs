// Errors that do not look like plain HTTP errors, streamed and not: an error frame inside a 200 stream, a 200
// whose JSON body is an error, Z.ai's flat error body, and an HTML 503 page.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, shownText } from '../lib/harness.mjs';
import { MODES, openIn, checkMode } from '../lib/modes.mjs';

// Chromium logs every non-2xx fetch as "Failed to load resource: ... status of N"; expected where the mock sends one.
const httpError = (status) => new RegExp(`Failed to load resource: the server responded with a status of ${status}`);

/** The reply's error part: with this code, explained in words, with Retry. Returns its visible text. */
async function checkError(reply, code) {
  const error = reply.locator('[data-part="error"]');
  await error.waitFor({ state: 'visible' });
  assert.equal(await error.count(), 1, 'one error part');
  assert.equal(await error.getAttribute('data-code'), code);
  const text = (await shownText(error)).trim();
  assert.ok(text.length > 10, `the error is explained in words, got ${JSON.stringify(text)}`);
  assert.equal(await reply.getByRole('button', { name: 'Retry', exact: true }).count(), 1, 'the failed reply offers Retry');
  return text;
}

describe('unusual error replies in both modes', { timeout: 180_000 }, () => {
  const h = useHarness();

  for (const mode of MODES) {
    it(`#error-frame (${mode.name}): the error is shown with code 1234${mode.stream ? ' and the text before it is kept' : ''}`, async () => {
      const app = await openIn(h, mode);
      const reply = await app.sendAndWait('Start an answer #error-frame', { status: 'error' });
      await checkMode(h, mode);
      await checkError(reply, '1234');
      if (mode.stream) {
        // Streamed, the text arrives before the error frame (crates/glm_mock/src/scenarios/faults.rs) and stays.
        // Non-streamed, the mock's whole body is only the error, so there is no text to keep.
        const content = reply.locator('[data-part="content"]');
        assert.equal(
          (await shownText(content)).trim(),
          'The answer starts normally, and then the server',
          'the text that arrived before the error is kept',
        );
      }
      const history = (await app.statusHistory())[0];
      assert.equal(history.at(-1), 'error', `the reply ends as an error: ${JSON.stringify(history)}`);
    });

    it(`#error-200 (${mode.name}): an HTTP 200 whose body is an error shows code 1305`, async () => {
      const app = await openIn(h, mode);
      const reply = await app.sendAndWait('Busy? #error-200', { status: 'error' });
      await checkMode(h, mode);
      const text = await checkError(reply, '1305');
      assert.ok(!text.includes('{"error"'), `the raw JSON body is not shown: ${JSON.stringify(text)}`);
    });

    it(`#flat-error (${mode.name}): Z.ai's flat error body shows code 1214`, async () => {
      const app = await openIn(h, mode, { allowConsole: [httpError(400)] });
      const reply = await app.sendAndWait('Bad parameters #flat-error', { status: 'error' });
      await checkMode(h, mode);
      const text = await checkError(reply, '1214');
      assert.ok(text.includes('Invalid parameter: messages'), `the server's message names the parameter: ${JSON.stringify(text)}`);
    });

    it(`#503 (${mode.name}): an HTML error page shows code 503 and an explanation, not the HTML`, async () => {
      const app = await openIn(h, mode, { allowConsole: [httpError(503)] });
      const reply = await app.sendAndWait('Anyone there? #503', { status: 'error' });
      await checkMode(h, mode);
      const text = await checkError(reply, '503');
      assert.ok(!/<\/?(html|head|title|body|center|h1|hr)\b/i.test(text), `no raw HTML is shown: ${JSON.stringify(text)}`);
      assert.equal(await reply.locator('[data-part="error"] :is(h1, center, hr, title)').count(), 0, 'the HTML is not rendered either');
      assert.equal(await reply.locator('[data-part="content"] :is(h1, center, hr, title)').count(), 0);
    });
  }
});
