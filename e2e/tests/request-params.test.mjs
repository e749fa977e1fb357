// Issue 5: every request parameter is reachable from Settings, shows the model's documented default and range,
// reaches the request body exactly, is refused at the field when invalid (and then nothing is sent), and only
// what the model accepts is sent.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, waitFor, waitForChatRequests, shownText } from '../lib/harness.mjs';

/** Opens a collapsed section of the settings dialog (Parameters, Tools). */
async function openSection(dialog, name) {
  const section = dialog.locator(`details[data-section="${name}"]`);
  if (!(await section.evaluate((d) => d.open))) await section.locator(':scope > summary').click();
  return section;
}

async function pickModel(dialog, id) {
  await dialog.getByLabel('Model preset', { exact: true }).selectOption(id);
  assert.equal(await dialog.getByLabel('Model', { exact: true }).inputValue(), id, 'the preset fills the model id');
}

/** The error message a field points at through aria-describedby, or '' when it has none. */
async function fieldError(input) {
  if ((await input.getAttribute('aria-invalid')) !== 'true') return '';
  const ids = (await input.getAttribute('aria-describedby')).split(/\s+/);
  const texts = await Promise.all(ids.map((id) => input.page().locator(`[id="${id}"]`).innerText()));
  return texts.join(' ');
}

describe('request parameters', { timeout: 120_000 }, () => {
  const h = useHarness();

  it('the model picker groups presets by kind and takes any other id', async () => {
    const app = await h.open();
    const dialog = await app.openSettings();
    const preset = dialog.getByLabel('Model preset', { exact: true });
    const groups = await preset.locator('optgroup').evaluateAll((gs) =>
      gs.map((g) => [g.label, [...g.querySelectorAll('option')].map((o) => o.value)]),
    );
    assert.deepEqual(groups, [
      ['Text', ['glm-4.6', 'glm-4.5', 'glm-4.5-air', 'glm-4.5-flash', 'glm-4-plus', 'glm-4-flash-250414']],
      ['Vision', ['glm-4.5v', 'glm-4.6v']],
      ['Voice', ['glm-4-voice']],
    ]);
    await dialog.getByLabel('Model', { exact: true }).fill('glm-4.7-preview');
    assert.match(await preset.inputValue(), /^$/, 'an id that is not a preset shows as Other');
    assert.match(await shownText(dialog.locator('[data-part="model-kind"]')), /Text model.*thinking.*tool_stream/);
    await app.closeSettings();
    await app.sendAndWait('Hello other model');
    const [req] = await waitForChatRequests(h.mock, 1);
    assert.equal(req.body.model, 'glm-4.7-preview');
  });

  it('each parameter reaches the body; defaults and ranges come from the model', async () => {
    const app = await h.open();
    let dialog = await app.openSettings();
    await pickModel(dialog, 'glm-4.5');
    const params = await openSection(dialog, 'parameters');
    const temperature = params.getByLabel('Temperature', { exact: true });
    assert.equal(await temperature.getAttribute('placeholder'), 'default 0.6', 'GLM-4.5 documents 0.6');
    assert.equal(await params.getByLabel('Max tokens', { exact: true }).getAttribute('placeholder'), 'default 65536');
    await pickModel(dialog, 'glm-4.6');
    assert.equal(await temperature.getAttribute('placeholder'), 'default 1', 'GLM-4.6 documents 1.0');
    assert.equal(await params.getByLabel('Top P', { exact: true }).getAttribute('placeholder'), 'default 0.95');
    assert.match(await shownText(params.locator('[data-param="max_tokens"] small').first()), /1 – 131072/);

    await temperature.fill('0.3');
    await params.getByLabel('Top P', { exact: true }).fill('0.8');
    await params.getByLabel('Max tokens', { exact: true }).fill('2048');
    await params.getByLabel('Stop word', { exact: true }).fill('\\n\\nEND');
    await params.getByLabel('Response format', { exact: true }).selectOption('json_object');
    await params.getByLabel('User ID', { exact: true }).fill('user-12345');
    await params.getByRole('checkbox', { name: 'Send a request ID', exact: true }).check();
    await params.getByLabel('Request ID prefix', { exact: true }).fill('e2e-');
    await app.closeSettings();

    const reply = await app.sendAndWait('Forecast please #json');
    let [req] = await waitForChatRequests(h.mock, 1);
    const b = req.body;
    assert.equal(b.model, 'glm-4.6');
    assert.equal(b.temperature, 0.3);
    assert.equal(b.top_p, 0.8);
    assert.equal(b.max_tokens, 2048);
    assert.deepEqual(b.stop, ['\n\nEND'], 'one stop word, the escape turned into line breaks');
    assert.deepEqual(b.response_format, { type: 'json_object' });
    assert.equal(b.user_id, 'user-12345');
    assert.match(b.request_id, /^e2e-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(b.do_sample, undefined, 'do_sample on is the default and is not sent');
    assert.deepEqual(b.thinking, { type: 'enabled' });

    // A JSON answer is shown indented, as a json code block.
    const code = reply.locator('[data-part="content"] .gc-code');
    await code.waitFor({ state: 'visible' });
    assert.match(await shownText(code.locator('.gc-code-head')), /json/);
    assert.match(await shownText(code.locator('pre')), /\{\n {2}"city": "Beijing",\n {2}"date"/);

    // Every request gets its own id; do_sample off is sent and drops temperature and top_p.
    dialog = await app.openSettings();
    await (await openSection(dialog, 'parameters')).getByRole('checkbox', { name: 'Sample (do_sample)', exact: true }).uncheck();
    await app.closeSettings();
    await app.sendAndWait('Again #json');
    const second = (await waitForChatRequests(h.mock, 2))[1].body;
    assert.notEqual(second.request_id, b.request_id, 'a fresh request_id per request');
    assert.equal(second.do_sample, false);
    assert.equal(second.temperature, undefined);
    assert.equal(second.top_p, undefined);
    assert.equal(second.max_tokens, 2048);
  });

  it('invalid values are refused at the field and nothing is sent until they are fixed', async () => {
    const app = await h.open();
    let dialog = await app.openSettings();
    let params = await openSection(dialog, 'parameters');
    const cases = [
      ['Temperature', '1.01', '1', /between 0 and 1/],
      ['Top P', '0', '0.01', /between 0.01 and 1/],
      ['User ID', '12345', '123456', /at least 6/],
      ['Stop word', 'x'.repeat(101), 'x'.repeat(100), /at most 100/],
    ];
    for (const [label, bad, good, message] of cases) {
      const input = params.getByLabel(label, { exact: true });
      await input.fill(bad);
      assert.match(await fieldError(input), message, `${label} ${bad} is refused with a message`);
      await input.fill(good);
      assert.equal(await fieldError(input), '', `${label} ${good.slice(0, 10)} is accepted`);
    }
    await params.getByLabel('User ID', { exact: true }).fill('u'.repeat(129));
    assert.match(await fieldError(params.getByLabel('User ID', { exact: true })), /at most 128/);
    await params.getByLabel('User ID', { exact: true }).fill('');

    // max_tokens follows the model's limit: 4095 for glm-4-plus.
    await pickModel(dialog, 'glm-4-plus');
    const max = params.getByLabel('Max tokens', { exact: true });
    await max.fill('4096');
    assert.match(await fieldError(max), /from 1 to 4095/);
    await max.fill('4095');
    assert.equal(await fieldError(max), '');
    await max.fill('0');
    assert.match(await fieldError(max), /from 1 to 4095/);

    // Closing with a field still invalid: the next send is refused, visibly, and never reaches the server.
    await params.getByLabel('Temperature', { exact: true }).fill('1.5');
    await app.closeSettings();
    const reply = await app.sendAndWait('Hello with a bad temperature', { status: 'error' });
    const error = reply.locator('[data-part="error"]');
    assert.equal(await error.getAttribute('data-code'), 'invalid_params');
    assert.match(await shownText(error), /Not sent.*\n?.*Temperature/s);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await h.mock.chatRequests()).length, 0, 'nothing was sent');

    // The error's Settings button opens the dialog, where the Parameters section is open at the bad field;
    // fixing it and pressing Retry sends the fix.
    await error.getByRole('button', { name: 'Settings', exact: true }).click();
    dialog = app.settingsDialog();
    await dialog.waitFor({ state: 'visible' });
    params = dialog.locator('details[data-section="parameters"]');
    assert.equal(await params.evaluate((d) => d.open), true, 'the section with the error is open');
    const temperature = params.getByLabel('Temperature', { exact: true });
    assert.equal(await temperature.getAttribute('aria-invalid'), 'true');
    await temperature.fill('0.5');
    await max.fill('');
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await reply.getByRole('button', { name: 'Retry', exact: true }).click();
    await waitFor(() => reply.getAttribute('data-status'), (s) => s === 'done', 'the retried reply');
    const [req] = await waitForChatRequests(h.mock, 1);
    assert.equal(req.body.temperature, 0.5);
    assert.equal(req.body.model, 'glm-4-plus');
  });

  it('a bad request-id prefix blocks sending only while request ids are on', async () => {
    const app = await h.open();
    const dialog = await app.openSettings();
    const params = await openSection(dialog, 'parameters');
    const ids = params.getByRole('checkbox', { name: 'Send a request ID', exact: true });
    await ids.check();
    const prefix = params.getByLabel('Request ID prefix', { exact: true });
    await prefix.fill('my prefix');
    assert.match(await fieldError(prefix), /letters, digits, _ and -/);
    await ids.uncheck();
    await app.closeSettings();
    await app.sendAndWait('Ids are off');
    const [req] = await waitForChatRequests(h.mock, 1);
    assert.equal(req.body.request_id, undefined);
  });

  it('controls follow the model kind, and what a model does not accept is not sent', async () => {
    const app = await h.open();
    let dialog = await app.openSettings();
    const params = await openSection(dialog, 'parameters');
    await params.getByLabel('Response format', { exact: true }).selectOption('json_object');
    await (await openSection(dialog, 'tools')).getByRole('button', { name: 'Add MCP server', exact: true }).waitFor();

    // glm-4-plus: no thinking (GLM-4.5 and later only), response_format still offered.
    await pickModel(dialog, 'glm-4-plus');
    assert.equal(await dialog.getByRole('checkbox', { name: 'Thinking', exact: true }).count(), 0, 'no Thinking switch');
    assert.equal(await dialog.getByRole('checkbox', { name: 'Stream tool calls (tool_stream)', exact: true }).count(), 0);
    assert.equal(await params.getByRole('combobox', { name: 'Response format', exact: true }).count(), 1);
    await app.closeSettings();
    await app.sendAndWait('Hello plus');
    let body = (await waitForChatRequests(h.mock, 1))[0].body;
    assert.equal(body.thinking, undefined, 'thinking is not sent to glm-4-plus');
    assert.deepEqual(body.response_format, { type: 'json_object' });

    // A vision model: no response_format, no web search, no built-in tools; thinking is back.
    dialog = await app.openSettings();
    await pickModel(dialog, 'glm-4.5v');
    assert.equal(await params.getByRole('combobox', { name: 'Response format', exact: true }).count(), 0, 'text models only');
    assert.equal(await dialog.getByRole('checkbox', { name: 'Web search', exact: true }).count(), 0);
    assert.equal(await dialog.getByRole('button', { name: 'Add MCP server', exact: true }).count(), 0);
    assert.equal(await dialog.getByRole('checkbox', { name: 'Thinking', exact: true }).count(), 1);
    assert.equal(await params.getByLabel('Temperature', { exact: true }).getAttribute('placeholder'), 'default 0.8');
    await app.closeSettings();
    await app.sendAndWait('Hello vision');
    body = (await waitForChatRequests(h.mock, 2))[1].body;
    assert.equal(body.model, 'glm-4.5v');
    assert.equal(body.response_format, undefined, 'response_format is not sent to a vision model');
    assert.deepEqual(body.thinking, { type: 'enabled' });
  });
});
