// Issue 5: function tools, MCP servers and knowledge bases are defined in Settings → Tools, validated at the field,
// switched on and off per conversation, and sent in `tools`; tool_stream where the model supports it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, waitForChatRequests } from '../lib/harness.mjs';

async function openTools(dialog) {
  const section = dialog.locator('details[data-section="tools"]');
  if (!(await section.evaluate((d) => d.open))) await section.locator(':scope > summary').click();
  return section;
}

/** The error message a field points at through aria-describedby, or '' when it has none. */
async function fieldError(input) {
  if ((await input.getAttribute('aria-invalid')) !== 'true') return '';
  const ids = (await input.getAttribute('aria-describedby')).split(/\s+/);
  const texts = await Promise.all(ids.map((id) => input.page().locator(`[id="${id}"]`).innerText()));
  return texts.join(' ');
}

const SCHEMA = '{"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}';

describe('tools', { timeout: 120_000 }, () => {
  const h = useHarness();

  it('function, MCP and retrieval entries are validated at the field and sent in tools', async () => {
    const app = await h.open();
    const dialog = await app.openSettings();
    await dialog.getByLabel('Model preset', { exact: true }).selectOption('glm-4.6');
    const tools = await openTools(dialog);

    await tools.getByRole('button', { name: 'Add function', exact: true }).click();
    const form = tools.locator('[data-part="tool-form"]');
    const name = form.getByLabel('Function name', { exact: true });
    const schema = form.getByLabel('Parameters (JSON schema)', { exact: true });
    await name.fill('get weather');
    await schema.fill('{"type": "array"}');
    await form.getByRole('button', { name: 'Save tool', exact: true }).click();
    assert.match(await fieldError(name), /letters, digits, _ or -/, 'a name with a space is refused');
    assert.match(await fieldError(form.getByLabel('Description', { exact: true })), /Required/);
    assert.match(await fieldError(schema), /JSON object schema/);
    await schema.fill('{"type": "object"');
    await form.getByRole('button', { name: 'Save tool', exact: true }).click();
    assert.match(await fieldError(schema), /not valid JSON/);
    assert.equal(await tools.locator('.gc-tool-row').count(), 0, 'nothing is saved while invalid');

    await name.fill('get_weather');
    await form.getByLabel('Description', { exact: true }).fill('The weather in a city.');
    await schema.fill(SCHEMA);
    await form.getByRole('button', { name: 'Save tool', exact: true }).click();
    await form.waitFor({ state: 'hidden' });

    await tools.getByRole('button', { name: 'Add MCP server', exact: true }).click();
    await form.getByRole('button', { name: 'Save tool', exact: true }).click();
    assert.match(await fieldError(form.getByLabel('Server label', { exact: true })), /Required/);
    await form.getByLabel('Server label', { exact: true }).fill('my_search');
    await form.getByLabel('Server URL', { exact: true }).fill('ftp://mcp.example.com');
    await form.getByLabel('Headers', { exact: true }).fill('no colon here');
    await form.getByRole('button', { name: 'Save tool', exact: true }).click();
    assert.match(await fieldError(form.getByLabel('Server URL', { exact: true })), /https?:\/\//);
    assert.match(await fieldError(form.getByLabel('Headers', { exact: true })), /Name: value/);
    await form.getByLabel('Server URL', { exact: true }).fill('https://mcp.example.com/sse');
    await form.getByLabel('Transport', { exact: true }).selectOption('sse');
    await form.getByLabel('Allowed tools', { exact: true }).fill('search, fetch');
    await form.getByLabel('Headers', { exact: true }).fill('X-Team: docs');
    await form.getByRole('button', { name: 'Save tool', exact: true }).click();
    await form.waitFor({ state: 'hidden' });

    await tools.getByRole('button', { name: 'Add knowledge base', exact: true }).click();
    await form.getByLabel('Knowledge base ID', { exact: true }).fill('kb-1001');
    await form.getByLabel('Prompt template', { exact: true }).fill('From {{knowledge}} answer {{question}}');
    await form.getByRole('button', { name: 'Save tool', exact: true }).click();
    await form.waitFor({ state: 'hidden' });

    // A second function with the same name is refused.
    await tools.getByRole('button', { name: 'Add function', exact: true }).click();
    await form.getByLabel('Function name', { exact: true }).fill('get_weather');
    await form.getByLabel('Description', { exact: true }).fill('Again');
    await form.getByRole('button', { name: 'Save tool', exact: true }).click();
    assert.match(await fieldError(form.getByLabel('Function name', { exact: true })), /already has this name/);
    await form.getByRole('button', { name: 'Cancel', exact: true }).click();

    await tools.getByRole('checkbox', { name: 'Stream tool calls (tool_stream)', exact: true }).check();
    await app.closeSettings();
    await app.sendAndWait('What is the weather in Beijing?');
    const [req] = await waitForChatRequests(h.mock, 1);
    assert.equal(req.body.tool_stream, true, 'glm-4.6 with streaming takes tool_stream');
    assert.deepEqual(req.body.tools, [
      {
        type: 'function',
        function: { name: 'get_weather', description: 'The weather in a city.', parameters: JSON.parse(SCHEMA) },
      },
      {
        type: 'mcp',
        mcp: {
          server_label: 'my_search',
          server_url: 'https://mcp.example.com/sse',
          transport_type: 'sse',
          allowed_tools: ['search', 'fetch'],
          headers: { 'X-Team': 'docs' },
        },
      },
      { type: 'retrieval', retrieval: { knowledge_id: 'kb-1001', prompt_template: 'From {{knowledge}} answer {{question}}' } },
    ]);
  });

  it('tools are switched on and off per conversation, and a saved function is editable', async () => {
    const app = await h.open();
    let dialog = await app.openSettings();
    let tools = await openTools(dialog);
    await tools.getByRole('button', { name: 'Add function', exact: true }).click();
    const form = tools.locator('[data-part="tool-form"]');
    await form.getByLabel('Function name', { exact: true }).fill('lookup');
    await form.getByLabel('Description', { exact: true }).fill('Looks things up.');
    await form.getByRole('button', { name: 'Save tool', exact: true }).click();
    await app.closeSettings();
    await app.sendAndWait('First conversation');

    // A second conversation switches the function off; the first keeps it on.
    await app.page.getByRole('button', { name: 'New chat', exact: true }).click();
    dialog = await app.openSettings();
    tools = await openTools(dialog);
    await tools.getByRole('checkbox', { name: 'Use lookup', exact: true }).uncheck();
    await app.closeSettings();
    await app.sendAndWait('Second conversation');
    let reqs = await waitForChatRequests(h.mock, 2);
    assert.equal(reqs[0].body.tools?.[0]?.function?.name, 'lookup');
    assert.equal(reqs[1].body.tools, undefined, 'switched off in the second conversation');

    await app.page.getByRole('navigation', { name: 'Conversations' }).getByText('First conversation').click();
    await app.lastAssistant().getByRole('button', { name: 'Regenerate', exact: true }).click();
    reqs = await waitForChatRequests(h.mock, 3);
    assert.equal(reqs[2].body.tools?.[0]?.function?.name, 'lookup', 'the first conversation still sends it');
    await app.page.waitForFunction(() => document.querySelectorAll('article[data-status="streaming"]').length === 0);

    // Edit: the saved entry opens in the editor; a rename is sent.
    dialog = await app.openSettings();
    tools = await openTools(dialog);
    await tools.getByRole('button', { name: 'Edit lookup', exact: true }).click();
    assert.equal(await form.getByLabel('Function name', { exact: true }).inputValue(), 'lookup');
    await form.getByLabel('Function name', { exact: true }).fill('find');
    await form.getByRole('button', { name: 'Save tool', exact: true }).click();
    await tools.getByRole('button', { name: 'Delete find', exact: true }).waitFor();
    await app.closeSettings();
    await app.sendAndWait('Renamed');
    reqs = await waitForChatRequests(h.mock, 4);
    assert.equal(reqs[3].body.tools?.[0]?.function?.name, 'find');
  });
});
