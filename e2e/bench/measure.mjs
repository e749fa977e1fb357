// One function per benchmark figure. Each opens what it needs in a fresh browser context (cold HTTP cache, own
// storage), measures once, and returns plain numbers; bench.mjs repeats them and writes the report.
import { createServer } from 'node:http';
import { gzipSync, brotliCompressSync, constants as zlib } from 'node:zlib';
import { probe } from './probe.mjs';

const COMPOSER = 'textarea[aria-label="Message"]';
const ASSISTANT = 'article[data-role="assistant"]';

/** A page of the app with the probe installed, mounted and ready to type in. */
export async function openApp(browser, mock) {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  await context.addInitScript(probe);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(mock.url);
  await page.locator(COMPOSER).waitFor({ state: 'visible', timeout: 30_000 });
  await page.waitForFunction(() => window.__bench.composerAt > 0);
  return { context, page, errors, close: () => context.close().catch(() => {}) };
}

async function send(page, text) {
  const box = page.locator(COMPOSER);
  await box.fill(text);
  await box.press('Enter');
}

async function waitForReply(page, timeout) {
  await page.locator(`${ASSISTANT}[data-status="done"]`).waitFor({ state: 'attached', timeout });
  await page.waitForFunction(() => window.__bench.streams[0]?.endAt != null, null, { timeout });
  // Let the last frame paint and any straggling mutation land.
  await page.waitForTimeout(300);
}

// ---------------------------------------------------------------------------------------------------------------
// Bytes over the wire for a first visit.

/**
 * One response's size: `gzip` as sent (the build's precompressed copy, which the demo server sends as a host with
 * gzip_static would; a response sent uncompressed, gzipped at level 9), `gzip9` as a host compressing on the fly at
 * level 9 would send it, and `brotli` at quality 11.
 */
async function sized(r, origin) {
  const body = await r.body().catch(() => Buffer.alloc(0));
  const headers = r.headers();
  const gzip9 = gzipSync(body, { level: 9 }).length;
  const sent = headers['content-encoding'] === 'gzip' ? Number(headers['content-length']) : NaN;
  return {
    path: new URL(r.url()).pathname.replace(new URL(origin).pathname, '/'),
    type: headers['content-type'] ?? '',
    raw: body.length,
    gzip: Number.isFinite(sent) ? sent : gzip9,
    gzip9,
    brotli: brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/**
 * Every response of a first visit (the page open and idle, nothing touched), each compressed on its own; then what
 * the first message adds (the chunks that send, show and save it: the app loads them on first use). The chat
 * request itself is not counted.
 */
export async function firstVisitBytes(browser, mock) {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  const responses = [];
  page.on('response', (r) => responses.push(r));
  await page.goto(mock.url);
  await page.locator(COMPOSER).waitFor({ state: 'visible', timeout: 30_000 });
  await page.waitForLoadState('networkidle');
  const seen = new Set();
  const collect = async (list) => {
    const files = [];
    for (const r of list) {
      const url = r.url();
      // data: icons and the like cost no bytes on the wire; a file preloaded and then used is downloaded once.
      if (!url.startsWith(mock.origin) || seen.has(url) || url.includes('/chat/completions')) continue;
      seen.add(url);
      files.push(await sized(r, mock.url));
    }
    return files;
  };
  const files = await collect(responses.splice(0));
  await send(page, 'Hello');
  await page.locator(`${ASSISTANT}[data-status="done"]`).waitFor({ state: 'attached', timeout: 30_000 });
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(500);
  const firstMessage = await collect(responses.splice(0));
  await context.close();
  const sum = (list, k) => list.reduce((n, f) => n + f[k], 0);
  return {
    files,
    raw: sum(files, 'raw'),
    gzip: sum(files, 'gzip'),
    gzip9: sum(files, 'gzip9'),
    brotli: sum(files, 'brotli'),
    firstMessage: { files: firstMessage, gzip: sum(firstMessage, 'gzip'), raw: sum(firstMessage, 'raw') },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Cold start.

/** A local server with one tiny page: the baseline for cold start (the browser's own cost of a navigation). */
export async function startBlankServer() {
  const html = '<!doctype html><html lang="en"><meta charset="utf-8"><title>blank</title><p>Ready.</p></html>';
  const server = createServer((_, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}/`, stop: () => new Promise((ok) => server.close(ok)) };
}

/** Navigation start to the message box painted, in a fresh context (empty cache); and the blank page's first paint. */
export async function coldStart(browser, mock, blank) {
  const app = await openApp(browser, mock);
  const ready = await app.page.evaluate(() => window.__bench.composerAt);
  await app.close();

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(blank.url);
  const baseline = await page.evaluate(
    () =>
      new Promise((done) => {
        const find = () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
        const poll = () => (find() ? done(find()) : requestAnimationFrame(poll));
        poll();
      }),
  );
  await context.close();
  return { ready, baseline, readyCpu: await coldStartCpu(browser, mock) };
}

/**
 * A traced cold start (tracing slows it a little, so it is kept apart from the figure): the main-thread CPU time
 * of the page's renderer from navigation start to the message box painted, without the time it waited for a
 * busy CPU.
 */
async function coldStartCpu(browser, mock) {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  await context.addInitScript(probe);
  const page = await context.newPage();
  await browser.startTracing(page, {
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'],
  });
  await page.goto(mock.url);
  await page.waitForFunction(() => window.__bench.composerAt > 0);
  const ready = await page.evaluate(() => window.__bench.composerAt);
  const markAt = await page.evaluate(() => performance.mark('bench:sync').startTime);
  const tasks = mainThreadTasks(JSON.parse((await browser.stopTracing()).toString()), markAt);
  await context.close();
  return tasks.filter((t) => t.end > 0 && t.start < ready).reduce((sum, t) => sum + t.cpu, 0);
}

// ---------------------------------------------------------------------------------------------------------------
// Streams: what arrived when, decoded after the run.

/** The SSE frames of a recorded stream: per network read, its time and the answer text it carried. */
async function collectStream(page) {
  const raw = await page.evaluate(() => {
    const s = window.__bench.streams[0];
    const decoder = new TextDecoder();
    return {
      sentAt: s.sentAt,
      headersAt: s.headersAt,
      endAt: s.endAt,
      reads: s.reads.map(([t], i) => [t, decoder.decode(s.chunks[i], { stream: true })]),
    };
  });
  let pending = '';
  let content = '';
  const reads = [];
  for (const [t, text] of raw.reads) {
    pending += text;
    const frames = pending.split('\n\n');
    pending = frames.pop();
    let delta = '';
    for (const frame of frames) {
      const data = frame.replace(/^data: ?/, '');
      if (data === '[DONE]') continue;
      try {
        delta += JSON.parse(data).choices?.[0]?.delta?.content ?? '';
      } catch {
        /* not a JSON frame */
      }
    }
    content += delta;
    reads.push({ t, delta });
  }
  return { ...raw, reads, content };
}

/** The same request as the app's last one, read with `fetch` and parsed frame by frame, with no rendering. */
async function readWithoutRendering(page, mock) {
  const requests = await mock.chatRequests();
  const body = JSON.stringify(requests.at(-1).body);
  const url = `${mock.apiBase}/chat/completions`;
  return page.evaluate(
    async ({ url, body }) => {
      const start = performance.now();
      const res = await window.__bench.realFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let pending = '';
      let content = '';
      let firstByte = null;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        firstByte ??= performance.now();
        pending += decoder.decode(value, { stream: true });
        const frames = pending.split('\n\n');
        pending = frames.pop();
        for (const f of frames) {
          const data = f.slice(f.indexOf(':') + 1).trim();
          if (data !== '[DONE]') content += JSON.parse(data).choices?.[0]?.delta?.content ?? '';
        }
      }
      const end = performance.now();
      return { total: end - start, firstByteToEnd: end - firstByte, length: content.length };
    },
    { url, body },
  );
}

/** What the page shows once the reply is done: when it was final and painted, and a check that it is complete. */
async function finalScreen(page) {
  return page.evaluate((assistant) => {
    const b = window.__bench;
    const lastContent = b.contentMutations.at(-1) ?? 0;
    const finalDom = Math.max(b.doneAt ?? 0, lastContent);
    const article = [...document.querySelectorAll(assistant)].at(-1);
    const content = article?.querySelector('[data-part="content"]');
    return {
      finalDom,
      painted: b.paintedAfter(finalDom),
      status: article?.dataset.status,
      codeBlocks: content?.querySelectorAll('pre').length ?? 0,
      tables: content?.querySelectorAll('table').length ?? 0,
      textLength: content?.textContent.length ?? 0,
    };
  }, ASSISTANT);
}

/** Fences and table delimiter rows in the streamed Markdown: what a complete rendering must show. */
function expectedShape(markdown) {
  const lines = markdown.split('\n');
  return {
    // An unclosed fence at the end (the stream stopped inside a code block) is still a code block.
    codeBlocks: Math.ceil(lines.filter((l) => /^```/.test(l)).length / 2),
    tables: lines.filter((l) => /^\|[\s:|-]+\|$/.test(l) && l.includes('-')).length,
  };
}

function checkComplete(what, shown, markdown) {
  const want = expectedShape(markdown);
  if (shown.status !== 'done' || shown.codeBlocks !== want.codeBlocks || shown.tables !== want.tables) {
    throw new Error(
      `${what}: the reply on screen is not the whole stream (status ${shown.status}, ` +
        `${shown.codeBlocks}/${want.codeBlocks} code blocks, ${shown.tables}/${want.tables} tables)`,
    );
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Burst: N chunks written at once.

/**
 * `#burst n`: the last byte to the final text painted, the first byte to it (for the scaling figure), the send to
 * it, and the baseline: the same stream read and parsed with no rendering. With `memory`, also the JS heap (after a
 * forced garbage collection) plus the wasm memory once the reply is done.
 */
export async function burst(browser, mock, n, { memory = false, trace = false } = {}) {
  const app = await openApp(browser, mock);
  const { page } = app;
  const markAt = trace ? await startTrace(browser, page) : null;
  await send(page, `#burst ${n}`);
  await waitForReply(page, 120_000);
  const tasks = trace ? mainThreadTasks(JSON.parse((await browser.stopTracing()).toString()), markAt) : null;
  const stream = await collectStream(page);
  const shown = await finalScreen(page);
  checkComplete(`burst ${n}`, shown, stream.content);
  const firstByte = stream.reads[0].t;
  const lastByte = stream.reads.at(-1).t;
  const result = {
    chunks: n,
    bytes: stream.reads.length,
    lastByteToScreen: shown.painted - lastByte,
    firstByteToScreen: shown.painted - firstByte,
    sendToScreen: shown.painted - stream.sentAt,
    networkMs: lastByte - firstByte,
    // What was rendered: the report describes the reply with these.
    textLength: shown.textLength,
    codeBlocks: shown.codeBlocks,
    tables: shown.tables,
  };
  if (tasks) {
    // Main-thread CPU time of the tasks between the last byte and the final paint: the app's own work, without
    // the time a busy machine kept the renderer waiting (a traced run is a little slower, so it is kept apart).
    const window = tasks.filter((t) => t.end > lastByte && t.start < shown.painted);
    result.lastByteToScreenCpu = window.reduce((sum, t) => sum + t.cpu, 0);
  }
  const baseline = await readWithoutRendering(page, mock);
  if (baseline.length !== stream.content.length) {
    throw new Error(`burst ${n}: the baseline read ${baseline.length} characters, the app ${stream.content.length}`);
  }
  result.baseline = baseline;
  if (memory) result.memory = await memoryUse(page);
  if (app.errors.length) throw new Error(`burst ${n}: page errors: ${app.errors.join('; ')}`);
  await app.close();
  return result;
}

/** JS heap in use after a forced garbage collection, plus the wasm linear memory (which never shrinks). */
async function memoryUse(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  const wasm = await page.evaluate(() => window.__bench.wasmMemory());
  if (wasm == null) throw new Error('the wasm memory was not found (no TrunkApplicationStarted event)');
  return { jsHeapUsed: heap.usedSize, wasmMemory: wasm, total: heap.usedSize + wasm };
}

// ---------------------------------------------------------------------------------------------------------------
// Paced: N chunks at R per second.

/**
 * `#paced n rate` with Markdown, code and tables. Measures, over the stream (first byte to the final paint):
 * the longest main-thread task (from a Chromium trace: RunTask on the renderer's main thread), long tasks seen
 * by PerformanceObserver, the longest gap between animation frames, and the lag of each network read that
 * carried visible text behind the network: the time from its arrival to the first paint of a DOM change after
 * it, in ms and in frames (how many animation frames started in between; 1 = shown in the next frame).
 */
export async function paced(browser, mock, n, rate) {
  const app = await openApp(browser, mock);
  const { page } = app;
  const markAt = await startTrace(browser, page);
  await page.evaluate(() => {
    window.__bench.recordFrames = true;
  });
  await send(page, `#paced ${n} ${rate}`);
  await waitForReply(page, 60_000 + (n / rate) * 2000);
  await page.evaluate(() => {
    window.__bench.recordFrames = false;
  });
  const trace = JSON.parse((await browser.stopTracing()).toString());
  const stream = await collectStream(page);
  const shown = await finalScreen(page);
  checkComplete(`paced ${n} ${rate}`, shown, stream.content);
  const probe = await page.evaluate(() => ({
    frames: window.__bench.frames,
    paints: window.__bench.paints,
    longTasks: window.__bench.longTasks,
  }));
  const from = stream.reads[0].t;
  const to = shown.painted;

  const tasks = mainThreadTasks(trace, markAt).filter((t) => t.end > from && t.start < to);
  const longest = tasks.reduce((a, t) => (t.dur > (a?.dur ?? -1) ? t : a), null);
  const longestTask = longest?.dur ?? 0;
  const observedLong = probe.longTasks.filter(([s, d]) => s + d > from && s < to).map(([, d]) => d);

  const frames = probe.frames.filter((t) => t >= from && t <= to);
  let longestFrameGap = 0;
  for (let i = 1; i < frames.length; i++) longestFrameGap = Math.max(longestFrameGap, frames[i] - frames[i - 1]);

  const lagsMs = [];
  const lagsFrames = [];
  for (const read of stream.reads) {
    if (!read.delta.trim()) continue; // whitespace alone may change nothing on screen
    const paint = probe.paints.find(([m]) => m >= read.t);
    if (!paint) continue;
    lagsMs.push(paint[1] - read.t);
    lagsFrames.push(probe.frames.filter((f) => f > read.t && f <= paint[1]).length);
  }
  const sorted = [...lagsMs].sort((a, b) => a - b);
  const pct = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  const framesSorted = [...lagsFrames].sort((a, b) => a - b);
  const framePct = (p) => framesSorted[Math.min(framesSorted.length - 1, Math.floor((p / 100) * framesSorted.length))] ?? 0;
  const result = {
    chunks: n,
    rate,
    reads: stream.reads.length,
    streamMs: stream.reads.at(-1).t - from,
    longestTask,
    longestTaskCpu: longest?.cpu ?? 0,
    tasks: tasks.length,
    longTasksObserved: observedLong.length,
    longestFrameGap,
    lagMedianMs: pct(50),
    lagP95Ms: pct(95),
    lagMaxMs: sorted.at(-1) ?? 0,
    lagP95Frames: framePct(95),
    lagMaxFrames: framesSorted.at(-1) ?? 0,
    lagWithinOneFrame: lagsFrames.filter((f) => f <= 1).length / Math.max(1, lagsFrames.length),
  };
  if (app.errors.length) throw new Error(`paced: page errors: ${app.errors.join('; ')}`);
  await app.close();
  return result;
}

/** Starts a Chromium trace; returns the page time of a mark that ties the trace clock to performance.now(). */
async function startTrace(browser, page) {
  await browser.startTracing(page, {
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'],
  });
  return page.evaluate(() => performance.mark('bench:sync').startTime);
}

/** Top-level tasks of the renderer main thread that ran the page, in performance.now() milliseconds. */
function mainThreadTasks(trace, markAt) {
  const events = trace.traceEvents ?? trace;
  const mark = events.find((e) => e.name === 'bench:sync' && e.ph !== 'M');
  if (!mark) throw new Error('the sync mark is missing from the trace');
  const main = events.find(
    (e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === mark.pid && e.args?.name === 'CrRendererMain',
  );
  if (!main) throw new Error('the renderer main thread is missing from the trace');
  const offset = mark.ts / 1000 - markAt;
  return events
    .filter((e) => e.ph === 'X' && e.name === 'RunTask' && e.pid === main.pid && e.tid === main.tid)
    .map((e) => ({
      start: e.ts / 1000 - offset,
      end: (e.ts + e.dur) / 1000 - offset,
      dur: e.dur / 1000,
      cpu: (e.tdur ?? e.dur) / 1000,
    }));
}

// ---------------------------------------------------------------------------------------------------------------
// A long saved conversation.

/** ~2 KB of Markdown for message `i` of the long conversation: paragraphs, a list, a table, a code block. */
function longMessage(i) {
  return [
    `## Part ${i}`,
    `This is paragraph one of message ${i}, with **bold**, *emphasis*, \`code\` and a [link](https://example.com/${i}).`,
    `- item one of ${i}\n- item two with more words in it\n- item three`,
    `| key | value |\n|---|---|\n| a | ${i} |\n| b | ${i * 2} |`,
    '```rust\nfn main() {\n    println!("message ' + i + '");\n}\n```',
    'A closing paragraph that makes the message about two kilobytes long, '.repeat(20),
  ].join('\n\n');
}

/**
 * Opening a conversation of 1,000 messages (~1 MB of text, 500 questions and 500 answers of ~2 KB): time to first paint and smoothness of scrolling.
 * 1. The app is opened once (so its database exists); a record of 1,000 messages (500 questions and 500 answers
 *    of ~2 KB Markdown each), in the app's own record format (`glm_history`, schema 2), is written straight into
 *    its IndexedDB, next to a short conversation.
 * 2. The page is reloaded (it reopens the short one), and the long one is clicked in the sidebar: the figure is
 *    the click to the first paint after its last message is on screen (the app opens a long conversation with its
 *    last messages and adds earlier ones as the reader scrolls up).
 * 3. Scrolling up in 60 wheel steps of 1,500 px ~100 ms apart, with a `longtask` observer: the longest
 *    main-thread task, and how many messages are on screen at the end.
 */
export async function longConversation(browser, mock) {
  const app = await openApp(browser, mock);
  try {
    const messages = [];
    let parent = null;
    for (let i = 1; i <= 1000; i++) {
      const id = `m${i}`;
      const body =
        i % 2 === 1
          ? { role: 'user', text: `Question ${i}: ${'tell me more about this topic, please. '.repeat(4)}` }
          : { role: 'assistant', reply: { content: longMessage(i), status: 'done', finish: 'stop' } };
      messages.push({ id, parent, created_ms: 1_700_000_000_000 + i, body });
      parent = id;
    }
    const long = { id: 'bench-long', title: 'Long conversation', created_ms: 1_700_000_000_000, updated_ms: 1_700_000_001_000, messages, current_leaf: 'm1000' };
    const short = { id: 'bench-short', title: 'Short one', created_ms: 1_700_000_000_000, updated_ms: 1_700_000_002_000, messages: [{ id: 'm1', parent: null, created_ms: 1, body: { role: 'user', text: 'Hi' } }], current_leaf: 'm1' };
    const bytes = await app.page.evaluate(
      ([records]) =>
        new Promise((resolve, reject) => {
          const open = indexedDB.open('glm-chat');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction('conversations', 'readwrite');
            let total = 0;
            for (const c of records) {
              const text = JSON.stringify({ schema: 2, conversation: c });
              total += text.length;
              tx.objectStore('conversations').put(text, c.id);
            }
            tx.oncomplete = () => {
              open.result.close();
              localStorage.setItem('glm-chat.current-conversation', 'bench-short');
              resolve(total);
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
      [[long, short]],
    );
    await app.page.reload();
    const item = app.page.locator('.gc-conv-item', { hasText: 'Long conversation' }).locator('.gc-conversation');
    await item.waitFor({ timeout: 30_000 });
    await app.page.evaluate(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push(e.duration);
      }).observe({ type: 'longtask', buffered: false });
    });
    const clickAt = await app.page.evaluate(() => performance.now());
    await item.click();
    const paintedAt = await app.page.evaluate(
      () =>
        new Promise((resolve) => {
          const check = () => {
            const shown = document.querySelectorAll('article[data-role="assistant"]');
            const last = shown[shown.length - 1];
            if (last && last.textContent.includes('message 1000')) {
              // The frame after the one that drew it.
              requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0));
            } else {
              requestAnimationFrame(check);
            }
          };
          check();
        }),
    );
    await app.page.evaluate(() => (window.__longTasks = []));
    await app.page.mouse.move(700, 400);
    for (let i = 0; i < 60; i++) {
      await app.page.mouse.wheel(0, -1500);
      await app.page.waitForTimeout(100);
    }
    const longest = await app.page.evaluate(() => Math.max(0, ...window.__longTasks));
    const reached = await app.page.locator('article[data-role]').count();
    return { measured: true, firstPaint: paintedAt - clickAt, longestScrollTask: longest, bytes, reached };
  } finally {
    await app.close();
  }
}
