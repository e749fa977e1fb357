// GLM Chat service worker: the app shell of one release, cached whole, served cache-first, so the app opens
// offline. A new release installs beside the old one and waits; the page shows "new version — Reload", and only
// then does it take over (so a page never mixes an old shell with new files). API calls are never touched.
// The build (scripts/post_build.py) fills in the release's version and files.

const VERSION = '__VERSION__';
const FILES = __FILES__;

const SCOPE = new URL(self.registration.scope);
// Cache names are per origin, not per path: two copies of the app on one site keep their own caches.
const PREFIX = `glm-chat:${SCOPE.pathname}:`;
const CACHE = PREFIX + VERSION;
const SHELL = new URL('./', SCOPE).href;
const PRECACHED = new Set(FILES.map((file) => new URL(file, SCOPE).href));

// Files whose name carries a content hash never change, so a copy the browser already has (the page just loaded it)
// is the right one; the others (the page, the manifest, the icons) are fetched fresh.
const HASHED = /-[0-9a-f]{16}(?:_bg)?(?:-split)?\.(?:js|wasm|css)$/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) =>
        cache.addAll(FILES.map((file) => new Request(new URL(file, SCOPE), { cache: HASHED.test(file) ? 'default' : 'reload' }))),
      ),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return; // chat requests (POST) always go to the network
  const url = new URL(request.url);
  url.search = '';
  url.hash = '';
  if (url.origin !== SCOPE.origin) return;
  let key;
  if (request.mode === 'navigate' && (url.href === SHELL || url.href === new URL('index.html', SCOPE).href)) {
    key = SHELL;
  } else if (PRECACHED.has(url.href)) {
    key = url.href;
  } else {
    return; // anything else (the API, other pages of the site) is not this worker's business
  }
  event.respondWith(
    caches.open(CACHE).then((cache) => cache.match(key)).then((cached) => cached ?? fetch(request)),
  );
});
