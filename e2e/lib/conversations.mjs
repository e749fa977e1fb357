// Helpers for the saved-conversation tests: the sidebar, its items and the stored records.
import { waitFor, shownText } from './harness.mjs';

export const sidebar = (app) => app.page.getByRole('navigation', { name: 'Conversations', exact: true });

/** The titles in the conversation list, top to bottom. */
export async function titles(app) {
  return sidebar(app)
    .locator('.gc-conv-item .gc-conv-title')
    .evaluateAll((els) => els.map((e) => e.textContent.trim()));
}

export async function waitForTitles(app, ok, what, timeout = 10_000) {
  return waitFor(() => titles(app), ok, what, { timeout });
}

/** The list item whose title is `title`. */
export const item = (app, title) =>
  sidebar(app).locator('.gc-conv-item').filter({ has: app.page.locator('.gc-conv-title', { hasText: title }) });

export async function openConversation(app, title) {
  await item(app, title).locator('.gc-conversation').click();
}

/** The user messages on screen, as text. */
export async function userTexts(app) {
  // textContent, not innerText: messages use `content-visibility: auto`, and skipped content has no innerText.
  return app.page
    .locator('article[data-role="user"] [data-part="text"]')
    .evaluateAll((els) => els.map((e) => e.textContent.trim()));
}

/** Every record of the app's IndexedDB, as `{key, value}` (value is the stored JSON text). */
export async function storedRecords(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('glm-chat');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('conversations', 'readonly');
          const store = tx.objectStore('conversations');
          const keys = store.getAllKeys();
          const values = store.getAll();
          tx.oncomplete = () => {
            db.close();
            resolve(keys.result.map((key, i) => ({ key, value: values.result[i] })));
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

/** Waits until the stored record of the conversation titled `title` satisfies `ok(conversation)`. */
export async function waitForStored(app, ok, what, timeout = 10_000) {
  return waitFor(
    async () =>
      (await storedRecords(app.page)).flatMap((r) => {
        try {
          const c = JSON.parse(r.value).conversation;
          return c ? [c] : [];
        } catch {
          return []; // a corrupt record (some tests plant them)
        }
      }),
    (list) => ok(list),
    what,
    { timeout },
  );
}

export { shownText };

/**
 * Writes conversations (glm_history records, schema 2) straight into the app's IndexedDB, once the app has created
 * it. Reload the page afterwards for the app to read them.
 */
export async function seedConversations(page, conversations) {
  await waitFor(
    () => page.evaluate(async () => (await indexedDB.databases()).some((d) => d.name === 'glm-chat')),
    (exists) => exists,
    'the app created its database',
  );
  await page.evaluate(
    (records) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('glm-chat');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('conversations', 'readwrite');
          for (const c of records) tx.objectStore('conversations').put(JSON.stringify({ schema: 2, conversation: c }), c.id);
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    conversations,
  );
}

/** A saved conversation of `n` messages, questions and answers in turn; `text(i)` gives message i (1-based). */
export function linearConversation(id, title, n, text = (i) => `Message ${i}`) {
  const messages = [];
  let parent = null;
  for (let i = 1; i <= n; i++) {
    const body = i % 2 ? { role: 'user', text: text(i) } : { role: 'assistant', reply: { content: text(i), status: 'done', finish: 'stop' } };
    messages.push({ id: `${id}-m${i}`, parent, created_ms: 1_700_000_000_000 + i, body });
    parent = `${id}-m${i}`;
  }
  return { id, title, created_ms: 1_700_000_000_000, updated_ms: 1_700_000_000_000 + n, messages, current_leaf: parent };
}
