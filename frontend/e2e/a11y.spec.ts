// Accessibility in a real browser: every page (and the dialogs and menus that matter) in light and dark, with the
// system's preference emulated, checked with axe (no serious or critical violation), one h1, a title, and the main
// landmark. To check a new page, add one line to PAGES.
import type { APIRequestContext, Browser, Page } from '@playwright/test';

import { COLOUR_RULES, expectAccessible } from './axe';
import { ADMIN_EMAIL, expect, keepScreenshot, REFRESH_TOKEN_KEY, test } from './fixtures';
import { api } from './people';

interface World {
  caseId: string;
  caseTitle: string;
  serviceId: string;
  serviceName: string;
  /** A value the case holds as an observable, for the search across cases. */
  observable: string;
}

interface PageCheck {
  name: string;
  /** The address; ":case", ":service" and ":observable" stand for the case, the service and a value made for these tests. */
  path: string;
  /** The page's h1 once it has loaded. */
  heading: string | RegExp | ((w: World) => string);
  /** Public pages are checked signed out. */
  public?: boolean;
  /** What to open before axe looks (a tab, a dialog, a menu). */
  open?: (page: Page) => Promise<void>;
  /** Console errors the opening causes on purpose (the browser logs a refused request). */
  allow?: RegExp;
}

const openTab = (name: string) => async (page: Page) => {
  await page.getByRole('tab', { name }).click();
  await expect(page.getByRole('tab', { name })).toHaveAttribute('aria-selected', 'true');
};
const openDialog = (button: string | RegExp, dialog: string | RegExp) => async (page: Page) => {
  await page.getByRole('button', { name: button }).first().click();
  await expect(page.getByRole('dialog', { name: dialog })).toBeVisible();
};
/** pastePreview opens the case's observables and reads pasted text: the table of values found, ready to add. */
const pastePreview = async (page: Page) => {
  await openTab('Observables')(page);
  await openDialog('Paste to add', 'Paste to add observables')(page);
  const dialog = page.getByRole('dialog', { name: 'Paste to add observables' });
  await dialog
    .getByRole('textbox', { name: 'Pasted text' })
    .fill('Od: kadry@p1ace[.]example, C2 203.0.113[.]9, evil[.]com');
  await dialog.getByRole('button', { name: 'Find observables' }).click();
  await expect(dialog.getByTestId('candidate-row').first()).toBeVisible();
};
/** makeKey makes a read-only API key: the dialog then shows its token once, with the example request. */
const makeKey = async (page: Page) => {
  await openDialog('New key', 'New API key')(page);
  const dialog = page.getByRole('dialog', { name: 'New API key' });
  await dialog.getByLabel('Name').fill(`Board dashboard ${Date.now().toString(36)}`);
  await dialog.getByRole('button', { name: 'Make key' }).click();
  await expect(page.getByRole('dialog', { name: 'API key made' }).getByTestId('api-key-token')).toBeVisible();
};
const openMenu = (button: string | RegExp) => async (page: Page) => {
  await page.getByRole('button', { name: button }).click();
  await expect(page.getByRole('menu')).toBeVisible();
};

/** submitEmpty opens the new case dialog and sends it empty: the field errors must read at AA contrast too. */
const submitEmpty = async (page: Page) => {
  await openDialog('New case', 'New case')(page);
  const dialog = page.getByRole('dialog', { name: 'New case' });
  await dialog.getByRole('button', { name: 'Open case' }).click();
  await expect(dialog.getByLabel('Title')).toHaveAttribute('aria-invalid', 'true');
};

export const PAGES: PageCheck[] = [
  { name: 'sign-in', path: '/login', heading: 'Sign in', public: true },
  { name: 'status page', path: '/status', heading: 'Service status', public: true },
  { name: 'overview', path: '/', heading: /^Welcome/ },
  { name: 'account menu', path: '/', heading: /^Welcome/, open: openMenu(/^Account menu/) },
  { name: 'cases list', path: '/cases', heading: 'Cases' },
  { name: 'new case dialog', path: '/cases', heading: 'Cases', open: openDialog('New case', 'New case') },
  {
    name: 'new case dialog, its errors shown',
    path: '/cases',
    heading: 'Cases',
    open: submitEmpty,
    allow: /status of 422/,
  },
  { name: 'case: activity', path: '/cases/:case', heading: (w) => w.caseTitle },
  { name: 'case: status menu', path: '/cases/:case', heading: (w) => w.caseTitle, open: openMenu('Change status') },
  { name: 'case: chronology', path: '/cases/:case', heading: (w) => w.caseTitle, open: openTab('Chronology') },
  { name: 'case: suspensions', path: '/cases/:case', heading: (w) => w.caseTitle, open: openTab('Suspensions') },
  { name: 'case: evidence', path: '/cases/:case', heading: (w) => w.caseTitle, open: openTab('Evidence') },
  { name: 'case: observables', path: '/cases/:case', heading: (w) => w.caseTitle, open: openTab('Observables') },
  { name: 'case: paste to add observables', path: '/cases/:case', heading: (w) => w.caseTitle, open: pastePreview },
  { name: 'observables search', path: '/observables?value=:observable', heading: 'Observables' },
  { name: 'alerts', path: '/alerts', heading: 'Alerts' },
  { name: 'restoration dashboard', path: '/restoration', heading: 'Restoration' },
  { name: 'service page', path: '/services/:service', heading: (w) => w.serviceName },
  { name: 'audit log', path: '/audit', heading: 'Audit log' },
  { name: 'exports', path: '/exports', heading: 'Exports' },
  { name: 'admin: users', path: '/admin/users', heading: 'Users' },
  { name: 'admin: departments', path: '/admin/departments', heading: 'Departments' },
  { name: 'admin: services', path: '/services', heading: 'Services' },
  { name: 'admin: regimes', path: '/admin/regimes', heading: 'Regimes' },
  { name: 'admin: playbooks', path: '/admin/playbooks', heading: 'Playbooks' },
  { name: 'admin: API keys', path: '/admin/api-keys', heading: 'API keys' },
  {
    name: 'admin: new API key dialog',
    path: '/admin/api-keys',
    heading: 'API keys',
    open: openDialog('New key', 'New API key'),
  },
  { name: 'admin: an API key made, its token shown once', path: '/admin/api-keys', heading: 'API keys', open: makeKey },
  { name: 'account', path: '/account', heading: 'Your account' },
  { name: 'not found', path: '/no/such/page', heading: 'Page not found' },
];

let world: Promise<World> | undefined;

/** makeWorld opens, once per run, a case that suspends a service (with a plan step and a note) for the pages to show. */
async function makeWorld(request: APIRequestContext, adminPassword: string): Promise<World> {
  const admin = await adminToken(request, adminPassword);
  const suffix = Date.now().toString(36);
  const department = await api<{ id: string }>(request, admin, 'POST', '/departments', { name: `Library ${suffix}` });
  const serviceName = `Catalogue search ${suffix}`;
  const service = await api<{ id: string }>(request, admin, 'POST', '/services', {
    name: serviceName,
    department_id: department.id,
    public_name: `Library catalogue ${suffix}`,
  });
  const now = new Date().toISOString();
  const caseTitle = `Defaced catalogue pages ${suffix}`;
  const c = await api<{ id: string }>(request, admin, 'POST', '/cases', {
    title: caseTitle,
    category: 'malware',
    severity: 'medium',
    detected_at: now,
    aware_at: now,
    personal_data_involved: false,
    department_id: department.id,
  });
  await api(request, admin, 'POST', `/cases/${c.id}/notes`, { kind: 'update', body: 'Pages restored from backup.' });
  const s = await api<{ id: string }>(request, admin, 'POST', `/cases/${c.id}/suspensions`, {
    service_id: service.id,
    reason: 'Defacement',
    decided_by: 'CISO',
  });
  await api(request, admin, 'POST', `/suspensions/${s.id}/milestones`, { title: 'Templates reviewed' });
  // Observables with every kind of mark (labels, an indicator, tags), Polish and Arabic text, and a long URL.
  const observable = `defaced-${suffix}.example`;
  await api(request, admin, 'POST', `/cases/${c.id}/observables/bulk`, {
    items: [
      {
        type: 'domain',
        value: observable,
        tlp: 'amber+strict',
        pap: 'red',
        ioc: true,
        tags: ['defacement'],
        source: 'Zgłoszenie użytkownika',
        description: 'Strona podmieniona / صفحة مشوهة',
      },
      { type: 'url', value: `hxxps://${observable}/${'wp-content/'.repeat(20)}shell.php`, tlp: 'red', pap: 'green' },
      { type: 'ipv4', value: '203.0.113[.]9', tlp: 'clear', pap: 'clear', tags: ['skaner', 'مسح'] },
      { type: 'sha256', value: '9f86d081884c7d659a2feae0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', tlp: 'green' },
    ],
  });
  return { caseId: c.id, caseTitle, serviceId: service.id, serviceName, observable };
}

async function adminToken(request: APIRequestContext, password: string, field = 'access_token'): Promise<string> {
  const response = await request.post('/api/v1/auth/login', { data: { email: ADMIN_EMAIL, password } });
  expect(response.ok(), `login: ${response.status()}`).toBe(true);
  return ((await response.json()) as Record<string, string>)[field] ?? '';
}

/** signedInAtStart hands the page a fresh session before the app starts (no sign-in form per check). */
async function signedInAtStart(page: Page, request: APIRequestContext, adminPassword: string): Promise<void> {
  const refresh = await adminToken(request, adminPassword, 'refresh_token');
  expect(refresh, 'the login answer carries a refresh token').toBeTruthy();
  await page.addInitScript(
    ({ key, token }) => {
      if (!window.localStorage.getItem(key)) window.localStorage.setItem(key, token);
    },
    { key: REFRESH_TOKEN_KEY, token: refresh },
  );
}

/**
 * A worker's one tab signed in as the admin, for the checks of signed-in pages: each moves it to its page inside the
 * app, as a click on a link would, rather than open a browser context, sign in and start the app again (most of a
 * check's time on a 2-core machine). A check that opened something (a dialog, a menu, a tab) or failed leaves the
 * tab dirty, and the next one loads its page afresh. Its console is watched as the fixtures watch a test's own page.
 */
interface SharedTab {
  page: Page;
  problems: string[];
  dirty: boolean;
}
let shared: Promise<SharedTab> | undefined;

async function openSharedTab(
  browser: Browser,
  baseURL: string,
  request: APIRequestContext,
  adminPassword: string,
): Promise<SharedTab> {
  // The options the config gives every test's own context.
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1280, height: 800 },
    locale: 'en-GB',
    reducedMotion: 'reduce',
  });
  const tab: SharedTab = { page: await context.newPage(), problems: [], dirty: true };
  tab.page.on('console', (msg) => {
    if (msg.type() === 'error' || /Content Security Policy|CSP violation/i.test(msg.text())) {
      tab.problems.push(`console.${msg.type()}: ${msg.text()}`);
    }
  });
  tab.page.on('pageerror', (err) => tab.problems.push(`uncaught: ${err.message}`));
  await signedInAtStart(tab.page, request, adminPassword);
  return tab;
}

/** showPage brings the page to path: inside the running app, or by loading the page afresh when reload is set. */
async function showPage(page: Page, path: string, reload: boolean): Promise<void> {
  if (reload) {
    await page.goto(path);
    return;
  }
  await page.evaluate((to) => {
    window.history.pushState(null, '', to);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, path);
}

// Each page is shown once and checked in both schemes: the app follows the system's preference as it changes,
// so the dark check needs no second page load. A scheme changes colours only, so dark runs the colour rules again
// rather than every rule. Public pages are checked signed out, in the test's own page.
for (const check of PAGES) {
  test(`${check.name} is accessible in light and dark`, async ({
    page: ownPage,
    browser,
    baseURL,
    request,
    adminPassword,
    consoleGuard,
  }, testInfo) => {
    test.setTimeout(90_000);
    if (check.allow) consoleGuard.allow(check.allow);
    const w = await (world ??= makeWorld(request, adminPassword));
    const path = check.path
      .replace(':case', w.caseId)
      .replace(':service', w.serviceId)
      .replace(':observable', w.observable);
    let tab: SharedTab | undefined;
    let page = ownPage;
    if (!check.public) {
      tab = await (shared ??= openSharedTab(browser, baseURL!, request, adminPassword));
      page = tab.page;
      tab.problems.length = 0;
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await showPage(page, path, tab?.dirty ?? true);
    if (tab) tab.dirty = true; // until the check has passed

    try {
      const heading = typeof check.heading === 'function' ? check.heading(w) : check.heading;
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible({ timeout: 10_000 });
      await expect(page.locator('h1')).toHaveCount(1);
      await expect(page.getByRole('main')).toHaveCount(1);
      await expect.poll(() => page.title(), { message: 'the page sets its own title' }).not.toBe('Caseward');
      if (check.open) await check.open(page);

      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        // The system's preference decides the scheme until the user picks one.
        await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
        await expectAccessible(page, testInfo, {
          label: `${check.name} (${scheme})`,
          rules: scheme === 'dark' ? COLOUR_RULES : undefined,
        });
        await keepScreenshot(page, testInfo, `${scheme}.png`, { fullPage: true });
      }
      if (tab) {
        const problems = tab.problems.filter((text) => !check.allow?.test(text));
        expect(problems, 'console errors, uncaught exceptions or CSP violations').toEqual([]);
        tab.dirty = check.open !== undefined;
      }
    } catch (err) {
      // The test's own page is blank: keep what the shared tab showed.
      if (tab) await testInfo.attach('end state', { body: await tab.page.screenshot(), contentType: 'image/png' });
      throw err;
    }
  });
}

test('the colour scheme can be chosen in the header, is remembered, and shows from the first paint', async ({
  page,
  request,
  adminPassword,
  consoleGuard,
}) => {
  test.setTimeout(60_000);
  await page.emulateMedia({ colorScheme: 'light' });
  await signedInAtStart(page, request, adminPassword);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: /^Welcome/ })).toBeVisible();
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'light');

  const schemes = page.getByRole('group', { name: 'Colour scheme' });
  await schemes.getByRole('button', { name: 'Dark scheme' }).click();
  await expect(schemes.getByRole('button', { name: 'Dark scheme' })).toHaveAttribute('aria-pressed', 'true');
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');

  // Remembered across a reload, and set before the app's code runs: with the bundle blocked, the page is dark anyway.
  consoleGuard.allow(/Failed to load resource/);
  await page.route('**/assets/*.js', (route) => route.abort());
  await page.reload();
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await page.unroute('**/assets/*.js');

  // "Follow the system" goes back to the system's preference, and follows it when it changes.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: /^Welcome/ })).toBeVisible();
  await schemes.getByRole('button', { name: 'Follow the system' }).click();
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');
});
