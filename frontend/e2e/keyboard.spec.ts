// The main stories without a mouse: sign in, skip to the content, open a case from the list, add a note, change
// the status through the menu, and open and close dialogs with Escape, with the focus always visible.
import type { Locator, Page } from '@playwright/test';

import { ADMIN_EMAIL, expect, test } from './fixtures';
import { api, login } from './people';

/** tabTo presses Tab (or Shift+Tab) until target has the focus, and checks that the focus can be seen there. */
async function tabTo(page: Page, target: Locator, { back = false, max = 80 } = {}): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) {
      await expectFocusVisible(target);
      return;
    }
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`tabTo: ${target.toString()} never had the focus after ${max} presses`);
}

/**
 * expectFocusVisible: the element has the focus, the browser treats it as keyboard focus, and it is drawn:
 * an outline or a ring, or for a text field the border in the primary colour (Mantine's focused input).
 */
async function expectFocusVisible(target: Locator): Promise<void> {
  await expect(target).toBeFocused();
  // Polled: a field's border colour eases in over a few milliseconds.
  const ring = () =>
    target.evaluate((el) => {
      const style = getComputedStyle(el);
      const probe = document.createElement('span');
      probe.style.color = 'var(--mantine-primary-color-filled)';
      document.body.append(probe);
      const primary = getComputedStyle(probe).color;
      probe.remove();
      return {
        focusVisible: el.matches(':focus-visible'),
        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
        shadow: style.boxShadow !== 'none',
        border: (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) && style.borderColor === primary,
      };
    });
  await expect.poll(async () => (await ring()).focusVisible, { message: 'the focus is keyboard focus' }).toBe(true);
  await expect
    .poll(
      async () => {
        const r = await ring();
        return r.outline || r.shadow || r.border;
      },
      { message: 'the focus is drawn (outline, ring or border)' },
    )
    .toBe(true);
}

async function signInWithKeyboard(page: Page, password: string): Promise<void> {
  await page.goto('/login');
  await expect(page.getByLabel('Email', { exact: true })).toBeFocused();
  await page.keyboard.type(ADMIN_EMAIL);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Password', { exact: true })).toBeFocused();
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('user-name')).toHaveText('Administrator');
}

test('sign in, skip to the content, and open a case from the list with the keyboard', async ({
  page,
  request,
  adminPassword,
}) => {
  test.setTimeout(60_000);
  const admin = await login(request, ADMIN_EMAIL, adminPassword);
  const suffix = Date.now().toString(36);
  const title = `Keyboard case ${suffix}`;
  const department = await api<{ id: string }>(request, admin, 'POST', '/departments', { name: `Keys ${suffix}` });
  const now = new Date().toISOString();
  const c = await api<{ id: string; reference: string }>(request, admin, 'POST', '/cases', {
    title,
    category: 'other',
    severity: 'low',
    detected_at: now,
    aware_at: now,
    personal_data_involved: false,
    department_id: department.id,
  });

  await signInWithKeyboard(page, adminPassword);

  // The first Tab on a page reaches "Skip to content", shown on focus; Enter puts the focus in the page.
  await page.goto('/cases');
  await expect(page.getByRole('heading', { level: 1, name: 'Cases' })).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expectFocusVisible(skip);
  const box = await skip.boundingBox();
  expect(box && box.y >= 0 && box.height > 10, 'the skip link is on screen while focused').toBe(true);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();
  await expect(page).toHaveURL(/\/cases$/);

  // From the page's start, on to the case's link in the list, and open it.
  await tabTo(page, page.getByRole('link', { name: c.reference }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/cases/${c.id}$`));
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
});

test('add a note, change the status through the menu, and close dialogs with Escape, all by keyboard', async ({
  page,
  request,
  adminPassword,
}) => {
  test.setTimeout(60_000);
  const admin = await login(request, ADMIN_EMAIL, adminPassword);
  const suffix = Date.now().toString(36);
  const title = `Keyboard note ${suffix}`;
  const department = await api<{ id: string }>(request, admin, 'POST', '/departments', { name: `Notes ${suffix}` });
  const now = new Date().toISOString();
  const c = await api<{ id: string }>(request, admin, 'POST', '/cases', {
    title,
    category: 'other',
    severity: 'low',
    detected_at: now,
    aware_at: now,
    personal_data_involved: false,
    department_id: department.id,
  });

  await signInWithKeyboard(page, adminPassword);
  await page.goto(`/cases/${c.id}`);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();

  // A note: Tab to the box, type, Tab to its button, Enter.
  const composer = page.getByRole('form', { name: 'Add a note' });
  await tabTo(page, composer.getByRole('textbox', { name: 'Note' }));
  await page.keyboard.type('Checked the logs with the keyboard only.');
  await tabTo(page, composer.getByRole('button', { name: /^Add / }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('note-body').first()).toHaveText('Checked the logs with the keyboard only.');

  // The status menu: Enter opens it, the arrows move, Enter picks; the dialog takes the focus.
  const changeStatus = page.getByRole('button', { name: 'Change status' });
  await tabTo(page, changeStatus, { back: true });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menu')).toBeVisible();
  const firstMove = page.getByRole('menuitem').first();
  await expect(firstMove).toBeFocused();
  const moveLabel = (await firstMove.innerText()).trim();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();

  // Escape closes it without moving the case, and the focus comes back to the page.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('case-status')).not.toContainText(moveLabel);

  // Again, this time through to the end.
  await tabTo(page, changeStatus, { back: true });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem', { name: moveLabel })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('textbox', { name: 'Note' })).toBeFocused();
  await page.keyboard.type('Moved by keyboard.');
  await tabTo(page, dialog.getByRole('button', { name: /^(Move to|Close the case)/ }));
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('case-status')).toContainText(moveLabel);

  // The new-case dialog on the list: opened with Enter, closed with Escape, the focus back on its button.
  await page.goto('/cases');
  const newCase = page.getByRole('button', { name: 'New case' }).first();
  await tabTo(page, newCase);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'New case' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'New case' })).toBeHidden();
  await expect(newCase).toBeFocused();
});
