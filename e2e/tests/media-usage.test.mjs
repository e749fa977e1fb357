// Audio, video, token usage and GLM-4.5V boxes, streamed and not: a playable WAV with a download link and its
// expiry, a video with its cover as poster, the mock's exact token numbers, and no raw model markup.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, shownText } from '../lib/harness.mjs';
import { MODES, openIn, checkMode } from '../lib/modes.mjs';

/**
 * `label` and `n` next to each other in the usage text, in either order ("prompt 1412" or "1412 prompt tokens"),
 * with or without thousands separators ("prompt 1,412").
 */
function shows(text, label, n) {
  const num = String(n).replace(/\B(?=(\d{3})+$)/g, ',?');
  const re = new RegExp(`${label}\\D{0,24}\\b${num}\\b|\\b${num}\\b\\D{0,24}${label}`, 'i');
  assert.match(text, re, `the usage shows ${label} ${n}`);
}

// The video's URLs (crates/glm_mock/src/scenarios/media.rs) point at example.com, which does not resolve offline:
// Chromium logs the failed load of the poster (the video itself is not fetched before it is played).
const posterLoad = /^Failed to load resource: .+ https:\/\/example\.com\/mock\/glm-video-cover\.jpg$/;

describe('audio, video, usage and boxes in both modes', { timeout: 240_000 }, () => {
  const h = useHarness();

  for (const mode of MODES) {
    it(`#audio (${mode.name}): a playable WAV, a download link and when it expires`, async () => {
      const app = await openIn(h, mode);
      const before = Date.now();
      const reply = await app.sendAndWait('Say something #audio');
      await checkMode(h, mode);
      const part = reply.locator('[data-part="audio"]');
      await part.waitFor({ state: 'visible' });
      const audio = part.locator('audio');
      assert.equal(await audio.count(), 1, 'one audio player');
      const src = (await audio.getAttribute('src')) ?? (await audio.locator('source').first().getAttribute('src'));
      assert.ok(src?.startsWith('data:audio/wav;base64,'), `the audio is a WAV data URL, got ${String(src).slice(0, 60)}`);

      // All three base64 pieces arrive in one complete WAV: RIFF header, and the size it declares is the size it has.
      const wav = Buffer.from(src.slice('data:audio/wav;base64,'.length), 'base64');
      assert.equal(wav.subarray(0, 4).toString('latin1'), 'RIFF');
      assert.equal(wav.subarray(8, 12).toString('latin1'), 'WAVE');
      assert.equal(wav.readUInt32LE(4) + 8, wav.length, 'the WAV is complete (all pieces joined)');
      // The browser can read it: half a second (mock: 440 Hz for 500 ms).
      const duration = await audio.evaluate(
        (el) =>
          new Promise((done) => {
            if (el.readyState >= 1) return done(el.duration);
            el.addEventListener('loadedmetadata', () => done(el.duration), { once: true });
            el.addEventListener('error', () => done(-1), { once: true });
            if (el.preload === 'none') el.load();
            setTimeout(() => done(null), 5_000);
          }),
      );
      assert.ok(duration > 0.45 && duration < 0.55, `the audio plays for about 0.5 s, got ${duration}`);

      const download = part.locator('a[download]');
      assert.equal(await download.count(), 1, 'a download link');
      assert.equal(await download.getAttribute('href'), src, 'the download link is the same audio');
      assert.ok((await shownText(download)).trim().length > 0, 'the download link has a name');

      // The expiry (mock: now + 24 h): machine-readable in <time datetime>, and written the way this browser writes
      // a date in English, in its own time zone.
      const text = await shownText(part);
      assert.match(text, /expire/i, `the expiry is mentioned: ${JSON.stringify(text)}`);
      const day = (t) => new Date(t + 24 * 3600 * 1000).toISOString().slice(0, 10);
      const when = part.locator('time');
      const iso = await when.getAttribute('datetime');
      assert.ok(iso.startsWith(day(before)) || iso.startsWith(day(Date.now())), `the expiry time is tomorrow: ${iso}`);
      const local = await app.page.evaluate(
        (iso) => new Date(iso).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' }),
        iso,
      );
      assert.equal(await shownText(when), local, 'the expiry reads as a local date and time');
      assert.match(await shownText(reply.locator('[data-part="content"]')), /Here is a short tone/, 'the transcript is shown');
    });

    it(`#video (${mode.name}): a video with its cover as poster`, async () => {
      const app = await openIn(h, mode, { allowConsole: [posterLoad] });
      const reply = await app.sendAndWait('Make a video #video');
      await checkMode(h, mode);
      const part = reply.locator('[data-part="video"]');
      await part.waitFor({ state: 'visible' });
      const video = part.locator('video');
      assert.equal(await video.count(), 1, 'one video element');
      const src = (await video.getAttribute('src')) ?? (await video.locator('source').first().getAttribute('src'));
      assert.equal(src, 'https://example.com/mock/glm-video.mp4', 'the video plays the https URL');
      assert.equal(await video.getAttribute('poster'), 'https://example.com/mock/glm-video-cover.jpg', 'the cover is the poster');
      assert.match(await shownText(reply.locator('[data-part="content"]')), /a lighthouse at dusk/, 'the text is shown too');
    });

    it(`#usage (${mode.name}): prompt, completion, total, cached and reasoning tokens`, async () => {
      const app = await openIn(h, mode);
      const reply = await app.sendAndWait('How many tokens? #usage');
      await checkMode(h, mode);
      const usage = reply.locator('[data-part="usage"]');
      await usage.waitFor({ state: 'visible' });
      const text = await shownText(usage);
      // The mock's fixed numbers (crates/glm_mock/src/scenarios/answers.rs, usage()).
      shows(text, 'prompt', 1412);
      shows(text, 'completion', 256);
      shows(text, 'total', 1668);
      shows(text, 'cached', 1024);
      shows(text, 'reasoning', 128);
    });

    it(`default reply (${mode.name}): the usage matches what the mock reported`, async () => {
      const app = await openIn(h, mode);
      const reply = await app.sendAndWait('Hello there');
      const req = await checkMode(h, mode);
      // The same request, asked again whole, gives the same (estimated, deterministic) usage the app was sent.
      const headers = { 'content-type': 'application/json' };
      if (req.headers.authorization) headers.authorization = req.headers.authorization;
      const res = await fetch(`${h.mock.apiBase}/chat/completions`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ ...req.body, stream: false }),
      });
      const { usage: expected } = await res.json();
      assert.ok(expected?.total_tokens > 0, 'the mock reports usage');

      const usage = reply.locator('[data-part="usage"]');
      await usage.waitFor({ state: 'visible' });
      const text = await shownText(usage);
      shows(text, 'prompt', expected.prompt_tokens);
      shows(text, 'completion', expected.completion_tokens);
      shows(text, 'total', expected.total_tokens);
      const reasoning = expected.completion_tokens_details?.reasoning_tokens;
      assert.ok(reasoning > 0, 'the default reply reasons, and the mock counts it');
      shows(text, 'reasoning', reasoning);
    });

    it(`#box (${mode.name}): the boxed answer shows 42 without GLM-4.5V markup`, async () => {
      const app = await openIn(h, mode);
      const reply = await app.sendAndWait('What is 6 × 7? #box');
      await checkMode(h, mode);
      const content = await shownText(reply.locator('[data-part="content"]'));
      assert.match(content, /The image asks for 6 × 7\. The answer is\s*42/, `the answer shows 42, got ${JSON.stringify(content)}`);
      const all = await reply.evaluate((el) => el.textContent);
      for (const markup of ['<|begin_of_box|>', '<|end_of_box|>', '<think>', '</think>', 'begin_of_box', 'end_of_box']) {
        assert.ok(!all.includes(markup), `no literal ${markup} in the reply, got ${JSON.stringify(all)}`);
      }
    });
  }
});
