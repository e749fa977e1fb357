// Issue 5: a busy or failing server is retried automatically with backoff (three tries in all), visibly
// ("Retrying in 1 s… (attempt 2 of 3)") and cancellably; errors that retrying cannot fix are never retried.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, waitFor, waitForChatRequests, waitForStatus, shownText } from '../lib/harness.mjs';

const rateLimited = /Failed to load resource: the server responded with a status of 429/;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Every text the retry notice showed while the test watched (the page records them). Read on each DOM change and
 * on each frame: a message is `content-visibility: auto`, so right after it is inserted (before the frame that finds
 * it on screen) its `innerText` is still empty; the next frame, the one that paints it, reads the text shown.
 */
async function watchRetryNotices(page) {
  await page.evaluate(() => {
    window.__retryTexts = [];
    const record = () => {
      const text = document.querySelector('[data-part="retry"]')?.innerText.trim();
      if (text && window.__retryTexts.at(-1) !== text) window.__retryTexts.push(text);
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true });
    const everyFrame = () => {
      record();
      requestAnimationFrame(everyFrame);
    };
    requestAnimationFrame(everyFrame);
  });
}

describe('automatic retries', { timeout: 120_000 }, () => {
  const h = useHarness();

  it('a rate-limited request is retried with backoff and then answered', async () => {
    const app = await h.open({ allowConsole: [rateLimited] });
    await watchRetryNotices(app.page);
    const started = Date.now();
    const reply = await app.sendAndWait('Busy server? #flaky 2');
    const took = Date.now() - started;
    assert.match(await shownText(reply.locator('[data-part="content"]')), /after 2 failed tries/);

    const texts = await app.page.evaluate(() => window.__retryTexts);
    const said = /^Too many concurrent requests \(1302\)\. Retrying in 1 s… \(attempt (\d) of 3\)\n/;
    assert.ok(texts.some((t) => said.exec(t)?.[1] === '2'), JSON.stringify(texts));
    assert.ok(texts.every((t) => t.endsWith('Cancel')), 'with a Cancel button');
    assert.ok(texts.some((t) => said.exec(t)?.[1] === '3'), JSON.stringify(texts));
    // Backoff: 0.5 s then 1 s, each shortened by up to a quarter.
    assert.ok(took >= 1100, `the two waits took at least 1.1 s (took ${took} ms)`);

    const reqs = await waitForChatRequests(h.mock, 3);
    assert.equal(reqs.length, 3, 'three tries in all');
    assert.deepEqual(reqs[2].body, reqs[0].body, 'each try sends the same request');
    const [history] = await app.statusHistory();
    assert.deepEqual(history, ['streaming', 'done'], 'the reply never showed as failed in between');
    assert.equal(await app.page.locator('[data-part="retry"]').count(), 0, 'the notice is gone');
    // The inspector shows the try that succeeded.
    await reply.getByRole('button', { name: 'Inspect request', exact: true }).click();
    const dialog = app.page.getByRole('dialog', { name: 'Request details', exact: true });
    assert.match(await dialog.innerText(), /Attempt 3\./);
    assert.equal(await dialog.locator('[data-part="response-status"]').innerText(), 'HTTP 200');
  });

  it('Retry-After is honoured, and Cancel stops the retries and shows the error with Retry', async () => {
    const app = await h.open({ allowConsole: [rateLimited] });
    await app.send('Wait for me #flaky 5 2');
    const reply = app.lastAssistant();
    const notice = reply.locator('[data-part="retry"]');
    await notice.waitFor({ state: 'visible' });
    assert.match(await notice.innerText(), /Retrying in 2 s… \(attempt 2 of 3\)/, 'the server asked for 2 s');
    await notice.getByRole('button', { name: 'Cancel', exact: true }).click();
    await waitForStatus(reply, 'error');
    const error = reply.locator('[data-part="error"]');
    assert.equal(await error.getAttribute('data-code'), '1302');
    assert.equal(await reply.getByRole('button', { name: 'Retry', exact: true }).isEnabled(), true);
    await sleep(2500);
    assert.equal((await h.mock.chatRequests()).length, 1, 'no try after Cancel');
    assert.equal(await notice.count(), 0);
  });

  it('errors that a retry cannot fix are never retried', async () => {
    const app = await h.open({ allowConsole: [rateLimited, /status of 400/, /status of 401/] });
    await watchRetryNotices(app.page);
    for (const [tag, code] of [['#1113', '1113'], ['#1301', '1301'], ['#401', '1002']]) {
      await h.mock.clearRequests();
      const reply = await app.sendAndWait(`No retry ${tag}`, { status: 'error' });
      assert.equal(await reply.locator('[data-part="error"]').getAttribute('data-code'), code);
      await sleep(1200);
      assert.equal((await h.mock.chatRequests()).length, 1, `${tag} is sent once`);
    }
    assert.deepEqual(await app.page.evaluate(() => window.__retryTexts), [], 'no retry notice was ever shown');
  });

  it('a server error that persists is tried three times, then shown', async () => {
    const app = await h.open({ allowConsole: [/status of 503/] });
    const reply = await app.sendAndWait('Down? #503', { status: 'error' });
    assert.equal(await reply.locator('[data-part="error"]').getAttribute('data-code'), '503');
    assert.equal((await h.mock.chatRequests()).length, 3);
  });

  it('the notice is in Chinese for a Chinese interface', async () => {
    const app = await h.openZh({ allowConsole: [rateLimited] });
    await app.send('忙吗 #flaky 1 1');
    const notice = app.lastAssistant().locator('[data-part="retry"]');
    await notice.waitFor({ state: 'visible' });
    assert.match(await notice.innerText(), /1 秒后重试…（第 2 次，共 3 次）/);
    assert.equal(await notice.getByRole('button', { name: '取消', exact: true }).count(), 1);
    await waitFor(() => app.lastAssistant().getAttribute('data-status'), (s) => s === 'done', 'the answer after the retry');
  });
});
