import { describe, expect, it } from 'vitest';

import { ApiError } from '../api/problem';
import { relabel } from './relabel';

describe('relabel', () => {
  it("puts the form's label where the server's starts a field message, and leaves the rest", () => {
    const error = new ApiError(422, {
      type: 'about:blank',
      status: 422,
      title: 'Unprocessable Entity',
      errors: [
        { field: 'body', message: 'Text is required.' },
        { field: 'audience', message: 'Audience must be internal or public.' },
        { field: 'from_party', message: 'Textual nonsense.' },
      ],
    });
    const out = relabel(error, { body: ['Text', 'Update'], from_party: ['Text', 'From'] });
    expect(out).toBeInstanceOf(ApiError);
    expect((out as ApiError).fieldErrors).toEqual({
      body: 'Update is required.',
      audience: 'Audience must be internal or public.',
      from_party: 'Textual nonsense.',
    });
    expect((out as ApiError).status).toBe(422);
  });

  it('passes anything else through', () => {
    const network = new TypeError('Failed to fetch');
    expect(relabel(network, { body: ['Text', 'Update'] })).toBe(network);
  });
});
