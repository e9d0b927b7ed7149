// Every regulator clock, in a real browser: a responder adds NIS2 Art. 23 to a case, sees its three
// phases, records the early warning, and the cases list then counts down to the next clock (the
// incident notification), with the regulator card passing axe.
import { expectAccessible } from './axe';
import { expect, keepScreenshot, signIn, test } from './fixtures';
import { api, login, PASSWORD, signInAs } from './people';

test('a responder adds NIS2 to a case, records the early warning, and the list shows the next clock', async ({
  page,
  request,
  people,
}, testInfo) => {
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
  const title = `Grid telemetry outage ${people.suffix}`;
  const token = await login(request, people.responder.email, PASSWORD);
  // No personal data: NIS2's are the only clocks. Aware two hours ago: the early warning is due in 22 h.
  const kase = await api<{ id: string; reference: string }>(request, token, 'POST', '/cases', {
    title,
    category: 'denial_of_service',
    severity: 'critical',
    detected_at: hoursAgo(3),
    aware_at: hoursAgo(2),
    personal_data_involved: false,
  });

  await signInAs(page, people.responder);
  await page.goto(`/cases/${kase.id}`);
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  const obligations = page.getByRole('region', { name: 'Other notification obligations' });
  await expect(obligations.getByText(/No other regime recorded/)).toBeVisible();

  await obligations.getByRole('combobox', { name: 'Another regime applies' }).click();
  await page.getByRole('option', { name: 'NIS2 Art. 23' }).click();
  await obligations.getByRole('button', { name: 'Add' }).click();

  const nis2 = obligations.getByTestId('obligation').filter({ hasText: 'NIS2 Art. 23' });
  const phases = nis2.getByTestId('obligation-phase');
  await expect(phases).toHaveCount(3);
  await expect(phases.nth(0)).toContainText('Early warning');
  await expect(phases.nth(0).getByTestId('phase-deadline')).toHaveText(/due in 2[12] h/);
  await expect(phases.nth(1)).toContainText('Incident notification');
  await expect(phases.nth(1).getByTestId('phase-deadline')).toHaveText(/due in 2 d 2[12] h/);
  await expect(phases.nth(2)).toContainText('1 month after phase 2 is submitted');
  await expect(phases.nth(2).getByTestId('phase-deadline')).toHaveText('after the previous phase');
  // The header counts down to the nearest clock: the early warning.
  const header = page.getByTestId('regulator-deadline').first();
  await expect(header).toHaveText(/due in 2[12] h/);
  await expect(header).toHaveAttribute('title', /NIS2 Art\. 23 · Early warning/);
  await expectAccessible(page, testInfo, { label: 'case with NIS2 obligation' });

  // Record the early warning as sent a minute ago.
  await nis2.getByRole('button', { name: 'Record Early warning (NIS2 Art. 23)' }).click();
  const form = page.getByRole('form', { name: 'NIS2 Art. 23: Early warning' });
  const sent = new Date(Date.now() - 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  await form
    .getByLabel('Submitted at')
    .fill(
      `${sent.getFullYear()}-${pad(sent.getMonth() + 1)}-${pad(sent.getDate())}T${pad(sent.getHours())}:${pad(sent.getMinutes())}`,
    );
  await form.getByLabel('Reference').fill(`CSIRT-EW-${people.suffix}`);
  await expectAccessible(page, testInfo, { label: 'phase form' });
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form).toHaveCount(0);
  await expect(phases.nth(0).getByTestId('phase-deadline')).toHaveText('submitted');
  await expect(phases.nth(0)).toContainText(`CSIRT-EW-${people.suffix}`);
  await expect(header).toHaveAttribute('title', /NIS2 Art\. 23 · Incident notification/);
  await keepScreenshot(obligations, testInfo, 'nis2-obligation.png');

  // The cases list, sorted by deadline, counts down to the incident notification now.
  await page.goto(`/cases?q=${encodeURIComponent(people.suffix)}&sort=regulator_due`);
  const row = page.getByTestId('case-row').filter({ hasText: kase.reference });
  await expect(row).toBeVisible();
  const clock = row.getByTestId('regulator-deadline');
  await expect(clock).toHaveText(/due in 2 d 2[12] h/);
  await expect(clock).toHaveAttribute('title', /NIS2 Art\. 23 · Incident notification/);
  await expectAccessible(page, testInfo, { label: 'cases list with the next clock' });
});

test('an admin adds a regime with a relative phase, then retires it', async ({
  page,
  people,
  adminPassword,
  consoleGuard,
}, testInfo) => {
  consoleGuard.allow(/status of 422/); // the refused first try, on purpose
  const name = `DORA Art. 19 ${people.suffix}`;
  await page.goto('/admin/regimes');
  await signIn(page, adminPassword);
  await expect(page.getByRole('heading', { name: 'Regimes', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'NIS2 Art. 23' })).toContainText(
    'Final report — 1 month after phase 2 is submitted',
  );

  await page.getByRole('button', { name: 'New regime' }).click();
  const dialog = page.getByRole('dialog', { name: 'New regime' });
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await dialog.getByLabel('Phase 1 name').fill('Initial notification');
  await dialog.getByLabel('Phase 1 offset').fill('4');
  await dialog.getByRole('button', { name: 'Add a phase' }).click();
  await dialog.getByLabel('Phase 2 name').fill('Final report');
  await dialog.getByRole('combobox', { name: 'Phase 2 deadline' }).click();
  await page.getByRole('option', { name: 'After an earlier phase is submitted' }).click();
  await dialog.getByLabel('Phase 2 offset').fill('1');
  await dialog.getByRole('combobox', { name: 'Phase 2 unit' }).click();
  await page.getByRole('option', { name: 'months' }).click();
  await expectAccessible(page, testInfo, { label: 'new regime dialog' });
  // The phase it follows is left out: the server names the field, and nothing is created.
  await dialog.getByRole('button', { name: 'Create regime' }).click();
  await expect(dialog.getByText('Must name an earlier phase of this regime (1 for the first).')).toBeVisible();
  await dialog.getByLabel('Phase 2 follows phase').fill('1');
  await dialog.getByRole('button', { name: 'Create regime' }).click();
  await expect(dialog).toBeHidden();

  const card = page.getByRole('region', { name });
  await expect(card).toContainText('Initial notification — 4 h from awareness');
  await expect(card).toContainText('Final report — 1 month after phase 1 is submitted');
  await card.getByRole('button', { name: 'Retire' }).click();
  await expect(card).toContainText('Retired');
  await expect(card.getByRole('button', { name: 'Reinstate' })).toBeVisible();
  await expectAccessible(page, testInfo, { label: 'regimes' });
});
