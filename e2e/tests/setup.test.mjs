// Issue 8: what an empty chat offers. With no key for BigModel or Z.ai, a short guided setup (choose the service,
// paste the key with a link to where to get one, start chatting); otherwise a welcome with example prompts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, waitFor, waitForStatus } from '../lib/harness.mjs';

/** A first visit whose saved endpoint is BigModel's, as on a site without the demo server. */
const officialEndpoint = async (app) => {
  await app.context.addInitScript(() => {
    if (!localStorage.getItem('glm-chat.settings')) {
      localStorage.setItem('glm-chat.settings', JSON.stringify({ base_url: 'https://open.bigmodel.cn/api/paas/v4' }));
    }
  });
};

const focusedLabel = (page) =>
  page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent.trim());

describe('guided setup and empty states', { timeout: 120_000 }, () => {
  const h = useHarness();

  it('no key yet: choose the service, paste the key, start chatting (keyboard only)', async () => {
    const app = await h.open({ onCreate: officialEndpoint });
    const { page } = app;
    const setup = page.getByRole('region', { name: 'Set up GLM Chat', exact: true });
    await setup.waitFor();
    const bigmodel = setup.getByRole('radio', { name: /BigModel/ });
    const zai = setup.getByRole('radio', { name: /Z\.ai/ });
    assert.equal(await bigmodel.isChecked(), true, 'the saved endpoint is chosen');
    const link = setup.getByRole('link', { name: /Create one on bigmodel\.cn/ });
    assert.equal(await link.getAttribute('href'), 'https://bigmodel.cn/usercenter/proj-mgmt/apikeys');
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.match(await link.getAttribute('rel'), /noopener/);

    // Keyboard: the radio group, then the key field, then Start.
    await bigmodel.focus();
    await page.keyboard.press('ArrowDown');
    await waitFor(() => zai.isChecked(), (c) => c, 'Z.ai chosen with the arrow key');
    await waitFor(
      () => page.evaluate(() => JSON.parse(localStorage.getItem('glm-chat.settings')).base_url),
      (b) => b === 'https://api.z.ai/api/paas/v4',
      'the Z.ai endpoint saved',
    );
    assert.equal(
      await setup.getByRole('link', { name: /Create one on z\.ai/ }).getAttribute('href'),
      'https://z.ai/manage-apikey/apikey-list',
    );
    const start = setup.getByRole('button', { name: 'Start chatting', exact: true });
    assert.equal(await start.isDisabled(), true, 'Start waits for a key');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.type), 'password', 'the key field is next');
    await page.keyboard.type('my.secret-key');
    await setup.getByRole('status').filter({ hasText: 'Saved in this browser.' }).waitFor();
    assert.equal(await setup.isVisible(), true, 'the setup stays while the key is typed');
    assert.equal(await page.evaluate(() => localStorage.getItem('glm-chat.api-key')), 'my.secret-key');
    await page.keyboard.press('Tab'); // the key link
    await page.keyboard.press('Tab');
    assert.equal(await focusedLabel(page), 'Start chatting');
    await page.keyboard.press('Enter');
    await setup.waitFor({ state: 'detached' });
    await waitFor(() => focusedLabel(page), (n) => n === 'Message', 'the message box focused');
    // The welcome now offers prompts for a real model.
    await page.getByRole('button', { name: 'Plan a relaxed three-day trip to Hangzhou', exact: true }).waitFor();

    await app.reload();
    assert.equal(await setup.count(), 0, 'no setup once there is a key');
    app.assertNoErrors();
  });

  it('the setup in Chinese, and the way back to the demo server', async () => {
    const app = await h.openZh({ onCreate: officialEndpoint });
    const setup = app.page.getByRole('region', { name: '设置 GLM 对话', exact: true });
    await setup.waitFor();
    for (const text of ['选择服务', '粘贴 API 密钥', '开始对话', '适用于中国大陆账号', '还没有密钥？在 bigmodel.cn 创建一个']) {
      assert.match(await setup.innerText(), new RegExp(text), `shows ${text}`);
    }
    await setup.getByRole('button', { name: '只是看看？改用本地演示服务器', exact: true }).click();
    await setup.waitFor({ state: 'detached' });
    // The demo server needs no key: its examples carry #tags, and one click sends one.
    await app.page.getByRole('button', { name: '展示一些公式 #math', exact: true }).click();
    const reply = app.assistantArticles().first();
    await waitForStatus(reply, 'done');
    assert.ok((await reply.locator('math').count()) > 3, 'the formulas are rendered');
  });

  it('keyless hosts and the demo server never show the setup; the welcome offers examples', async () => {
    const app = await h.open();
    // Wait for the welcome itself: `.gc-empty` also matches the notice shown while a slow load lasts.
    const examples = app.page.locator('.gc-example');
    await examples.first().waitFor();
    assert.equal(await app.page.locator('[data-part="setup"]').count(), 0);
    assert.equal(await examples.count(), 4);
    assert.match(await examples.first().textContent(), /#math/);
    // A conversation list with nothing in it says so.
    assert.match(
      await app.page.getByRole('navigation', { name: 'Conversations' }).innerText(),
      /No conversations yet/,
    );
  });
});
