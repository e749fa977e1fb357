// Issue 5: system-prompt presets are saved (optionally with the model and parameters), picked, updated and deleted,
// survive a reload, and stored presets that cannot be read neither break the app nor get overwritten unasked.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, waitForChatRequests, messageText } from '../lib/harness.mjs';

const KEY = 'glm-chat.prompt-presets';

describe('prompt presets', { timeout: 120_000 }, () => {
  const h = useHarness();

  it('save, pick, update and delete presets; they survive a reload and shape the request', async () => {
    const app = await h.open();
    let dialog = await app.openSettings();
    const prompt = dialog.getByLabel('System prompt', { exact: true });
    await prompt.fill('You are a pirate. Answer like one.');
    await dialog.getByLabel('Preset name', { exact: true }).fill('Pirate');
    await dialog.getByRole('button', { name: 'Save preset', exact: true }).click();
    await dialog.getByText('Preset saved.').waitFor();

    // A second preset with the model and its parameters.
    await dialog.getByLabel('Model preset', { exact: true }).selectOption('glm-4.6');
    await dialog.locator('details[data-section="parameters"] > summary').click();
    await dialog.getByLabel('Temperature', { exact: true }).fill('0.2');
    await prompt.fill('You are a careful translator.');
    await dialog.getByLabel('Preset name', { exact: true }).fill('Translator');
    await dialog.getByRole('checkbox', { name: 'Include model and parameters', exact: true }).check();
    await dialog.getByRole('button', { name: 'Save preset', exact: true }).click();
    await dialog.getByText('Preset saved.').waitFor();

    // Change everything, then reload: the presets are still there.
    await dialog.getByLabel('Model preset', { exact: true }).selectOption('glm-4.5-air');
    await dialog.getByLabel('Temperature', { exact: true }).fill('0.9');
    await prompt.fill('');
    await app.closeSettings();
    await app.reload();

    dialog = await app.openSettings();
    const picker = dialog.getByLabel('Prompt preset', { exact: true });
    assert.deepEqual(await picker.locator('option').allTextContents(), ['— none —', 'Pirate', 'Translator']);
    await picker.selectOption('Translator');
    assert.equal(await dialog.getByLabel('System prompt', { exact: true }).inputValue(), 'You are a careful translator.');
    assert.equal(await dialog.getByLabel('Model', { exact: true }).inputValue(), 'glm-4.6', 'the preset brought its model');
    await dialog.locator('details[data-section="parameters"] > summary').click();
    assert.equal(await dialog.getByLabel('Temperature', { exact: true }).inputValue(), '0.2', 'and its temperature');
    await app.closeSettings();
    await app.sendAndWait('Bonjour');
    let [req] = await waitForChatRequests(h.mock, 1);
    assert.equal(messageText(req.body.messages[0]), 'You are a careful translator.');
    assert.equal(req.body.model, 'glm-4.6');
    assert.equal(req.body.temperature, 0.2);

    // The prompt-only preset changes the prompt and nothing else.
    dialog = await app.openSettings();
    await dialog.getByLabel('Prompt preset', { exact: true }).selectOption('Pirate');
    assert.equal(await dialog.getByLabel('System prompt', { exact: true }).inputValue(), 'You are a pirate. Answer like one.');
    assert.equal(await dialog.getByLabel('Model', { exact: true }).inputValue(), 'glm-4.6');

    // Update: save again under the same name; delete: it is gone after a reload too.
    await dialog.getByLabel('System prompt', { exact: true }).fill('You are a polite pirate.');
    await dialog.getByRole('button', { name: 'Save preset', exact: true }).click();
    await dialog.getByText('Preset updated.').waitFor();
    await dialog.getByLabel('Prompt preset', { exact: true }).selectOption('Translator');
    await dialog.getByRole('button', { name: 'Delete preset', exact: true }).click();
    await dialog.getByText('Preset deleted.').waitFor();
    await app.closeSettings();
    await app.reload();
    dialog = await app.openSettings();
    assert.deepEqual(await dialog.getByLabel('Prompt preset', { exact: true }).locator('option').allTextContents(), [
      '— none —',
      'Pirate',
    ]);
    await dialog.getByLabel('Prompt preset', { exact: true }).selectOption('Pirate');
    assert.equal(await dialog.getByLabel('System prompt', { exact: true }).inputValue(), 'You are a polite pirate.');

    // A preset needs a name.
    await dialog.getByLabel('Preset name', { exact: true }).fill('   ');
    await dialog.getByRole('button', { name: 'Save preset', exact: true }).click();
    const name = dialog.getByLabel('Preset name', { exact: true });
    assert.equal(await name.getAttribute('aria-invalid'), 'true');
    const described = (await name.getAttribute('aria-describedby')).split(' ');
    assert.match(await app.page.locator(`[id="${described.at(-1)}"]`).innerText(), /Give the preset a name/);
  });

  it('unreadable stored presets do not break the app and are not overwritten unless the user says so', async () => {
    const app = await h.open();
    await app.page.evaluate((key) => localStorage.setItem(key, '{"format":"glm-chat-presets","version":1,"presets":[{bro'), KEY);
    await app.reload();
    const dialog = await app.openSettings();
    const warning = dialog.locator('.gc-presets-problem');
    await warning.waitFor({ state: 'visible' });
    assert.match(await warning.innerText(), /could not be read/);
    await dialog.getByLabel('System prompt', { exact: true }).fill('Be brief.');
    await dialog.getByLabel('Preset name', { exact: true }).fill('Brief');
    await dialog.getByRole('button', { name: 'Save preset', exact: true }).click();
    const stored = await app.page.evaluate((key) => localStorage.getItem(key), KEY);
    assert.equal(stored, '{"format":"glm-chat-presets","version":1,"presets":[{bro', 'the damaged value is left as it was');

    // The app still chats, with the prompt typed.
    await app.closeSettings();
    await app.sendAndWait('Still working?');
    const [req] = await waitForChatRequests(h.mock, 1);
    assert.equal(messageText(req.body.messages[0]), 'Be brief.');

    // Only an explicit "Start a new list" replaces it.
    await app.openSettings();
    await dialog.getByRole('button', { name: 'Start a new list (discards them)', exact: true }).click();
    await warning.waitFor({ state: 'hidden' });
    await dialog.getByRole('button', { name: 'Save preset', exact: true }).click();
    await dialog.getByText('Preset saved.').waitFor();
    const now = JSON.parse(await app.page.evaluate((key) => localStorage.getItem(key), KEY));
    assert.deepEqual(now.presets.map((p) => [p.name, p.system_prompt]), [['Brief', 'Be brief.']]);
  });
});
