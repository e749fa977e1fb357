// Issue 5: images (button, paste, drop), video and file URLs, refusals, and attachments kept with the conversation.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, waitForChatRequests, waitForStatus } from '../lib/harness.mjs';
import { png, GIF } from '../lib/media.mjs';

async function useModel(app, model) {
  const dialog = await app.openSettings();
  await dialog.getByLabel('Model', { exact: true }).fill(model);
  await app.closeSettings();
}

const attachInput = (app) => app.page.getByLabel('Attach files', { exact: true });
const tray = (app) => app.page.locator('[data-part="drafts"]');
const refusal = (app) => app.page.locator('[data-part="attach-error"]');

/** Dispatches a paste (or a drop) carrying `bytes` as a file, the way the browser does for a copied image. */
async function pasteOrDrop(app, kind, name, bytes, type = 'image/png') {
  await app.page.evaluate(
    ({ kind, name, b64, type }) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([data], name, { type }));
      const box = document.querySelector('textarea.gc-input');
      const ev =
        kind === 'paste'
          ? new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true })
          : new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true });
      box.dispatchEvent(ev);
    },
    { kind, name, b64: bytes.toString('base64'), type },
  );
}

describe('attachments', { timeout: 120_000 }, () => {
  const h = useHarness();

  it('an image attached with the button is sent as raw base64 and shown in the message, also after a reload', async () => {
    const app = await h.open();
    // A text model offers no attachments at all.
    assert.equal(await attachInput(app).count(), 0, 'no attach control for a text model');
    await useModel(app, 'glm-4.5v');
    const image = png(3, 2);
    await attachInput(app).setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: image });
    const thumb = tray(app).getByRole('img', { name: /dot\.png/ });
    await thumb.waitFor();
    assert.ok((await thumb.getAttribute('src')).startsWith('data:image/png;base64,'), 'the preview is the image');
    assert.equal(await tray(app).getByRole('button', { name: 'Remove dot.png', exact: true }).count(), 1);

    await app.sendAndWait('What is in this picture?');
    const [req] = await waitForChatRequests(h.mock, 1);
    assert.equal(req.body.model, 'glm-4.5v');
    assert.deepEqual(req.body.messages.at(-1), {
      role: 'user',
      content: [
        { type: 'image_url', image_url: { url: image.toString('base64') } },
        { type: 'text', text: 'What is in this picture?' },
      ],
    });
    assert.equal(await tray(app).count(), 0, 'the tray is empty after sending');
    const shown = app.userArticles().last().getByRole('img', { name: /dot\.png/ });
    await shown.waitFor();

    await app.reload();
    const again = app.userArticles().last().getByRole('img', { name: /dot\.png/ });
    await again.waitFor();
    assert.ok((await again.getAttribute('src')).startsWith('data:image/png;base64,'), 'kept with the conversation');
  });

  it('pasted and dropped images are attached; the remove button takes one back out', async () => {
    const app = await h.open();
    await useModel(app, 'glm-4.6v');
    await pasteOrDrop(app, 'paste', 'pasted.png', png(4, 4, { rgb: [200, 30, 30] }));
    await tray(app).getByRole('img', { name: /pasted\.png/ }).waitFor();
    await pasteOrDrop(app, 'drop', 'dropped.png', png(5, 5, { rgb: [30, 200, 30] }));
    await tray(app).getByRole('img', { name: /dropped\.png/ }).waitFor();
    await pasteOrDrop(app, 'drop', 'extra.png', png(2, 2));
    await tray(app).getByRole('img', { name: /extra\.png/ }).waitFor();
    // Keyboard: the remove button is reachable and works with Enter.
    const remove = tray(app).getByRole('button', { name: 'Remove extra.png', exact: true });
    await remove.focus();
    await app.page.keyboard.press('Enter');
    await tray(app).getByRole('img', { name: /extra\.png/ }).waitFor({ state: 'detached' });

    await app.sendAndWait('Compare these two');
    const [req] = await waitForChatRequests(h.mock, 1);
    const parts = req.body.messages.at(-1).content;
    assert.deepEqual(
      parts.map((p) => p.type),
      ['image_url', 'image_url', 'text'],
    );
    assert.equal(parts[0].image_url.url, png(4, 4, { rgb: [200, 30, 30] }).toString('base64'));
    assert.equal(parts[1].image_url.url, png(5, 5, { rgb: [30, 200, 30] }).toString('base64'));
    assert.equal(await app.userArticles().last().getByRole('img').count(), 2);
  });

  it('a wrong format, an oversize file and too large dimensions are refused by name, and nothing is sent', async () => {
    const app = await h.open();
    await useModel(app, 'glm-4.5v');
    await attachInput(app).setInputFiles({ name: 'anim.gif', mimeType: 'image/gif', buffer: GIF });
    await refusal(app).filter({ hasText: 'anim.gif' }).waitFor();
    assert.match(await refusal(app).innerText(), /anim\.gif.*JPG or PNG/);

    const big = png(2, 2, { padding: 5 * 1024 * 1024 });
    await attachInput(app).setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: big });
    await refusal(app).filter({ hasText: 'huge.png' }).waitFor();
    assert.match(await refusal(app).innerText(), /huge\.png.*under 5 MB/);

    await attachInput(app).setInputFiles({ name: 'wide.png', mimeType: 'image/png', buffer: png(6001, 1) });
    await refusal(app).filter({ hasText: 'wide.png' }).waitFor();
    assert.match(await refusal(app).innerText(), /wide\.png.*6000×6000.*6001×1/);

    assert.equal(await tray(app).count(), 0, 'nothing was attached');
    await app.composer().fill('Anything attached?');
    await app.composer().press('Enter');
    await waitForStatus(app.lastAssistant(), 'done');
    const [req] = await waitForChatRequests(h.mock, 1);
    assert.equal(typeof req.body.messages.at(-1).content, 'string', 'a plain text message, no image part');
  });

  it('video and file URLs become video_url and file_url parts; a file with a video is refused and not sent', async () => {
    const app = await h.open();
    await useModel(app, 'glm-4.5v');
    const addByUrl = async (kind, url) => {
      const toggle = app.page.getByRole('button', { name: 'Add by URL', exact: true });
      if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
      await app.page.getByLabel('Kind', { exact: true }).selectOption(kind);
      await app.page.getByLabel('Attachment URL', { exact: true }).fill(url);
      await app.page.getByRole('button', { name: 'Add', exact: true }).click();
    };
    await addByUrl('video', 'https://media.example.com/clips/cat.avi');
    await refusal(app).filter({ hasText: 'cat.avi' }).waitFor();
    assert.match(await refusal(app).innerText(), /MP4, MKV or MOV/);

    await addByUrl('video', 'https://media.example.com/clips/cat.mp4');
    await tray(app).getByRole('link', { name: /cat\.mp4/ }).waitFor();
    await addByUrl('file', 'https://docs.example.com/report.pdf');
    await tray(app).getByRole('link', { name: /report\.pdf/ }).waitFor();
    await app.composer().fill('Summarise both');
    await app.composer().press('Enter');
    await refusal(app).filter({ hasText: 'files cannot go together with images or videos' }).waitFor();
    assert.equal(await app.assistantArticles().count(), 0, 'nothing was sent');
    assert.equal((await h.mock.chatRequests()).length, 0);
    assert.equal(await app.composer().inputValue(), 'Summarise both', 'the text stays');

    await tray(app).getByRole('button', { name: 'Remove report.pdf', exact: true }).click();
    await app.sendAndWait('Summarise the clip');
    let [req] = await waitForChatRequests(h.mock, 1);
    assert.deepEqual(req.body.messages.at(-1).content, [
      { type: 'video_url', video_url: { url: 'https://media.example.com/clips/cat.mp4' } },
      { type: 'text', text: 'Summarise the clip' },
    ]);
    const chip = app.userArticles().last().getByRole('link', { name: /cat\.mp4/ });
    assert.equal(await chip.getAttribute('href'), 'https://media.example.com/clips/cat.mp4');

    await h.mock.clearRequests();
    await addByUrl('file', 'https://docs.example.com/report.pdf');
    await app.sendAndWait('And this document?');
    [req] = await waitForChatRequests(h.mock, 1);
    assert.deepEqual(req.body.messages.at(-1).content, [
      { type: 'file_url', file_url: { url: 'https://docs.example.com/report.pdf' } },
      { type: 'text', text: 'And this document?' },
    ]);
    // The earlier video is left out of this request: file_url never travels with video_url.
    assert.equal(req.body.messages[0].content, 'Summarise the clip');
  });

  it('a failed request keeps the text and the image, Retry and Edit resend them, a text model gets text only', async () => {
    const app = await h.open({ allowConsole: [/status of 500/] });
    await useModel(app, 'glm-4.5v');
    const image = png(2, 3);
    await attachInput(app).setInputFiles({ name: 'keep.png', mimeType: 'image/png', buffer: image });
    await tray(app).getByRole('img', { name: /keep\.png/ }).waitFor();
    await app.sendAndWait('Describe it #500', { status: 'error' });
    const user = app.userArticles().last();
    assert.equal(await user.getByRole('img', { name: /keep\.png/ }).count(), 1, 'the image stays in the message');
    assert.match(await user.locator('[data-part="text"]').innerText(), /Describe it #500/);

    await h.mock.clearRequests();
    await app.lastAssistant().getByRole('button', { name: 'Retry', exact: true }).click();
    let [req] = await waitForChatRequests(h.mock, 1);
    assert.equal(req.body.messages.at(-1).content[0].image_url.url, image.toString('base64'), 'Retry resends the image');
    await waitForStatus(app.lastAssistant(), 'error');

    await h.mock.clearRequests();
    await user.getByRole('button', { name: 'Edit', exact: true }).click();
    await app.page.getByRole('textbox', { name: 'Edit', exact: true }).fill('Describe it, please');
    await app.page.getByRole('button', { name: 'Save & send', exact: true }).click();
    [req] = await waitForChatRequests(h.mock, 1);
    assert.deepEqual(req.body.messages.at(-1).content, [
      { type: 'image_url', image_url: { url: image.toString('base64') } },
      { type: 'text', text: 'Describe it, please' },
    ]);
    await waitForStatus(app.lastAssistant(), 'done');
    assert.equal(await app.userArticles().last().getByRole('img', { name: /keep\.png/ }).count(), 1, 'the edit keeps it');

    await h.mock.clearRequests();
    await useModel(app, 'glm-4.5-flash');
    await app.sendAndWait('Now in words only');
    [req] = await waitForChatRequests(h.mock, 1);
    assert.ok(
      req.body.messages.every((m) => typeof m.content === 'string'),
      'a text model is sent strings only',
    );
  });
});
