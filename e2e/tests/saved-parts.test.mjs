// Issue 3, from saved conversations: every part of a reply (reasoning, citations, sources, content filter, tool
// calls, audio, video, usage, finish notices) renders the same after a reload as it did live, in both modes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, waitFor, waitForStatus } from '../lib/harness.mjs';
import { MODES, openIn } from '../lib/modes.mjs';
import { waitForStored } from '../lib/conversations.mjs';

/** What each part of each reply looks like: counts and the data-* hooks, read from the DOM. */
async function parts(app) {
  return app.page.locator('article[data-role="assistant"]').evaluateAll((articles) =>
    articles.map((a) => ({
      status: a.dataset.status,
      reasoning: a.querySelectorAll('[data-part="reasoning"]').length,
      refs: [...a.querySelectorAll('a[data-ref]')].map((x) => `${x.dataset.ref} ${x.getAttribute('href')}`),
      sources: [...a.querySelectorAll('[data-part="sources"] a')].map((x) => x.getAttribute('href')),
      filters: [...a.querySelectorAll('[data-part="content-filter"]')].map((f) => `${f.dataset.filterRole}/${f.dataset.filterLevel}`),
      tools: [...a.querySelectorAll('[data-part="tool-call"]')].map((t) => t.dataset.toolName),
      audio: a.querySelectorAll('[data-part="audio"] audio').length,
      video: [...a.querySelectorAll('[data-part="video"] video')].map((v) => v.getAttribute('poster')),
      usage: a.querySelector('[data-part="usage"]')?.textContent.trim() ?? '',
      notice: [...a.querySelectorAll('[data-part="notice"]')].map((n) => n.dataset.finish),
      content: a.querySelector('[data-part="content"]')?.textContent.trim().slice(0, 200) ?? '',
    })),
  );
}

describe('replies reopened from storage', { timeout: 180_000 }, () => {
  const h = useHarness();

  for (const mode of MODES) {
    it(`every part renders the same after a reload (${mode.name})`, async () => {
      // The mock's media links point at hosts this machine cannot reach.
      const app = await openIn(h, mode, { allowConsole: [/Failed to load resource/] });
      const tags = ['#showcase', '#tool', '#audio', '#video', '#usage', '#length', '#filter'];
      for (const tag of tags) {
        await app.send(`Show ${tag}`);
        await waitFor(() => app.assistantArticles().count(), (n) => n >= tags.indexOf(tag) + 1, 'the reply appears');
        await waitForStatus(app.lastAssistant(), 'done');
      }
      const live = await parts(app);
      assert.equal(live.length, tags.length);
      assert.ok(live[0].refs.length > 0 && live[0].sources.length > 0 && live[0].filters.length > 0 && live[0].reasoning === 1, 'showcase has it all');
      assert.ok(live[1].tools.length > 0 && live[2].audio === 1 && live[3].video.length > 0, 'tool, audio and video parts');
      assert.ok(live[5].notice.includes('length'), 'the length notice');
      await waitForStored(
        app,
        ([c]) => c && c.messages.filter((m) => m.body.role === 'assistant' && m.body.reply.status === 'done').length === tags.length,
        'every reply saved',
      );

      await app.reload();
      await waitFor(() => app.assistantArticles().count(), (n) => n === tags.length, 'the conversation is back');
      const saved = await parts(app);
      assert.deepEqual(saved, live, 'the saved replies render exactly as the live ones did');
    });
  }
});
