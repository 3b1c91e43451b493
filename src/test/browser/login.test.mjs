// Logs in to `reflect console` on a host beyond the loopback interface (Hawtio's login on) in Debian's headless
// chromium: a wrong password gets Hawtio's error, the right one opens Hawtio. Run by ConsoleLoginIT:
//   CONSOLE_URL=http://127.0.0.1:PORT/ LOGIN_USER=... LOGIN_PASSWORD=... node src/test/browser/login.test.mjs
// Prints "login form shown", "wrong password refused", "logged in as <user>" and "login test passed"; exits 1
// with the reason otherwise. It never prints the password.
import { launchChromium } from './chromium.mjs';

const consoleUrl = process.env.CONSOLE_URL ?? 'http://127.0.0.1:9877/';
const user = process.env.LOGIN_USER;
const password = process.env.LOGIN_PASSWORD;
const timeout = Number(process.env.TIMEOUT_MS ?? 60000);
if (!user || !password) {
  console.error('login test failed: set LOGIN_USER and LOGIN_PASSWORD');
  process.exit(1);
}

const browser = await launchChromium();
let failed = null;
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(timeout);
  // The start page opens Hawtio's Camel view, which sends a visitor without a session to Hawtio's login page.
  await page.goto(consoleUrl);
  await page.waitForFunction(() => location.pathname.endsWith('/hawtio/login'));
  const username = page.locator('#pf-login-username-id');
  const secret = page.locator('#pf-login-password-id');
  await username.waitFor();
  console.log('login form shown');

  await username.fill(user);
  await secret.fill(`${password}-wrong`);
  await page.locator('button[type="submit"]').click();
  // Hawtio 4.2 shows "Invalid login credentials" above the form.
  await page.getByText(/Invalid login credentials|Incorrect username or password/).first().waitFor();
  console.log('wrong password refused');

  await secret.fill(password);
  await page.locator('button[type="submit"]').click();
  await page.waitForFunction(() => !location.pathname.endsWith('/login'));
  // The browser's session (its cookies, through page.request) now reads Hawtio's Jolokia.
  const jolokia = await page.request.get(new URL('/hawtio/jolokia/version', consoleUrl).href);
  if (jolokia.status() !== 200) {
    throw new Error(`Hawtio's Jolokia answered ${jolokia.status()} after the login`);
  }
  // /hawtio/user answers the name of the session's user as a JSON string.
  const whoami = await (await page.request.get(new URL('/hawtio/user', consoleUrl).href)).json();
  console.log(`logged in as ${whoami}`);
} catch (e) {
  failed = e;
} finally {
  await browser.close();
}
if (failed) {
  console.error(`login test failed: ${failed.message.replaceAll(password, '***')}`);
  process.exit(1);
}
console.log('login test passed');
