// The in-page instrumentation of the benchmark, installed with `context.addInitScript(probe)` before the app loads.
// It must cost the page almost nothing while a figure is being measured, so it only records timestamps and
// references; everything is decoded and interpreted after the run (see `collectStream` in bench.mjs).
//
// window.__bench:
//   wasmMemory()      bytes of the app's WebAssembly memory (captured from Trunk's TrunkApplicationStarted event)
//   composerAt        performance.now() when the message box was first painted (ms since navigation start)
//   streams[]         one per chat-completions response: {sentAt, headersAt, reads: [[t, bytes]], chunks, endAt}
//                     read through a clone of the response, so the app's own reader is untouched
//   contentMutations  times of DOM changes inside any [data-part="content"] (the rendered answer), and of the
//                     reply turning done; paints[] pairs each with the time the frame showing it was painted
//   doneAt            time an assistant message first showed data-status="done"
//   paintedAfter(t)   the time of the first frame painted with the DOM as it was at time t (see `afterPaint`)
//   frames[]          rAF timestamps while `recordFrames` is on; longTasks[] from PerformanceObserver('longtask')
export function probe() {
  const b = {
    composerAt: null,
    streams: [],
    contentMutations: [],
    paints: [],
    doneAt: null,
    frames: [],
    recordFrames: false,
    longTasks: [],
    memory: null,
  };
  window.__bench = b;

  addEventListener('TrunkApplicationStarted', (e) => {
    b.memory = e.detail?.wasm?.memory ?? null;
  });
  b.wasmMemory = () => (b.memory ? b.memory.buffer.byteLength : null);

  // --- frames: know whether code runs inside an animation frame, to tell when its DOM changes get painted.
  // Our frame callback is registered during the previous frame, so it runs before the app's callbacks of the
  // same frame; the timeout it posts runs after the whole frame task (style, layout and paint included).
  let inFrame = false;
  const onFrame = (t) => {
    inFrame = true;
    setTimeout(() => {
      inFrame = false;
    }, 0);
    if (b.recordFrames) b.frames.push(performance.now());
    requestAnimationFrame(onFrame);
  };
  requestAnimationFrame(onFrame);

  // Calls `done(time)` once the DOM as it is now has been painted: after this frame if we are in one, else
  // after the next one.
  function afterPaint(done) {
    const record = () => setTimeout(() => done(performance.now()), 0);
    if (inFrame) record();
    else requestAnimationFrame(record);
  }
  b.afterPaint = afterPaint;

  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) b.longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    /* not supported: the trace-based figure still works */
  }

  // --- the network: a clone of each chat response is read alongside the app's own reader.
  const realFetch = window.fetch;
  b.realFetch = (...args) => realFetch.apply(window, args);
  window.fetch = async function (input, init) {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input?.url ?? '';
    const sentAt = performance.now();
    const response = await realFetch.call(this, input, init);
    if (String(url).includes('/chat/completions') && response.body) {
      const stream = { sentAt, headersAt: performance.now(), reads: [], chunks: [], endAt: null };
      b.streams.push(stream);
      const reader = response.clone().body.getReader();
      (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          const t = performance.now();
          if (done) {
            stream.endAt = t;
            return;
          }
          stream.reads.push([t, value.byteLength]);
          stream.chunks.push(value);
        }
      })().catch(() => {
        stream.endAt = performance.now();
      });
    }
    return response;
  };

  // --- the DOM: the composer appearing, the answer changing, the reply finishing.
  const inContent = (node) => {
    const el = node.nodeType === 1 ? node : node.parentElement;
    return !!el?.closest?.('[data-part="content"]');
  };
  const observer = new MutationObserver((mutations) => {
    const now = performance.now();
    let changed = false; // the answer text changed, or a reply became done: note when that is painted
    for (const m of mutations) {
      if (m.type === 'attributes') {
        if (b.doneAt === null && m.attributeName === 'data-status' && m.target.dataset.status === 'done') {
          b.doneAt = now;
          changed = true;
        }
      } else if (inContent(m.target)) {
        changed = true;
      }
    }
    if (changed) {
      b.contentMutations.push(now);
      afterPaint((t) => b.paints.push([now, t]));
    }
    if (b.composerAt === null) {
      const box = document.querySelector('textarea[aria-label="Message"]');
      if (box) {
        b.composerAt = -1;
        afterPaint((t) => {
          b.composerAt = t;
        });
      }
    }
  });
  const start = () =>
    observer.observe(document, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['data-status'],
    });
  start();

  // The first frame painted at or after DOM time `t`.
  b.paintedAfter = (t) => {
    const hit = b.paints.find(([m]) => m >= t);
    return hit ? hit[1] : null;
  };
}
