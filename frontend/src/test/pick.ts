// Choosing an option of a Mantine select field, from the field's own option list (several fields may offer the same names).
import { waitFor, within } from '@testing-library/react';
import type userEvent from '@testing-library/user-event';

export async function pick(
  user: ReturnType<typeof userEvent.setup>,
  container: HTMLElement,
  field: RegExp | string,
  option: string,
) {
  const input = within(container).getByLabelText(field);
  await user.click(input);
  const list = await waitFor(() => {
    const el = document.getElementById(input.getAttribute('aria-controls') ?? '');
    if (!el) throw new Error(`no option list for ${String(field)}`);
    return el;
  });
  await user.click(within(list).getByRole('option', { name: option, hidden: true }));
}
