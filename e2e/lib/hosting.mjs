// Hosting helpers for the end-to-end suite: a tiny static server for "foreign" host pages (another origin than the
// app), and nginx running the documented deployment (docs/deploy/nginx.conf.template) as an unprivileged,
// foreground process in a temporary prefix. Every process is stopped by PID.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, adoptChild, waitFor } from './harness.mjs';

/** A free TCP port on 127.0.0.1 (nothing listens on it once this returns). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createNetServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Serves `pages` ({ '/path': html string }) on a free port of 127.0.0.1, as text/html, nothing else (404).
 * Resolves to { origin, url(path), stop() }.
 */
export async function startPages(pages) {
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const body = pages[path];
    if (body === undefined) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: (path) => `${origin}${path}`,
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** The nginx binary, or null when it is not installed. */
export function findNginx() {
  for (const candidate of [process.env.E2E_NGINX, '/usr/sbin/nginx', '/usr/bin/nginx'].filter(Boolean)) {
    if (existsSync(candidate)) return candidate;
  }
  const which = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() ? which.stdout.trim() : null;
}

/** Fills in ${NAME} for the given names only, as envsubst with a variable list does (nginx's $vars stay). */
export function renderTemplate(text, values) {
  return text.replace(/\$\{([A-Z_][A-Z0-9_]*)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/**
 * Runs nginx with the documented server block (docs/deploy/nginx.conf.template) in a temporary prefix.
 * `values` are the template's variables except GLM_CHAT_LISTEN, which is a free port. Resolves to
 * { origin, port, config (the rendered server block), stop() }.
 */
export async function startNginx(nginx, values) {
  const prefix = mkdtempSync(join(tmpdir(), 'glm-nginx-'));
  for (const dir of ['logs', 'tmp/body', 'tmp/proxy', 'tmp/fastcgi', 'tmp/uwsgi', 'tmp/scgi']) {
    mkdirSync(join(prefix, dir), { recursive: true });
  }
  const port = await freePort();
  const template = readFileSync(join(ROOT, 'docs', 'deploy', 'nginx.conf.template'), 'utf8');
  const server = renderTemplate(template, { ...values, GLM_CHAT_LISTEN: `127.0.0.1:${port}` });
  const unfilled = server.match(/\$\{[A-Z_]+\}/);
  if (unfilled) throw new Error(`nginx template variable left unfilled: ${unfilled[0]}`);
  writeFileSync(join(prefix, 'glm-chat.conf'), server);
  // The test-only main file: one foreground process, no privileges, everything inside the prefix.
  writeFileSync(
    join(prefix, 'nginx.conf'),
    `daemon off;
master_process off;
pid ${join(prefix, 'nginx.pid')};
error_log stderr warn;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path ${join(prefix, 'tmp/body')};
  proxy_temp_path ${join(prefix, 'tmp/proxy')};
  fastcgi_temp_path ${join(prefix, 'tmp/fastcgi')};
  uwsgi_temp_path ${join(prefix, 'tmp/uwsgi')};
  scgi_temp_path ${join(prefix, 'tmp/scgi')};
  include ${join(prefix, 'glm-chat.conf')};
}
`,
  );
  const check = spawnSync(nginx, ['-t', '-q', '-p', prefix, '-c', join(prefix, 'nginx.conf')], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx rejects the documented configuration:\n${check.stderr}`);
  const child = spawn(nginx, ['-p', prefix, '-c', join(prefix, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  adoptChild(child);
  let log = '';
  child.stderr.on('data', (b) => {
    log = (log + b.toString()).slice(-10_000);
  });
  const origin = `http://127.0.0.1:${port}`;
  await waitFor(
    () => fetch(`${origin}/`).then((r) => r.status).catch(() => 0),
    (s) => s > 0 || child.exitCode !== null,
    `nginx to listen on ${port}`,
  );
  if (child.exitCode !== null) throw new Error(`nginx exited (code ${child.exitCode}):\n${log}`);
  return {
    origin,
    port,
    config: server,
    log: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        try {
          process.kill(child.pid, 'SIGQUIT');
        } catch {
          /* gone */
        }
        const timer = setTimeout(() => {
          try {
            process.kill(child.pid, 'SIGKILL');
          } catch {
            /* gone */
          }
        }, 3000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
