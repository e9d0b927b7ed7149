// Tasks on a case, in a real browser against the real server: a responder adds tasks, ticks a
// checklist, completes one, finds the open one in My work, and cannot close the case until they
// choose to cancel the open task. The Tasks tab passes axe, empty and filled.
import { expectAccessible } from './axe';
import { expect, test } from './fixtures';
import { api, assigneeOption, login, PASSWORD, signInAs } from './people';

/** A datetime-local value `days` from now (the input reads it in the reader's zone). */
const localIn = (days: number) => {
  const d = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

test('a responder works through tasks and closes the case only by cancelling the open one', async ({
  page,
  request,
  people,
  consoleGuard,
}, testInfo) => {
  consoleGuard.allow(/status of 409/); // the closing refused while a task is open
  const s = people.suffix;
  const token = await login(request, people.responder.email, PASSWORD);
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
  const c = await api<{ id: string; reference: string }>(request, token, 'POST', '/cases', {
    title: `Tasked intrusion ${s}`,
    category: 'unauthorised_access',
    severity: 'medium',
    breach_status: 'ruled_out',
    detected_at: hoursAgo(3),
    aware_at: hoursAgo(2),
    personal_data_involved: false,
  });

  await signInAs(page, people.responder);
  await page.goto(`/cases/${c.id}?tab=tasks`);
  const tab = page.getByRole('tabpanel', { name: 'Tasks' });
  await expect(tab.getByText('No tasks yet')).toBeVisible();
  await expectAccessible(page, testInfo, { label: 'Tasks tab, empty' });

  const addTask = async (title: string, group: string, days: number, items: string[]) => {
    await tab.getByRole('button', { name: 'New task' }).click();
    const dialog = page.getByRole('dialog', { name: 'New task' });
    await dialog.getByLabel('Title').fill(title);
    await dialog.getByLabel('Group').fill(group);
    await dialog.getByRole('combobox', { name: 'Assignee' }).click();
    await page.getByRole('option', { name: assigneeOption(people.responder) }).click();
    await dialog.getByLabel('Due').fill(localIn(days));
    for (const [i, text] of items.entries()) {
      await dialog.getByRole('button', { name: 'Add item' }).click();
      await dialog.getByRole('textbox', { name: `Item ${i + 1}`, exact: true }).fill(text);
    }
    await dialog.getByRole('button', { name: 'Add task' }).click();
    await expect(dialog).toHaveCount(0);
  };
  await addTask(`Image the laptop ${s}`, 'Containment', 1, ['Disk image', 'Memory dump']);
  await addTask(`Brief the press ${s}`, 'Communication', 2, []);

  const imaging = tab.getByRole('article', { name: `Image the laptop ${s}` });
  await expect(tab.getByRole('region', { name: 'Containment' })).toContainText(`Image the laptop ${s}`);
  await expect(tab.getByRole('region', { name: 'Communication' })).toContainText(`Brief the press ${s}`);
  await expect(imaging.getByText('0/2')).toBeVisible();
  // A tick is saved before it shows: the box follows the server's answer.
  await imaging.getByRole('checkbox', { name: 'Disk image' }).click();
  await expect(imaging.getByRole('checkbox', { name: 'Disk image' })).toBeChecked();
  await expect(imaging.getByText('1/2')).toBeVisible();
  await imaging.getByRole('checkbox', { name: 'Memory dump' }).click();
  await expect(imaging.getByText('2/2')).toBeVisible();
  await imaging.getByRole('combobox', { name: `Status of Image the laptop ${s}` }).click();
  await page.getByRole('option', { name: 'Done' }).click();
  await expect(imaging.getByRole('combobox', { name: `Status of Image the laptop ${s}` })).toHaveValue('Done');
  await expect(tab.getByText('1 open of 2')).toBeVisible();
  await expectAccessible(page, testInfo, { label: 'Tasks tab, with tasks' });

  // The timeline tells it.
  await page.getByRole('tab', { name: 'Activity' }).click();
  await expect(page.getByText(`ticked ‘Disk image’ on task ‘Image the laptop ${s}’`)).toBeVisible();

  // My work lists the open task, not the done one.
  await page.goto('/');
  const yours = page.getByRole('region', { name: 'Your tasks' });
  await expect(yours.getByRole('link', { name: `Brief the press ${s}` })).toBeVisible();
  await expect(yours.getByText(`Image the laptop ${s}`)).toHaveCount(0);
  await yours.getByRole('link', { name: `Brief the press ${s}` }).click();
  await expect(page.getByRole('tabpanel', { name: 'Tasks' })).toBeVisible();

  // Closing is refused while the task is open, until the closing cancels it.
  await page.getByRole('button', { name: 'Change status' }).click();
  await page.getByRole('menuitem', { name: 'Close the case' }).click();
  const closing = page.getByRole('dialog', { name: `Close ${c.reference}` });
  await closing.getByRole('button', { name: 'Close the case' }).click();
  await expect(closing.getByTestId('unmet-conditions')).toContainText('a task is still open');
  await closing.getByRole('checkbox', { name: 'Cancel the open task' }).check();
  await closing.getByRole('button', { name: 'Close the case' }).click();
  await expect(closing).toHaveCount(0);
  const after = page.getByRole('tabpanel', { name: 'Tasks' });
  await expect(after.getByText('The case is closed')).toBeVisible();
  await expect(after.getByRole('article', { name: `Brief the press ${s}` }).getByText('Cancelled')).toBeVisible();
  await expect(after.getByRole('article', { name: `Image the laptop ${s}` }).getByText('Done')).toBeVisible();
});
