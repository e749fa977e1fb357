// Where the time goes: a CPU profile of the cold start or of the 2,000-chunk burst, in headless Chromium against
// dist/ and the demo server, printed as the functions that took the most time (self and inclusive).
//
//   GLM_WASM_NAMES=1 bash scripts/release_build.sh   # a release build whose wasm keeps its function names
//   node e2e/bench/profile.mjs burst|cold [runs]     # then profile it (GLM_MOCK_BIN, E2E_DIST as for the tests)
//   PROFILE_MATCH=save,respond node e2e/bench/profile.mjs burst   # also the time under functions named so
//
// For the burst only the samples from the last network read to the final paint are counted (the figure of
// BENCHMARKS.md); for the cold start, everything up to the message box painted. A forced layout shows as the DOM
// call that forced it (`scrollHeight`, or Playwright's own `computeBox` while it waits for the reply).
import { writeFileSync } from 'node:fs';
import { startMock, launchBrowser } from '../lib/harness.mjs';
import { openApp } from './measure.mjs';
import { probe } from './probe.mjs';

const mode = process.argv[2] ?? 'burst';
const runs = Number(process.argv[3] ?? 1);
if (!['burst', 'cold'].includes(mode)) throw new Error('use: profile.mjs burst|cold [runs]');
const IDLE = new Set(['(idle)', '(program)', '(root)', '(garbage collector)']);

/** Self and inclusive milliseconds per function name, over the samples taken between `from` and `to` (profile µs). */
function tally(profile, from, to) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  const incl = new Map();
  let at = profile.startTime;
  let total = 0;
  let gc = 0;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i];
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    if (at < from || at > to) return;
    const name = byId.get(id).callFrame.functionName || '(anonymous)';
    if (name === '(garbage collector)') gc += ms;
    if (IDLE.has(name)) return;
    total += ms;
    self.set(name, (self.get(name) ?? 0) + ms);
    const seen = new Set();
    for (let cur = id; cur != null; cur = parent.get(cur)) {
      const n = byId.get(cur).callFrame.functionName || '(anonymous)';
      if (!seen.has(n) && !IDLE.has(n)) incl.set(n, (incl.get(n) ?? 0) + ms);
      seen.add(n);
    }
  });
  return { self, incl, total, gc };
}

// PROFILE_MATCH=save,respond also prints the inclusive time of every function whose name contains one of those.
const MATCH = (process.env.PROFILE_MATCH ?? '').split(',').filter(Boolean);

function print({ self, incl, total, gc }) {
  const top = (m, k) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k);
  console.log(`  busy ${total.toFixed(1)} ms (script and the DOM calls it made), garbage collection ${gc.toFixed(1)} ms`);
  for (const pattern of MATCH) {
    const ms = [...incl].filter(([n]) => n.includes(pattern)).reduce((max, [, t]) => Math.max(max, t), 0);
    console.log(`  matching "${pattern}": ${ms.toFixed(1)} ms inclusive (the largest of its functions)`);
  }
  console.log('  self:');
  for (const [n, t] of top(self, 25)) console.log(`    ${t.toFixed(1).padStart(6)}  ${n.slice(0, 140)}`);
  console.log('  inclusive:');
  for (const [n, t] of top(incl, 40)) console.log(`    ${t.toFixed(1).padStart(6)}  ${n.slice(0, 140)}`);
}

/** Page time (ms) to profile time (µs): a marker function spun for a few ms, found among the samples. */
async function clockOffset(page) {
  const t = await page.evaluate(() => {
    const start = performance.now();
    function __profileMarker() {
      const end = performance.now() + 8;
      while (performance.now() < end);
    }
    __profileMarker();
    return start;
  });
  return (profile) => {
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    let at = profile.startTime;
    for (let i = 0; i < profile.samples.length; i++) {
      at += profile.timeDeltas[i];
      if (byId.get(profile.samples[i]).callFrame.functionName === '__profileMarker') return at - t * 1000;
    }
    throw new Error('the clock marker is missing from the profile');
  };
}

const browser = await launchBrowser();
const mock = await startMock({ delayMs: 5 });
for (let run = 1; run <= runs; run++) {
  if (mode === 'burst') {
    const app = await openApp(browser, mock);
    const cdp = await app.context.newCDPSession(app.page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    await cdp.send('Profiler.start');
    const offset = await clockOffset(app.page);
    const box = app.page.locator('textarea[aria-label="Message"]');
    await box.fill('#burst 2000');
    await box.press('Enter');
    await app.page.locator('article[data-role="assistant"][data-status="done"]').waitFor({ state: 'attached', timeout: 60_000 });
    await app.page.waitForTimeout(300);
    const { profile } = await cdp.send('Profiler.stop');
    const { last, painted } = await app.page.evaluate(() => {
      const b = window.__bench;
      const final = Math.max(b.doneAt ?? 0, b.contentMutations.at(-1) ?? 0);
      return { last: b.streams[0].reads.at(-1)[0], painted: b.paintedAfter(final) };
    });
    const o = offset(profile);
    console.log(`burst, run ${run}: last byte to final paint ${(painted - last).toFixed(1)} ms`);
    print(tally(profile, o + last * 1000, o + painted * 1000));
    writeFileSync(`profile-burst-${run}.cpuprofile`, JSON.stringify(profile));
    await app.close();
  } else {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    await context.addInitScript(probe);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    await cdp.send('Profiler.start');
    await page.goto(mock.url);
    await page.waitForFunction(() => window.__bench.composerAt > 0);
    const ready = await page.evaluate(() => window.__bench.composerAt);
    const offset = await clockOffset(page);
    const { profile } = await cdp.send('Profiler.stop');
    console.log(`cold start, run ${run}: message box painted at ${ready.toFixed(1)} ms`);
    print(tally(profile, -Infinity, offset(profile) + ready * 1000));
    writeFileSync(`profile-cold-${run}.cpuprofile`, JSON.stringify(profile));
    await context.close();
  }
}
console.log('profiles written to profile-*.cpuprofile (open them in Chromium DevTools, Performance panel)');
await browser.close();
process.exit(0);
