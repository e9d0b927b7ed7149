// Searching the cases list as you type: the last word matches as a prefix, a reference by part of its
// number, and the matches are marked in the list.
import { expect, test } from './fixtures';
import { api, goTo, signInAs } from './people';

test('a responder finds a case by a word half typed and by its number without leading zeros', async ({
  page,
  request,
  people,
}) => {
  const now = new Date().toISOString();
  // A word only this case holds: other tests of the worker add cases with the same people's suffix.
  const word = `citizens${Date.now().toString(36)}`;
  const created = await api<{ id: string; reference: string }>(request, people.adminToken, 'POST', '/cases', {
    title: `Phishing wave against ${word}`,
    category: 'phishing',
    severity: 'high',
    department_id: people.home.id,
    detected_at: now,
    aware_at: now,
    personal_data_involved: false,
  });
  const number = created.reference.slice(created.reference.lastIndexOf('-') + 1); // e.g. 0042
  expect(number).toMatch(/^0/); // a fresh database: the point is the leading zeros

  await signInAs(page, people.responder);
  await goTo(page, 'Cases');
  const search = page.getByRole('textbox', { name: 'Search cases' });
  const link = page.getByRole('link', { name: created.reference, exact: true });

  // A word half typed after a whole one: the case is found, its title's match marked.
  await search.fill(`${word} phish`);
  await expect(page).toHaveURL(/q=/);
  await expect(link).toBeVisible();
  await expect(page.getByTestId('case-row')).toHaveCount(1);
  await expect(page.getByTestId('case-row').locator('mark')).toHaveText(['Phish', word]);

  // The number without its leading zeros, and the year and number together.
  await search.fill(String(Number(number)));
  await expect(link).toBeVisible();
  const year = created.reference.split('-')[1] ?? '';
  await search.fill(`${year}-${number}`);
  await expect(link).toBeVisible();
  await expect(link.locator('mark')).toHaveText([year, number]);

  // Query syntax typed by a user is only punctuation: no error, the same case.
  await search.fill(`"${word}" & !phish:*`);
  await expect(link).toBeVisible();
  await expect(page.getByTestId('case-row')).toHaveCount(1);

  // A word no case holds: the empty state.
  await search.fill(`${word} phishx`);
  await expect(page.getByText('No cases match these filters')).toBeVisible();
});
