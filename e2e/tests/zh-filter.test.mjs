// The Chinese UI (browser locale zh-CN): a #filter reply explains the moderation verdicts and the withheld answer
// in Chinese, streamed and not, while every data-* hook stays the same as in English.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness, shownText } from '../lib/harness.mjs';
import { MODES, openIn, checkMode } from '../lib/modes.mjs';

// Accessible names in the Chinese UI (src/i18n.rs, ZH): Settings, Stream responses, Close, Show anyway.
const ZH = { settings: '设置', stream: '流式输出', close: '关闭', showAnyway: '仍然显示' };
const CJK = /[\u4e00-\u9fff]/;
// English wording that must not leak into the Chinese warnings and notice.
const ENGLISH = /\b(moderation|flagged|withheld|reply|message|show anyway)\b/i;

describe('Chinese UI: content filter', { timeout: 90_000 }, () => {
  const h = useHarness();

  for (const mode of MODES) {
    it(`#filter in Chinese (${mode.name}): Chinese warnings, same data-* hooks`, async () => {
      const app = await openIn(h, mode, { locale: 'zh-CN', names: ZH });
      const reply = await app.sendAndWait('说点敏感的 #filter');
      await checkMode(h, mode);

      const filters = reply.locator('[data-part="content-filter"]');
      const hooks = await filters.evaluateAll((els) =>
        els.map((el) => ({ role: el.dataset.filterRole, level: el.dataset.filterLevel })),
      );
      assert.deepEqual(
        hooks,
        [
          { role: 'assistant', level: '1' },
          { role: 'user', level: '3' },
        ],
        'the same data-filter-role / data-filter-level hooks as in English',
      );
      const warnings = [];
      for (let i = 0; i < 2; i++) warnings.push((await shownText(filters.nth(i))).trim());
      for (const w of warnings) {
        assert.match(w, CJK, `the warning is in Chinese: ${JSON.stringify(w)}`);
        assert.doesNotMatch(w, ENGLISH, `no English in the warning: ${JSON.stringify(w)}`);
      }
      assert.notEqual(warnings[0], warnings[1], 'the two warnings say different things');

      const notice = reply.locator('[data-part="notice"][data-finish="sensitive"]');
      assert.equal(await notice.count(), 1, 'the same data-finish="sensitive" notice hook');
      const noticeText = (await shownText(notice)).trim();
      assert.match(noticeText, CJK, `the notice is in Chinese: ${JSON.stringify(noticeText)}`);
      assert.doesNotMatch(noticeText, ENGLISH, `no English in the notice: ${JSON.stringify(noticeText)}`);

      // The withheld answer is revealed with the Chinese "Show anyway" button.
      const content = reply.locator('[data-part="content"]');
      assert.equal(await content.isVisible(), false, 'the withheld answer is hidden at first');
      await notice.getByRole('button', { name: ZH.showAnyway, exact: true }).click();
      await content.waitFor({ state: 'visible', timeout: 5_000 });
      assert.match(await shownText(content), /Here is the beginning of an answer/, 'the answer is shown when asked');
      assert.equal(await reply.getAttribute('data-role'), 'assistant');
      assert.equal(await reply.getAttribute('data-status'), 'done');
    });
  }
});
