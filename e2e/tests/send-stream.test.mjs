// Journey 1: type a message, press Enter, watch the reply stream in; Shift+Enter breaks the line.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, waitForStatus, waitForChatRequests, messageText, shownText } from '../lib/harness.mjs';

describe('send and stream a reply', { timeout: 90_000 }, () => {
  const h = useHarness();

  it('Enter sends the message and the reply streams in, then completes', async () => {
    const app = await h.open();
    const text = 'Hello GLM, what can you do?';
    await app.send(text);

    const user = app.userArticles().last();
    await user.waitFor({ state: 'attached' });
    assert.match(await shownText(user), /Hello GLM, what can you do\?/);

    const reply = app.lastAssistant();
    await reply.waitFor({ state: 'attached' });
    await waitForStatus(reply, 'done');
    const content = reply.locator('[data-part="content"]');
    assert.ok((await shownText(content)).trim().length > 0, 'the reply shows answer text');

    const [history] = await app.statusHistory();
    assert.ok(history, 'an assistant message appeared');
    assert.ok(history.includes('streaming'), `the reply was shown as streaming first; statuses seen: ${history}`);
    assert.equal(history.at(-1), 'done');
    assert.ok(history.indexOf('streaming') < history.indexOf('done'), `streaming before done: ${history}`);

    assert.equal(await app.composer().inputValue(), '', 'the composer is cleared after sending');

    const [req] = await waitForChatRequests(h.mock, 1);
    assert.equal(req.body.stream, true, 'the request asks for a stream');
    const last = req.body.messages.at(-1);
    assert.equal(last.role, 'user');
    assert.equal(messageText(last), text);
    assert.equal(typeof req.body.model, 'string');
    assert.ok(req.body.model.length > 0, 'a model is sent');

    // The model sent is the one shown in Settings (the default, since nothing was changed).
    const dialog = await app.openSettings();
    assert.equal(await dialog.getByLabel('Model', { exact: true }).inputValue(), req.body.model);
    await app.closeSettings();
  });

  it('Shift+Enter inserts a newline instead of sending', async () => {
    const app = await h.open();
    const box = app.composer();
    await box.click();
    await box.pressSequentially('line one');
    await box.press('Shift+Enter');
    await box.pressSequentially('line two');
    assert.equal(await box.inputValue(), 'line one\nline two');
    await app.page.waitForTimeout(300);
    assert.equal(await app.userArticles().count(), 0, 'nothing was sent');
    assert.equal((await h.mock.chatRequests()).length, 0, 'no request reached the server');

    await box.press('Enter');
    const reply = app.lastAssistant();
    await reply.waitFor({ state: 'attached' });
    await waitForStatus(reply, 'done');
    const userText = await shownText(app.userArticles().last());
    assert.match(userText, /line one\s*\n\s*line two/, 'both lines are shown, on separate lines');
    const [req] = await waitForChatRequests(h.mock, 1);
    assert.equal(messageText(req.body.messages.at(-1)), 'line one\nline two');
  });

  it('the conversation follows the newest reply', async () => {
    const app = await h.open();
    // The default welcome is long (a table of every scenario), so two of them overflow the window.
    await app.sendAndWait('First question');
    await app.sendAndWait('Second question');
    const inView = (loc) =>
      loc.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return r.bottom > 0 && r.top < window.innerHeight && r.height > 0;
      });
    const lastReply = app.assistantArticles().nth(1);
    assert.equal(await inView(lastReply), true, 'the newest reply is scrolled into view');
  });

  it('the Send button sends too', async () => {
    const app = await h.open();
    await app.composer().fill('Sent with the button');
    await app.sendButton().click();
    const reply = app.lastAssistant();
    await reply.waitFor({ state: 'attached' });
    await waitForStatus(reply, 'done');
    assert.match(await shownText(app.userArticles().last()), /Sent with the button/);
  });
});
