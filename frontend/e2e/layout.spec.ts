// Every page fits (issue 20): at 1 440 × 900 and on a 390 × 844 phone no page scrolls sideways,
// on the phone no table scrolls sideways inside its frame either (they fold into cards), and at
// 1 440 px the case page's evidence table shows all its columns without a scroll bar; at 1 280 px so
// does the cases list.
import type { APIRequestContext, Locator, Page } from '@playwright/test';

import { ADMIN_EMAIL, expect, signIn, test } from './fixtures';
import { api, login } from './people';

const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
];

/** caseWithEvidence opens a case with four evidence items (one verified) and a suspended service, and names both. */
async function caseWithEvidence(request: APIRequestContext, token: string) {
  const now = new Date().toISOString();
  const tag = Date.now().toString(36);
  const c = await api<{ id: string }>(request, token, 'POST', '/cases', {
    title: `Ransomware on the finance file server with exfiltration of payroll exports ${tag}`,
    category: 'malware',
    severity: 'high',
    detected_at: now,
    aware_at: now,
    personal_data_involved: true,
  });
  const items: [title: string, kind: string, file: string][] = [
    ['Disk image of the finance file server taken before reimaging', 'disk_image', 'fs01-full-disk-image.E01'],
    ['Firewall egress log for the night of the exfiltration', 'log', 'fw-egress-2026-12-04.log'],
    ['Phishing mail headers', 'email', 'headers.eml'],
    ['Memory capture', 'memory_dump', 'fs01-mem.raw'],
  ];
  for (const [title, kind, name] of items) {
    const upload = await request.post(`/api/v1/cases/${c.id}/evidence`, {
      headers: { Authorization: `Bearer ${token}` },
      multipart: { title, kind, file: { name, mimeType: 'application/octet-stream', buffer: Buffer.alloc(4096, 7) } },
    });
    expect(upload.ok(), await upload.text()).toBe(true);
    if (kind === 'log') {
      const { id } = (await upload.json()) as { id: string };
      await api(request, token, 'POST', `/evidence/${id}/verify`, {});
    }
  }
  const department = await api<{ id: string }>(request, token, 'POST', '/departments', { name: `Payroll ${tag}` });
  const service = await api<{ id: string; name: string }>(request, token, 'POST', '/services', {
    name: `Payroll exports ${tag}`,
    department_id: department.id,
  });
  const s = await api<{ id: string }>(request, token, 'POST', `/cases/${c.id}/suspensions`, {
    service_id: service.id,
    reason: 'Contain the ransomware before it reaches the payroll system',
    decided_by: 'CISO',
  });
  await api(request, token, 'POST', `/suspensions/${s.id}/milestones`, {
    title: 'Restore the payroll exports from the offline backup',
  });
  return { caseId: c.id, service: service.name };
}

/** Step: a page (or a tab of the page before, when tab is given) and what shows once it has loaded. */
interface Step {
  path: string;
  tab?: string;
  loaded: (page: Page) => Locator;
}

function steps({ caseId, service }: { caseId: string; service: string }): Step[] {
  const heading = (name: string) => (page: Page) => page.getByRole('heading', { level: 1, name });
  const casePage = `/cases/${caseId}`;
  return [
    { path: '/', loaded: (page) => page.getByRole('heading', { name: 'My open cases' }) },
    { path: '/cases', loaded: (page) => page.getByTestId('case-row').first() },
    { path: '/exports', loaded: heading('Exports') },
    { path: '/restoration', loaded: (page) => page.getByRole('link', { name: service }).first() },
    { path: '/audit', loaded: (page) => page.getByTestId('audit-row').first() },
    { path: '/admin/users', loaded: (page) => page.getByRole('table', { name: 'Users' }) },
    { path: '/services', loaded: (page) => page.getByRole('table', { name: 'Services' }) },
    { path: '/admin/departments', loaded: heading('Departments') },
    { path: '/account', loaded: heading('Your account') },
    { path: casePage, loaded: (page) => page.getByRole('heading', { name: 'Activity' }) },
    { path: casePage, tab: 'Suspensions', loaded: (page) => page.getByRole('link', { name: service }) },
    { path: casePage, tab: 'Evidence', loaded: (page) => page.getByTestId('evidence-row').nth(3) },
  ];
}

/** visit moves to path inside the app, as a link would (no reload, so the session is not restored each time). */
async function visit(page: Page, path: string) {
  await page.evaluate((to) => {
    window.history.pushState({}, '', to);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, path);
}

/** tableOverflow lists the tables wider than their scrolling frame, with both widths. */
function tableOverflow(page: Page) {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('table')).flatMap((table) => {
      const frame = table.closest<HTMLElement>('.mantine-ScrollArea-viewport') ?? table.parentElement!;
      const name = table.getAttribute('aria-label') ?? 'a table';
      return frame.scrollWidth > frame.clientWidth ? [`${name}: ${frame.scrollWidth} > ${frame.clientWidth}`] : [];
    }),
  );
}

/** The case both tests look at, made by the first. */
let made: ReturnType<typeof caseWithEvidence> | undefined;

for (const viewport of VIEWPORTS) {
  test(`every page fits ${viewport.width} px`, async ({ page, request, adminPassword }) => {
    made ??= login(request, ADMIN_EMAIL, adminPassword).then((token) => caseWithEvidence(request, token));
    const kase = await made;
    await page.setViewportSize(viewport);
    await page.goto('/login');
    await signIn(page, adminPassword);
    for (const { path, tab, loaded } of steps(kase)) {
      const where = tab ? `${path} (${tab})` : path;
      if (tab) await page.getByRole('tab', { name: tab }).click();
      else await visit(page, path);
      await expect(loaded(page), where).toBeVisible();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `${where} scrolls sideways`).toBeLessThanOrEqual(viewport.width);
      if (viewport.width < 600) expect(await tableOverflow(page), `${where}: a table scrolls sideways`).toEqual([]);
    }

    // The case's tabs sit on one line, scrolling sideways on a phone rather than wrapping.
    const tops = await page
      .getByRole('tablist')
      .first()
      .getByRole('tab')
      .evaluateAll((tabs) => tabs.map((t) => Math.round(t.getBoundingClientRect().top)));
    expect(new Set(tops).size, `the case's tabs on ${new Set(tops).size} lines`).toBe(1);

    // The last step opened the case's evidence tab.
    const table = page.getByRole('table', { name: 'Evidence items' });
    await expect(page.getByTestId('evidence-row')).toHaveCount(4);
    expect(await tableOverflow(page)).toEqual([]);
    if (viewport.width > 600) {
      // All five columns in view, the last one included.
      const frame = await table.evaluate(
        (t) => t.closest('.mantine-ScrollArea-viewport')!.getBoundingClientRect().right,
      );
      const last = await table.getByRole('columnheader', { name: 'Last verified' }).boundingBox();
      expect(last!.x + last!.width).toBeLessThanOrEqual(frame + 0.5);
      await expect(table.getByRole('columnheader')).toHaveText([
        'Item',
        'Size',
        'SHA-256',
        'Collected',
        'Last verified',
      ]);
    }
  });
}

test('at 1 280 px the cases list shows every column without a scroll bar', async ({ page, request, adminPassword }) => {
  // The case with the long title and a running regulator clock, the widest a row gets.
  made ??= login(request, ADMIN_EMAIL, adminPassword).then((token) => caseWithEvidence(request, token));
  await made;
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/login');
  await signIn(page, adminPassword);
  await visit(page, '/cases');
  await expect(page.getByTestId('regulator-deadline').first()).toHaveText(/due in/);
  expect(await tableOverflow(page)).toEqual([]);
  await expect(page.getByRole('table', { name: 'Cases' }).getByRole('columnheader').last()).toBeInViewport({
    ratio: 1,
  });
});
