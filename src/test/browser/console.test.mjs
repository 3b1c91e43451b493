// Opens `reflect console` in Debian's headless chromium, reaches Hawtio's Camel routes view of the running
// importer and checks that every expected route id is listed. Run by ConsoleIT:
//   CONSOLE_URL=http://127.0.0.1:PORT/ CAMEL_CONTEXT=reflect-importer ROUTE_IDS=a,b SCREENSHOT=docs/console.png \
//   node src/test/browser/console.test.mjs
// Prints "found route <id>" per route and "console test passed"; exits 1 with the reason otherwise.
import { launchChromium } from './chromium.mjs';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

const consoleUrl = process.env.CONSOLE_URL ?? 'http://127.0.0.1:9877/';
const context = process.env.CAMEL_CONTEXT ?? 'reflect-importer';
const routeIds = (process.env.ROUTE_IDS ?? 'read-file,embed-chunks').split(',').filter(Boolean);
const screenshot = process.env.SCREENSHOT;
const timeout = Number(process.env.TIMEOUT_MS ?? 60000);

const browser = await launchChromium();
let failed = null;
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(timeout);
  // The console's start page stores the importer connection in localStorage and opens the Camel view.
  await page.goto(consoleUrl);
  await page.waitForFunction(() => location.pathname.endsWith('/camel/contexts'));
  const routesFolder = page.locator(`[id$="-folder-${context}-folder-routes-folder"]`).first();
  await routesFolder.waitFor();
  // The folder's own row, not its (expanded) children.
  await routesFolder.locator(':scope > .pf-v5-c-tree-view__content').first().click();
  await page.waitForFunction(() => location.pathname.endsWith('/camel/routes'));
  for (const id of routeIds) {
    await page.locator('table').getByText(id, { exact: true }).first().waitFor();
    console.log(`found route ${id}`);
  }
  if (screenshot) {
    mkdirSync(dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot });
    console.log(`screenshot ${screenshot}`);
  }
} catch (e) {
  failed = e;
} finally {
  await browser.close();
}
if (failed) {
  console.error(`console test failed: ${failed.message}`);
  process.exit(1);
}
console.log('console test passed');
