// Issue 5: audio input for glm-4-voice. Chromium's fake microphone (a beep) is recorded through Web Audio and sent
// as a WAV `input_audio` part; a WAV file can be attached too, and other formats are refused.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, waitFor, waitForChatRequests } from '../lib/harness.mjs';
import { readWav } from '../lib/media.mjs';

async function useVoice(app) {
  const dialog = await app.openSettings();
  await dialog.getByLabel('Model', { exact: true }).fill('glm-4-voice');
  await app.closeSettings();
}

/** A WAV file of `seconds` of a 440 Hz tone at 16 kHz, 16-bit mono. */
function toneWav(seconds) {
  const rate = 16_000;
  const n = Math.round(rate * seconds);
  const buf = Buffer.alloc(44 + n * 2);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + n * 2, 4);
  buf.write('WAVEfmt ', 8, 'ascii');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++) buf.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 12000), 44 + i * 2);
  return buf;
}

describe('audio input', { timeout: 120_000 }, () => {
  const h = useHarness({
    browserArgs: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
  });

  it('records the microphone with a timer and a stop button, and sends valid WAV base64 as input_audio', async () => {
    const app = await h.open({ permissions: ['microphone'] });
    await useVoice(app);
    assert.equal(
      await app.page.getByRole('button', { name: 'Add by URL', exact: true }).count(),
      0,
      'the voice model takes no images or URLs',
    );
    await app.page.getByRole('button', { name: 'Record audio', exact: true }).click();
    const indicator = app.page.locator('[data-part="recording"]');
    await indicator.waitFor();
    await waitFor(() => indicator.innerText(), (t) => /Recording 0:0[2-9]/.test(t), 'the timer at 2 s', {
      timeout: 10_000,
    });
    await app.page.getByRole('button', { name: 'Stop recording', exact: true }).click();
    await indicator.waitFor({ state: 'detached' });
    const draft = app.page.locator('[data-part="drafts"] audio');
    await draft.waitFor();
    assert.equal(await draft.getAttribute('aria-label'), 'Voice message: recording-1.wav');

    await app.sendAndWait('Please repeat slowly');
    const [req] = await waitForChatRequests(h.mock, 1);
    const parts = req.body.messages.at(-1).content;
    assert.deepEqual(
      parts.map((p) => p.type),
      ['input_audio', 'text'],
    );
    assert.equal(parts[0].input_audio.format, 'wav');
    const wav = readWav(Buffer.from(parts[0].input_audio.data, 'base64'));
    assert.equal(wav.format, 1, 'PCM');
    assert.equal(wav.channels, 1);
    assert.equal(wav.bitsPerSample, 16);
    assert.equal(wav.sampleRate, 16_000);
    assert.ok(wav.seconds > 1 && wav.seconds < 10, `about two seconds recorded, got ${wav.seconds}`);
    const loudest = wav.samples.reduce((m, s) => Math.max(m, Math.abs(s)), 0);
    assert.ok(loudest > 1000, `the fake microphone's beep is in it (peak ${loudest})`);

    // The message keeps a player for what was said, also after a reload.
    const player = app.userArticles().last().locator('audio');
    assert.match(await player.getAttribute('src'), /^data:audio\/wav;base64,UklGR/);
    await app.reload();
    await app.userArticles().last().locator('audio').waitFor();
  });

  it('a WAV file can be attached; a webm file is refused by name', async () => {
    const app = await h.open();
    await useVoice(app);
    const input = app.page.getByLabel('Attach files', { exact: true });
    await input.setInputFiles({ name: 'voice.webm', mimeType: 'audio/webm', buffer: Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0, 0, 0, 0]) });
    const refusal = app.page.locator('[data-part="attach-error"]');
    await refusal.filter({ hasText: 'voice.webm' }).waitFor();
    assert.match(await refusal.innerText(), /WAV or MP3/);

    const tone = toneWav(0.5);
    await input.setInputFiles({ name: 'tone.wav', mimeType: 'audio/wav', buffer: tone });
    await app.page.locator('[data-part="drafts"] audio').waitFor();
    await app.sendAndWait('What note is this?');
    const [req] = await waitForChatRequests(h.mock, 1);
    assert.deepEqual(req.body.messages.at(-1).content[0], {
      type: 'input_audio',
      input_audio: { data: tone.toString('base64'), format: 'wav' },
    });
  });

  it('an MP3 file can be attached and goes as input_audio with format mp3; one the browser cannot play is refused', async () => {
    const app = await h.open();
    await useVoice(app);
    const input = app.page.getByLabel('Attach files', { exact: true });
    // Bytes that start like an MP3 frame but decode to nothing: the app measures every MP3's length by decoding it.
    await input.setInputFiles({ name: 'broken.mp3', mimeType: 'audio/mpeg', buffer: Buffer.from([0xff, 0xfb, 0x90, 0x64, 1, 2, 3]) });
    const refusal = app.page.locator('[data-part="attach-error"]');
    await refusal.filter({ hasText: 'broken.mp3' }).waitFor();

    const mp3 = silentMp3(40); // about a second
    await input.setInputFiles({ name: 'quiet.mp3', mimeType: 'audio/mpeg', buffer: mp3 });
    await app.page.locator('[data-part="drafts"] audio').waitFor();
    await app.sendAndWait('Can you hear this?');
    const [req] = await waitForChatRequests(h.mock, 1);
    assert.deepEqual(req.body.messages.at(-1).content[0], {
      type: 'input_audio',
      input_audio: { data: mp3.toString('base64'), format: 'mp3' },
    });
  });
});

/** `frames` MPEG-1 Layer III frames of silence (128 kbit/s, 44.1 kHz: 417 bytes, 26 ms each) that browsers decode. */
function silentMp3(frames) {
  const len = 417;
  const buf = Buffer.alloc(frames * len);
  for (let f = 0; f < frames; f++) buf.set([0xff, 0xfb, 0x90, 0x64], f * len);
  return buf;
}
