// Hostile model output (#xss: HTML, javascript: links, hostile search results, tool arguments, video URLs)
// is shown inertly: nothing runs, no unsafe element or URL reaches the DOM.
import { describe, it } from 'node:test';
import { useHarness } from '../lib/harness.mjs';
import { recordDialogs, checkInert } from '../lib/unsafe.mjs';

describe('hostile output', { timeout: 60_000 }, () => {
  const h = useHarness();

  it('#xss: nothing runs and nothing unsafe is rendered', async () => {
    const app = await h.open();
    const dialogs = recordDialogs(app.page);
    const reply = await app.sendAndWait('Show me the payloads #xss');
    await checkInert(app, reply, dialogs);
  });
});
