// Renders the app icons (web/icons/*.svg) to the PNGs the web app manifest lists, with the system Chromium.
// Run after changing an SVG: `node e2e/icons.mjs`; the PNGs are committed, so builds need no image tools.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, ROOT } from './lib/harness.mjs';

const ICONS = join(ROOT, 'web', 'icons');
const wanted = [
  ['icon.svg', 192, 'icon-192.png'],
  ['icon.svg', 512, 'icon-512.png'],
  ['icon-maskable.svg', 180, 'apple-touch-icon.png'],
  ['icon-maskable.svg', 512, 'icon-maskable-512.png'],
];

const browser = await launchBrowser();
try {
  for (const [svg, size, png] of wanted) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const data = readFileSync(join(ICONS, svg)).toString('base64');
    await page.setContent(
      `<style>html,body{margin:0;background:transparent}img{display:block;width:${size}px;height:${size}px}</style>` +
        `<img src="data:image/svg+xml;base64,${data}">`,
    );
    await page.locator('img').screenshot({ path: join(ICONS, png), omitBackground: true });
    await page.close();
    console.log(`wrote web/icons/${png} (${size}x${size})`);
  }
} finally {
  await browser.close();
}
