// Screenshots of the embedding example (examples/embed.html) with the demo server: the inline widget after a reply,
// the launcher open, and the launcher on a phone. Usage: node e2e/embed-screenshot.mjs [OUT_DIR]
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, launchBrowser, startMock, waitForStatus } from './lib/harness.mjs';
import { startPages } from './lib/hosting.mjs';

const out = process.argv[2] ?? join(ROOT, 'e2e', 'test-results', 'screenshots');
mkdirSync(out, { recursive: true });
const mock = await startMock({ key: null });
const example = readFileSync(join(ROOT, 'examples', 'embed.html'), 'utf8').replaceAll('http://127.0.0.1:8787', mock.origin);
const pages = await startPages({ '/embed.html': example });
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(pages.url('/embed.html'));
  const inline = page.locator('#docs-chat');
  await inline.getByRole('textbox', { name: 'Message' }).fill('#markdown');
  await inline.getByRole('textbox', { name: 'Message' }).press('Enter');
  await waitForStatus(inline.locator('article[data-role="assistant"]').last(), 'done');
  await page.locator('.chat-box').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(out, 'embed-inline.png') });
  const launcher = page.locator('#support');
  await launcher.getByRole('button', { name: 'Open chat' }).click();
  await launcher.getByRole('textbox', { name: 'Message' }).fill('Hello from the launcher');
  await launcher.getByRole('textbox', { name: 'Message' }).press('Enter');
  await waitForStatus(launcher.locator('article[data-role="assistant"]').last(), 'done');
  await page.screenshot({ path: join(out, 'embed-launcher.png'), animations: 'disabled' });
  await page.close();

  const phone = await browser.newPage({ viewport: { width: 390, height: 780 }, isMobile: true, hasTouch: true });
  await phone.goto(pages.url('/embed.html'));
  await phone.locator('#support').getByRole('button', { name: 'Open chat' }).click();
  await phone.locator('#support').getByRole('textbox', { name: 'Message' }).waitFor();
  await phone.screenshot({ path: join(out, 'embed-launcher-phone.png'), animations: 'disabled' });
  console.log(`screenshots in ${out}`);
} finally {
  await browser.close();
  await pages.stop();
  await mock.stop();
}
