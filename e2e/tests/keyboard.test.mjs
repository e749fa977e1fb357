// Issue 8: keyboard-only use of the main journeys (new chat, send, stop, search, settings, switching conversation,
// the help dialog) and a draft kept per conversation.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, waitFor, waitForStatus, shownText } from '../lib/harness.mjs';
import { openConversation, waitForTitles } from '../lib/conversations.mjs';

const focusedName = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el ? el.getAttribute('aria-label') ?? el.textContent.trim() : '';
  });

describe('keyboard', { timeout: 120_000 }, () => {
  const h = useHarness();

  it('a keyboard-only journey: new chat, type, send, stop, search, settings, help', async () => {
    const app = await h.open();
    const { page } = app;
    const kb = page.keyboard;
    await page.locator('body').click({ position: { x: 1, y: 1 } });
    await kb.press('/');
    await waitFor(() => focusedName(page), (n) => n === 'Message', 'the composer focused by /');
    await kb.type('First question');
    await kb.press('Enter');
    await waitForStatus(app.assistantArticles().first(), 'done');

    await kb.press('Control+Shift+O');
    await waitFor(() => app.assistantArticles().count(), (n) => n === 0, 'an empty new chat');
    await waitFor(() => focusedName(page), (n) => n === 'Message', 'the composer focused after New chat');
    await kb.type('Tell me a long story #slow');
    await kb.press('Enter');
    const reply = app.assistantArticles().first();
    await waitForStatus(reply, 'streaming', 10_000);
    await waitFor(() => shownText(reply.locator('[data-part="content"]')), (t) => t.trim().length > 0, 'streamed text');
    await kb.press('Escape');
    await waitForStatus(reply, 'interrupted', 5_000);

    await kb.press('Control+K');
    await waitFor(() => focusedName(page), (n) => n === 'Search conversations', 'the search box focused');
    await kb.type('First');

    await kb.press('Shift+Escape');
    await waitFor(() => focusedName(page), (n) => n === 'Message', 'back in the composer');
    await kb.press('Control+,');
    const dialog = app.settingsDialog();
    await dialog.waitFor({ state: 'visible' });
    await kb.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await focusedName(page), 'Message', 'focus returns to where it was');

    // Escape while a dialog is open closes the dialog and leaves a streaming reply alone.
    await page.locator('body').click({ position: { x: 1, y: 1 } });
    await kb.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts', exact: true });
    await help.waitFor({ state: 'visible' });
    assert.match(await shownText(help), /Ctrl\/⌘ \+ K/);
    await kb.press('Escape');
    await help.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Keyboard shortcuts', exact: true }).click();
    await help.waitFor({ state: 'visible' });
    await help.getByRole('button', { name: 'Close', exact: true }).click();
    await help.waitFor({ state: 'hidden' });
    assert.equal(await focusedName(page), 'Keyboard shortcuts', 'focus returns to the opener');
    app.assertNoErrors();
  });

  it('keyboard only: change a setting in the dialog, then switch conversation through the search', async () => {
    const app = await h.open({ colorScheme: 'light' });
    const { page } = app;
    const kb = page.keyboard;
    await app.sendAndWait('Alpha topic');
    await kb.press('Control+Shift+O');
    await waitFor(() => focusedName(page), (n) => n === 'Message', 'the composer of a new chat');
    await kb.type('Beta topic');
    await kb.press('Enter');
    await waitForStatus(app.assistantArticles().first(), 'done');
    await waitForTitles(app, (t) => t.length === 2, 'two conversations');

    // Settings: Tab to Theme and choose Dark with the arrow keys; Escape closes and gives focus back.
    await kb.press('Control+,');
    const dialog = app.settingsDialog();
    await dialog.waitFor({ state: 'visible' });
    for (let i = 0; i < 40 && (await focusedName(page)) !== 'Theme'; i++) await kb.press('Tab');
    assert.equal(await focusedName(page), 'Theme', 'Tab reaches the Theme setting');
    await kb.press('ArrowDown');
    await kb.press('ArrowDown');
    await waitFor(() => page.locator('.gc-app').getAttribute('data-theme'), (t) => t === 'dark', 'the dark theme');
    await kb.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await focusedName(page), 'Message', 'focus is back in the message box');

    // Another conversation: Ctrl+K, type, Tab to the hit, Enter.
    await kb.press('Control+K');
    await waitFor(() => focusedName(page), (n) => n === 'Search conversations', 'the search box');
    await kb.type('Alpha');
    await page.locator('.gc-hit').first().waitFor();
    await kb.press('Tab');
    await kb.press('Enter');
    await waitFor(() => app.userArticles().first().textContent(), (t) => t.includes('Alpha topic'), 'the Alpha conversation');
    // Back in the composer with `/`, and the conversation goes on.
    await page.locator('body').click({ position: { x: 1, y: 1 } });
    await kb.press('/');
    await kb.type('And more');
    await kb.press('Enter');
    await waitFor(() => app.userArticles().count(), (n) => n === 2, 'a second message in Alpha');
    await waitForStatus(app.assistantArticles().nth(1), 'done');
    app.assertNoErrors();
  });

  it('on a phone, Ctrl+K opens the drawer and focuses the search', async () => {
    const app = await h.open({ viewport: { width: 360, height: 740 } });
    await app.page.keyboard.press('Control+K');
    const search = app.page.getByRole('searchbox', { name: 'Search conversations', exact: true });
    await waitFor(() => search.isVisible(), (v) => v, 'the drawer open');
    await waitFor(() => focusedName(app.page), (n) => n === 'Search conversations', 'the search box focused');
  });

  it('each conversation keeps its own draft, also across a reload', async () => {
    const app = await h.open();
    await app.sendAndWait('Alpha chat');
    await app.composer().fill('unsent in alpha');
    await app.page.getByRole('button', { name: 'New chat', exact: true }).click();
    await waitFor(() => app.composer().inputValue(), (v) => v === '', 'a new chat starts with an empty draft');
    await app.composer().fill('Beta chat');
    await app.sendButton().click();
    await waitForStatus(app.assistantArticles().first(), 'done');
    await waitForTitles(app, (t) => t.length === 2, 'two conversations');
    await app.composer().fill('unsent in beta');

    await openConversation(app, 'Alpha chat');
    await waitFor(() => app.composer().inputValue(), (v) => v === 'unsent in alpha', 'the alpha draft');
    await openConversation(app, 'Beta chat');
    await waitFor(() => app.composer().inputValue(), (v) => v === 'unsent in beta', 'the beta draft');
    await app.reload();
    await openConversation(app, 'Beta chat');
    await waitFor(() => app.composer().inputValue(), (v) => v === 'unsent in beta', 'the draft after a reload');
    await openConversation(app, 'Alpha chat');
    await waitFor(() => app.composer().inputValue(), (v) => v === 'unsent in alpha', 'the alpha draft after a reload');
  });
});
