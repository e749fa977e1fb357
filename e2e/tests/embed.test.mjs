// The widget in someone else's page: one script tag (glm-chat-embed.js, from the app's origin) and <glm-chat>
// elements in a page on another origin with hostile global CSS. It renders as itself, chats in both modes, keeps
// each widget's conversation and storage apart, and leaves the host page's DOM, styles and storage untouched.
// The JS API (mount, send, events, unmount) and the example page in examples/ are covered too.
import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, ROOT, launchBrowser, startMock, waitFor, waitForChatRequests, waitForStatus, shownText, messageText } from '../lib/harness.mjs';
import { startPages } from '../lib/hosting.mjs';

const HOSTILE_CSS = `
  html { font-size: 10px !important; }
  * { font-family: "Comic Sans MS", cursive !important; letter-spacing: 3px !important; text-transform: uppercase !important;
      color: rgb(255, 0, 255) !important; box-sizing: content-box !important; line-height: 3 !important; }
  body { word-spacing: 12px; text-align: right; font-style: italic; }
  div, section, article, main, nav, header, form, p, ul, li, aside, span {
      margin: 22px !important; padding: 18px !important; border: 3px dashed red !important; background: yellow !important; }
  button, textarea, input, select { all: unset; background: black !important; color: yellow !important; font-size: 40px !important; }
  svg { width: 300px !important; height: 300px !important; }
  dialog { display: none !important; }
  [hidden] { display: block !important; }
  [class^="gc-"], .gc-app, .gc-send { outline: 5px solid lime !important; transform: rotate(3deg) !important; }
  .chat-box { height: 560px; }
  #docs { --gc-accent: rgb(15, 118, 110); }
`;

/** Host elements named like the widget's own, to show its CSS does not reach them. */
const PROBES = `
  <div class="gc-app" id="probe-app">host div named gc-app</div>
  <button class="gc-send" id="probe-send" type="button">host button named gc-send</button>
  <p class="gc-embed-root gc-launcher-panel" id="probe-root" hidden>host paragraph</p>
  <textarea class="gc-input" id="probe-input">host textarea</textarea>`;

function hostPage({ widget, api, withWidget = true }) {
  return `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<title>Fremde Seite</title>
<script>
  localStorage.setItem('settings', 'host settings');
  localStorage.setItem('api-key', 'host key');
  localStorage.setItem('glm-chat.settings', 'host owned');
</script>
${withWidget ? `<script type="module" src="${widget}"></script>` : ''}
<style>${HOSTILE_CSS}</style>
</head>
<body>
<h1>Eine fremde Seite</h1>
${PROBES}
<div class="chat-box">
  <glm-chat id="docs" mode="inline" endpoint="${api}" model="glm-4.6" system-prompt="Answer in one line." key-storage="none"></glm-chat>
</div>
<glm-chat id="support" mode="launcher" endpoint="${api}" key-storage="none"></glm-chat>
</body>
</html>`;
}

function apiPage({ widget, api }) {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>JS API</title>
<style>#slot { height: 520px; }</style></head>
<body>
<div id="slot"><p id="light">light DOM child</p></div>
<script type="module">
  import { mount } from '${widget}';
  window.events = [];
  window.domEvents = [];
  document.addEventListener('glm-chat-message', (e) => domEvents.push(['message', e.target.id, e.detail]));
  document.addEventListener('glm-chat-error', (e) => domEvents.push(['error', e.target.id, e.detail]));
  window.mountChat = (options) => mount(document.getElementById('slot'), {
    endpoint: '${api}',
    widgetId: 'api',
    onMessage: (d) => events.push(['message', d]),
    onError: (d) => events.push(['error', d]),
    ...options,
  });
  window.chat = await window.mountChat({ keyStorage: 'none' });
  window.ready = true;
</script>
</body>
</html>`;
}

describe('the embedded widget in a foreign page', { timeout: 180_000 }, () => {
  let mock;
  let pages;
  let browser;
  let opened = [];

  before(async () => {
    mock = await startMock({ key: null });
    const widget = `${mock.origin}/glm-chat-embed.js`;
    const api = mock.apiBase;
    const example = readFileSync(join(ROOT, 'examples', 'embed.html'), 'utf8').replaceAll('http://127.0.0.1:8787', mock.origin);
    pages = await startPages({
      '/hostile.html': hostPage({ widget, api }),
      '/reference.html': hostPage({ widget, api, withWidget: false }),
      '/api.html': apiPage({ widget, api }),
      '/example.html': example,
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close().catch(() => {});
    await pages?.stop();
    await mock?.stop();
  });
  afterEach(async () => {
    const apps = opened;
    opened = [];
    for (const app of apps) await app.close();
    for (const app of apps) app.assertNoErrors();
    await mock.clearRequests();
  });

  /** Opens `url` in a fresh context, failing the test on page errors and console errors. */
  async function open(url, { viewport, allowConsole = [], beforeGoto } = {}) {
    const context = await browser.newContext({ locale: 'en-US', viewport });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const app = new App(context, page, mock, allowConsole);
    opened.push(app);
    await beforeGoto?.(page);
    await page.goto(url);
    return app;
  }

  /** The widget `id`'s message box once the widget has mounted. */
  async function mounted(page, id) {
    const box = page.locator(`#${id}`).getByRole('textbox', { name: 'Message', exact: true });
    await page.waitForFunction((i) => !!document.getElementById(i)?.shadowRoot?.querySelector('.gc-app'), id, { timeout: 20_000 });
    return box;
  }

  async function chat(widget, text) {
    const before = await widget.locator('article[data-role="assistant"]').count();
    const box = widget.getByRole('textbox', { name: 'Message', exact: true });
    await box.fill(text);
    await box.press('Enter');
    const reply = widget.locator('article[data-role="assistant"]').nth(before);
    await waitForStatus(reply, 'done');
    return reply;
  }

  /** Computed styles a visitor would notice, for elements of the host page (by id) or of a widget. */
  const look = (el) => {
    const s = getComputedStyle(el);
    const keys = ['display', 'position', 'color', 'background-color', 'font-family', 'font-size', 'font-style',
      'letter-spacing', 'text-transform', 'line-height', 'margin', 'padding', 'border', 'width', 'height',
      'outline', 'transform', 'box-shadow', 'border-radius', 'z-index', 'visibility'];
    return Object.fromEntries(keys.map((k) => [k, s.getPropertyValue(k)]));
  };

  it('renders as itself despite the hostile CSS, and themes through custom properties', async () => {
    // The full page, for what the widget should look like.
    const full = await open(mock.url);
    await full.waitForMount();
    const fullLook = await full.page.evaluate(() => {
      const pick = (sel) => {
        const s = getComputedStyle(document.querySelector(sel));
        return { font: s.fontFamily, size: s.fontSize, spacing: s.letterSpacing, transform: s.textTransform, bg: s.backgroundColor, color: s.color };
      };
      return { title: pick('.gc-title'), input: pick('.gc-input'), send: pick('.gc-send') };
    });

    const { page } = await open(pages.url('/hostile.html'));
    await mounted(page, 'docs');
    await mounted(page, 'support');
    const widgetLook = (id) =>
      page.evaluate((i) => {
        const root = document.getElementById(i).shadowRoot;
        const pick = (sel) => {
          const s = getComputedStyle(root.querySelector(sel));
          return { font: s.fontFamily, size: s.fontSize, spacing: s.letterSpacing, transform: s.textTransform, bg: s.backgroundColor, color: s.color };
        };
        return { title: pick('.gc-title'), input: pick('.gc-input'), send: pick('.gc-send') };
      }, id);
    const support = await widgetLook('support');
    const docs = await widgetLook('docs');
    assert.deepEqual(support, fullLook, 'the launcher widget looks exactly like the full page');
    assert.deepEqual({ ...docs, send: { ...docs.send, bg: fullLook.send.bg } }, fullLook, 'so does the inline one…');
    assert.equal(docs.send.bg, 'rgb(15, 118, 110)', '…except for the accent colour its host chose');
    assert.doesNotMatch(support.input.font, /Comic/);

    // Inline fills its container (560 px); the launcher takes no room in the page.
    const docsBox = await page.locator('#docs').boundingBox();
    assert.ok(Math.abs(docsBox.height - 560) < 2, `inline widget height ${docsBox.height}`);
    const app = await page.locator('#docs').locator('.gc-app').boundingBox();
    assert.ok(Math.abs(app.height - 560) < 2 && Math.abs(app.width - docsBox.width) < 2, 'the app fills the widget');
    assert.equal((await page.locator('#support').boundingBox())?.height ?? 0, 0);
    await assert.doesNotReject(page.locator('#docs').getByRole('button', { name: 'Send', exact: true }).waitFor());
  });

  it('chats in both modes; each widget keeps its own conversation and storage', async () => {
    const { page } = await open(pages.url('/hostile.html'), { viewport: { width: 1280, height: 800 } });
    const docs = page.locator('#docs');
    const support = page.locator('#support');
    await mounted(page, 'docs');
    await mounted(page, 'support');

    // Inline.
    const reply = await chat(docs, 'Hello from the inline widget');
    assert.ok((await shownText(reply.locator('[data-part="content"]'))).trim().length > 0);

    // Launcher: a round button in the bottom-right corner; the panel opens on click, closes with Escape.
    const button = support.getByRole('button', { name: 'Open chat', exact: true });
    const box = await button.boundingBox();
    assert.ok(box.x + box.width > 1280 - 40 && box.y + box.height > 800 - 40, `button at ${JSON.stringify(box)}`);
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    assert.equal(await support.getByRole('textbox', { name: 'Message' }).isVisible(), false, 'the panel starts closed');
    await button.click();
    const message = support.getByRole('textbox', { name: 'Message', exact: true });
    await message.waitFor({ state: 'visible' });
    await waitFor(() => message.evaluate((el) => el.getRootNode().activeElement === el), Boolean, 'focus in the message box');
    const panel = await support.getByRole('region', { name: 'GLM Chat' }).boundingBox();
    assert.ok(panel.x + panel.width <= 1280 && panel.y >= 0 && panel.height > 300, `panel at ${JSON.stringify(panel)}`);
    await chat(support, 'Hello from the launcher');
    await page.keyboard.press('Escape');
    await message.waitFor({ state: 'hidden' });
    const close = support.getByRole('button', { name: 'Open chat', exact: true });
    assert.equal(await close.getAttribute('aria-expanded'), 'false');

    // Two conversations, one each; the launcher kept its messages while closed.
    assert.equal(await docs.locator('article[data-role="user"]').count(), 1);
    await close.click();
    assert.equal(await support.locator('article[data-role="user"]').count(), 1);
    assert.equal((await shownText(support.locator('article[data-role="user"] [data-part="text"]'))).trim(), 'Hello from the launcher');

    // What went out: the host's options, and no key at all.
    const requests = await waitForChatRequests(mock, 2);
    const fromDocs = requests.find((r) => messageText(r.body.messages.at(-1)) === 'Hello from the inline widget');
    assert.equal(fromDocs.body.model, 'glm-4.6', 'model from the attribute');
    assert.equal(fromDocs.body.messages[0].role, 'system');
    assert.equal(messageText(fromDocs.body.messages[0]), 'Answer in one line.');
    for (const r of requests) assert.equal(r.headers.authorization, undefined, 'key-storage="none" sends no key');

    // Settings: no key field when the host holds the key; the endpoint is the host's. A change in one widget's
    // settings stays in that widget.
    async function changeSetting(widget, name) {
      await widget.getByRole('button', { name: 'Settings', exact: true }).first().click();
      const dialog = widget.getByRole('dialog', { name: 'Settings' });
      await dialog.waitFor();
      assert.equal(await dialog.getByLabel('API key', { exact: true }).count(), 0, 'no key field');
      assert.equal(await dialog.getByLabel('API base URL', { exact: true }).inputValue(), mock.apiBase);
      await dialog.getByRole('checkbox', { name, exact: true }).click();
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
    }
    await changeSetting(docs, 'Web search');
    await changeSetting(support, 'Thinking'); // its panel is open

    // Storage: the host's keys as they were, each widget under its own namespace.
    const storage = await page.evaluate(() => Object.fromEntries(Object.entries(localStorage)));
    assert.equal(storage.settings, 'host settings');
    assert.equal(storage['api-key'], 'host key');
    assert.equal(storage['glm-chat.settings'], 'host owned');
    const docsSettings = JSON.parse(storage['glm-chat.docs.settings']);
    const supportSettings = JSON.parse(storage['glm-chat.support.settings']);
    assert.deepEqual([docsSettings.web_search, docsSettings.thinking], [true, true], 'glm-chat.docs.: its own change');
    assert.deepEqual([supportSettings.web_search, supportSettings.thinking], [false, false], 'glm-chat.support.: its own');
    const other = Object.keys(storage).filter(
      (k) => !['settings', 'api-key', 'glm-chat.settings'].includes(k) && !/^glm-chat\.(docs|support)\./.test(k),
    );
    assert.deepEqual(other, [], 'no other key was written');
    assert.ok(!Object.keys(storage).some((k) => k.endsWith('api-key') && k !== 'api-key'), 'no key stored');

    // Changing an attribute remounts the widget with it.
    await docs.evaluate((el) => el.setAttribute('model', 'glm-4.5-air'));
    await waitFor(() => docs.locator('.gc-model').textContent(), (t) => t === 'glm-4.5-air', 'the new model in the header');
  });

  it("leaves the host page's DOM and styles untouched", async () => {
    const reference = await open(pages.url('/reference.html'));
    const probe = async (page) =>
      page.evaluate(
        ([lookSource]) => {
          const look = new Function(`return (${lookSource})`)();
          const ids = ['probe-app', 'probe-send', 'probe-root', 'probe-input'];
          return {
            probes: Object.fromEntries(ids.map((id) => [id, look(document.getElementById(id))])),
            body: look(document.body),
            h1: look(document.querySelector('h1')),
            sheets: [...document.styleSheets].map((s) => s.ownerNode?.outerHTML.slice(0, 40)),
            adopted: document.adoptedStyleSheets.length,
            title: document.title,
          };
        },
        [look.toString()],
      );
    const before = await probe(reference.page);

    const { page } = await open(pages.url('/hostile.html'));
    await mounted(page, 'docs');
    await mounted(page, 'support');
    await chat(page.locator('#docs'), 'Does the page stay the same?');
    await page.locator('#support').getByRole('button', { name: 'Open chat' }).click();
    await page.locator('#support').getByRole('textbox', { name: 'Message' }).waitFor();
    const after = await probe(page);
    assert.deepEqual(after, before, 'every host element looks as it does without the widget');

    const source = await (await fetch(pages.url('/hostile.html'))).text();
    const same = await page.evaluate((html) => {
      const parsed = new DOMParser().parseFromString(html, 'text/html');
      return parsed.documentElement.outerHTML === document.documentElement.outerHTML;
    }, source);
    assert.ok(same, 'the light DOM is exactly the page as served: no node, attribute or style added');
  });

  it('has a JS API: mount, send, message and error events, unmount', async () => {
    const { page } = await open(pages.url('/api.html'), { allowConsole: [/status of 500/] });
    await page.waitForFunction(() => window.ready === true, null, { timeout: 20_000 });
    const slot = page.locator('#slot');

    assert.equal(await page.evaluate(() => window.chat.send('Hello, API')), true);
    const reply = slot.locator('article[data-role="assistant"]').first();
    await waitForStatus(reply, 'done');
    const events = () => page.evaluate(() => window.events);
    const list = await waitFor(events, (e) => e.length >= 2, 'two message events');
    assert.deepEqual(list[0], ['message', { role: 'user', text: 'Hello, API' }]);
    const [kind, detail] = list[1];
    assert.equal(kind, 'message');
    assert.equal(detail.role, 'assistant');
    assert.equal(detail.status, 'done');
    assert.equal(detail.finish, 'stop');
    const shown = await shownText(reply.locator('[data-part="content"]'));
    const words = detail.text.replace(/[#*_`>|[\]()-]/g, ' ').split(/\s+/).filter((w) => /^[A-Za-z]{5,}$/.test(w)).slice(0, 6);
    assert.ok(words.length > 2 && words.every((w) => shown.includes(w)), `the event carries the shown reply: ${words}`);
    const dom = await page.evaluate(() => window.domEvents);
    assert.deepEqual(dom.slice(0, 2).map(([k, id, d]) => [k, id, d.role]), [['message', 'slot', 'user'], ['message', 'slot', 'assistant']]);

    // One reply at a time: a second send while the first streams is refused, and the text is not lost to it.
    assert.equal(await page.evaluate(() => window.chat.send('#paced 20 10')), true);
    assert.equal(await page.evaluate(() => window.chat.send('too soon')), false);
    await waitFor(events, (e) => e.length >= 4, 'the paced reply to end');

    // Errors: what the visitor is shown, as data.
    await page.evaluate(() => {
      window.unsubscribed = [];
      const off = window.chat.on('error', (d) => window.unsubscribed.push(d.code));
      window.chat.on('error', (d) => window.unsubscribed.push(`kept ${d.code}`));
      off();
    });
    assert.equal(await page.evaluate(() => window.chat.send('#500')), true);
    const failed = await waitFor(events, (e) => e.some(([k]) => k === 'error'), 'an error event');
    const [, error] = failed.find(([k]) => k === 'error');
    assert.equal(error.code, '500');
    assert.equal(error.kind, 'server');
    const alert = slot.locator('[data-part="error"]');
    assert.equal(await alert.getAttribute('data-code'), '500');
    assert.match(await shownText(alert), new RegExp(error.message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.deepEqual(await page.evaluate(() => window.unsubscribed), ['kept 500'], 'on() returns a working unsubscribe');

    // Unmount: the widget is gone, the host's own content is as it was, nothing more is sent.
    await mock.clearRequests();
    await page.evaluate(() => window.chat.unmount());
    assert.equal(await page.evaluate(() => document.getElementById('slot').shadowRoot.childNodes.length), 0);
    assert.equal(await page.evaluate(() => document.getElementById('slot').innerHTML), '<p id="light">light DOM child</p>');
    assert.equal(await page.evaluate(() => window.chat.send('after unmount')), false);
    assert.equal((await mock.chatRequests()).length, 0);

    // Mounted again, with the key kept for this tab only: an official endpoint asks for a key, sends nothing,
    // and a key typed in goes to sessionStorage under the widget's namespace.
    await page.evaluate(async () => {
      window.chat = await window.mountChat({ endpoint: 'https://open.bigmodel.cn/api/paas/v4', keyStorage: 'session' });
    });
    assert.equal(await page.evaluate(() => window.chat.send('Hi')), true);
    const noKey = slot.locator('[data-part="error"]').last();
    await waitFor(() => noKey.getAttribute('data-code'), (c) => c === 'no_key', 'the no-key explanation');
    const last = await waitFor(events, (e) => e.at(-1)[0] === 'error' && e.at(-1)[1].code === 'no_key', 'a no_key error event');
    assert.equal(last.at(-1)[1].kind, 'auth');
    await noKey.getByRole('button', { name: 'Settings', exact: true }).click(); // the way the explanation offers
    const key = slot.getByRole('dialog', { name: 'Settings' }).getByLabel('API key', { exact: true });
    await key.fill('typed.key');
    await waitFor(
      () => page.evaluate(() => sessionStorage.getItem('glm-chat.api.api-key')),
      (v) => v === 'typed.key',
      'the key in sessionStorage under glm-chat.api.',
    );
    assert.equal(await page.evaluate(() => localStorage.getItem('glm-chat.api.api-key')), null, 'not in localStorage');
    assert.equal((await mock.chatRequests()).length, 0, 'nothing was sent without a key');
  });

  // What only a widget runs (its events for the host, the launcher) is a wasm chunk of its own, `widget`, fetched
  // before the widget starts; the app's own page never fetches it (chunks.test.mjs).
  it('a widget whose own part cannot be downloaded says so with Retry, then chats and sends its events', async () => {
    let blocked = true;
    const fetched = [];
    const { page } = await open(pages.url('/api.html'), {
      allowConsole: [/Failed to fetch|TypeError|net::ERR_FAILED|failed to load/i],
      beforeGoto: async (p) => {
        p.on('request', (r) => r.url().endsWith('.wasm') && fetched.push(new URL(r.url()).pathname));
        await p.route(/\/glm-chat-widget-[0-9a-f]{16}\.wasm$/, (route) => (blocked ? route.abort() : route.continue()));
      },
    });
    await page.waitForFunction(() => window.ready === true, null, { timeout: 20_000 });
    const slot = page.locator('#slot');
    const problem = slot.locator('[data-part="boot-error"]');
    await problem.waitFor();
    assert.match(await shownText(problem), /could not start.*Nothing is lost/s);
    assert.equal(await slot.getByRole('textbox', { name: 'Message', exact: true }).count(), 0, 'no half-working widget');
    assert.equal(await page.evaluate(() => window.chat.send('Lost?')), false, 'send() says it could not send');

    blocked = false;
    await problem.getByRole('button', { name: 'Retry', exact: true }).click();
    await slot.getByRole('textbox', { name: 'Message', exact: true }).waitFor();
    assert.ok(fetched.some((p) => /\/glm-chat-widget-/.test(p)), 'the widget chunk was fetched');
    assert.equal(await page.evaluate(() => window.chat.send('Hello after Retry')), true);
    await waitForStatus(slot.locator('article[data-role="assistant"]').first(), 'done');
    const list = await waitFor(() => page.evaluate(() => window.events), (e) => e.length >= 2, 'the two message events');
    assert.deepEqual(list[0], ['message', { role: 'user', text: 'Hello after Retry' }]);
    assert.equal(list[1][1].status, 'done');
  });

  it('the example page works, and on a phone the launcher takes the whole screen', async () => {
    const { page } = await open(pages.url('/example.html'), { viewport: { width: 390, height: 780 } });
    await mounted(page, 'docs-chat');
    await mounted(page, 'support');
    const docs = page.locator('#docs-chat');
    // A narrow inline widget uses the narrow layout: the conversation list is a drawer behind a button.
    assert.equal(await docs.getByRole('navigation', { name: 'Conversations' }).isVisible(), false);
    await docs.getByRole('button', { name: 'Show conversations' }).waitFor();
    await chat(docs, 'Hello from the example');
    await waitFor(() => page.locator('#events').innerText(), (t) => /docs-chat message\s+assistant/.test(t), 'the event log');

    await page.locator('#support').getByRole('button', { name: 'Open chat' }).click();
    const panel = page.locator('#support').getByRole('region', { name: 'GLM Chat' });
    await panel.waitFor();
    await page.waitForTimeout(250); // the opening animation
    const box = await panel.boundingBox();
    assert.deepEqual([box.x, box.y, box.width, box.height].map(Math.round), [0, 0, 390, 780]);
    const closeButton = page.locator('#support').getByRole('button', { name: 'Close chat' });
    const settings = page.locator('#support').getByRole('button', { name: 'Settings' });
    const [c, s] = [await closeButton.boundingBox(), await settings.boundingBox()];
    assert.ok(c.x >= s.x + s.width, 'the close button sits after the header, not over Settings');
    await closeButton.click();
    await panel.waitFor({ state: 'hidden' });
  });
});
