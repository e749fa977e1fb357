// Streamed and non-streamed runs of one journey: the two modes, a fresh app opened in either (with "Stream
// responses" unchecked in the settings for the non-streamed one, in English or in another UI language), and a
// check that the mock's first chat request was sent in that mode.
import assert from 'node:assert/strict';
import { waitForChatRequests } from './harness.mjs';

export const STREAMED = { name: 'streamed', stream: true };
export const NON_STREAMED = { name: 'non-streamed', stream: false };
/** Both modes, streamed first: `for (const mode of MODES) it(`... (${mode.name})`, ...)`. */
export const MODES = [STREAMED, NON_STREAMED];

/** Accessible names of the settings controls in the English UI (/work/shared/ui-contract.md). */
export const EN_NAMES = { settings: 'Settings', stream: 'Stream responses', close: 'Close' };

/**
 * Unchecks "Stream responses" in the settings dialog and closes it again. `names` gives the accessible names of
 * the Settings button and dialog, the checkbox and the Close button in the app's UI language (default English).
 */
export async function turnOffStreaming(app, names = EN_NAMES) {
  await app.page.getByRole('button', { name: names.settings, exact: true }).click();
  const dialog = app.page.getByRole('dialog', { name: names.settings, exact: true });
  await dialog.waitFor({ state: 'visible' });
  await dialog.getByRole('checkbox', { name: names.stream, exact: true }).uncheck();
  await dialog.getByRole('button', { name: names.close, exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
}

/**
 * A fresh app (`h.open(opts)`); for the non-streamed mode, "Stream responses" is unchecked in the settings first.
 * `opts.names` (not passed on to `h.open`) gives the settings' accessible names for a non-English UI, e.g.
 * `openIn(h, mode, { locale: 'zh-CN', names: ZH })`.
 */
export async function openIn(h, mode, { names = EN_NAMES, ...opts } = {}) {
  const app = await h.open(opts);
  if (!mode.stream) await turnOffStreaming(app, names);
  return app;
}

/** Waits for the first chat request at the mock and asserts it was sent with `stream: mode.stream`; returns it. */
export async function checkMode(h, mode) {
  const [req] = await waitForChatRequests(h.mock, 1);
  assert.equal(req.body.stream, mode.stream, `the request has stream:${mode.stream}`);
  return req;
}
