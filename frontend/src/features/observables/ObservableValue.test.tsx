import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { FakeServer } from '../../test/fakeServer';
import { renderComponent } from '../../test/renderComponent';
import { ObservableValue } from './ObservableValue';

describe('ObservableValue', () => {
  it('cuts a long value to a few lines until asked, and is never a link', async () => {
    const value = `https://evil.example/${'a/'.repeat(100)}`;
    renderComponent(<ObservableValue value={value} />, new FakeServer());
    const text = screen.getByTestId('observable-value');
    expect(text).toHaveTextContent(value);
    expect(text).toHaveAttribute('data-line-clamp', 'true');
    expect(text.closest('a')).toBeNull();
    expect(screen.queryByRole('link')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: `Show all ${value.length} characters` }));
    expect(screen.getByTestId('observable-value')).not.toHaveAttribute('data-line-clamp');
    expect(screen.getByRole('button', { name: 'Show less' })).toBeInTheDocument();
  });

  it('shows a short value whole, in its own direction', () => {
    renderComponent(<ObservableValue value="faktura.pdf.exe" />, new FakeServer());
    expect(screen.getByTestId('observable-value')).toHaveAttribute('dir', 'auto');
    expect(screen.queryByRole('button', { name: /Show all/ })).toBeNull();
    expect(screen.getByRole('button', { name: 'Copy the value' })).toBeInTheDocument();
  });
});
