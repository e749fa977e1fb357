// Journey 8: settings (API key, model, thinking, system prompt) survive a reload and shape the next request.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, waitForChatRequests, messageText } from '../lib/harness.mjs';

describe('settings', { timeout: 90_000 }, () => {
  const h = useHarness();

  it('the Settings dialog opens from its button and closes with Close and with Escape', async () => {
    const app = await h.open();
    let dialog = await app.openSettings();
    assert.equal(await dialog.isVisible(), true);
    await app.closeSettings();
    assert.equal(await app.settingsDialog().isVisible(), false, 'Close hides the dialog');

    dialog = await app.openSettings();
    await app.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: 5_000 });
    assert.equal(await app.settingsDialog().isVisible(), false, 'Escape hides the dialog');
  });

  it('key, model, thinking and system prompt survive a reload and are used for the next request', async () => {
    const app = await h.open();
    const systemPrompt = 'You are a terse assistant. Answer in one line.';
    let dialog = await app.openSettings();
    await dialog.getByLabel('API key', { exact: true }).fill('demo-key');
    await dialog.getByLabel('Model', { exact: true }).fill('glm-4.6');
    const thinking = dialog.getByRole('checkbox', { name: 'Thinking', exact: true });
    await thinking.uncheck();
    await dialog.getByLabel('System prompt', { exact: true }).fill(systemPrompt);
    await app.closeSettings();

    await app.reload();
    dialog = await app.openSettings();
    const keyInput = dialog.getByLabel('API key', { exact: true });
    assert.equal(await keyInput.inputValue(), 'demo-key', 'the API key is kept');
    assert.equal(await keyInput.getAttribute('type'), 'password', 'the API key is masked');
    assert.equal(await dialog.getByLabel('Model', { exact: true }).inputValue(), 'glm-4.6', 'the model is kept');
    assert.equal(
      await dialog.getByRole('checkbox', { name: 'Thinking', exact: true }).isChecked(),
      false,
      'thinking stays off',
    );
    assert.equal(await dialog.getByLabel('System prompt', { exact: true }).inputValue(), systemPrompt);
    await app.closeSettings();

    await app.sendAndWait('Hi again');
    const [req] = await waitForChatRequests(h.mock, 1);
    assert.equal(req.body.model, 'glm-4.6');
    assert.deepEqual(req.body.thinking?.type, 'disabled', 'thinking: {type: "disabled"} is sent');
    assert.equal(req.headers.authorization, 'Bearer demo-key');
    assert.equal(req.body.messages[0].role, 'system', 'the system prompt comes first');
    assert.equal(messageText(req.body.messages[0]), systemPrompt);
    assert.equal(messageText(req.body.messages.at(-1)), 'Hi again');
  });

  it('the API key field has a show/hide toggle', async () => {
    const app = await h.open();
    const dialog = await app.openSettings();
    const key = dialog.getByLabel('API key', { exact: true });
    await key.fill('demo-key');
    assert.equal(await key.getAttribute('type'), 'password');
    const name = /show|reveal|hide/i;
    const toggle = dialog
      .getByRole('button', { name })
      .or(dialog.getByRole('checkbox', { name }))
      .or(dialog.getByRole('switch', { name }))
      .first();
    assert.equal(await toggle.count(), 1, 'a show/hide button is next to the key');
    await toggle.click();
    assert.equal(await key.getAttribute('type'), 'text', 'the key is shown after the toggle');
    await toggle.click();
    assert.equal(await key.getAttribute('type'), 'password', 'and hidden again');
  });
});
