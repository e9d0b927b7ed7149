import { describe, expect, it } from 'vitest';

import { ApiError } from '../../api/problem';
import { problemBody } from './testing';
import { UploadInterrupted } from './upload';
import { describeUploadError } from './uploadErrors';

const SERVER_HASH = '06d11ddf34a123b9349118572b185bf4a2c66069ee24486f56e5b84a5b724882';

describe('describeUploadError', () => {
  it('puts field errors on their fields and nothing above the form', () => {
    const error = new ApiError(
      422,
      problemBody(422, 'Unprocessable Entity', {
        detail: 'the evidence is not valid',
        errors: [
          { field: 'title', message: 'is required (at most 300 characters)' },
          { field: 'collected_at', message: 'is in the future' },
        ],
      }),
    );
    expect(describeUploadError(error)).toEqual({
      fields: { title: 'Title is required (at most 300 characters)', collected_at: 'Collected at is in the future.' },
      mismatch: null,
      alert: null,
    });
  });

  it('reads the hash the server found from a sha256 mismatch', () => {
    const error = new ApiError(
      422,
      problemBody(422, 'Unprocessable Entity', {
        detail: 'hash mismatch',
        errors: [{ field: 'sha256', message: `does not match the file received (${SERVER_HASH}): nothing was kept` }],
      }),
    );
    const view = describeUploadError(error);
    expect(view.mismatch?.server).toBe(SERVER_HASH);
    expect(view.alert).toBeNull();
  });

  it('says plainly that a 413 file is too large and nothing was kept', () => {
    const view = describeUploadError(
      new ApiError(
        413,
        problemBody(413, 'Request Entity Too Large', { detail: 'the file is larger than this server accepts' }),
      ),
    );
    expect(view.alert?.title).toBe('File too large');
    expect(view.alert?.message).toMatch(/nothing was kept/);
    expect(view.fields.file).toMatch(/larger than the server accepts/);
  });

  it('lists field errors the form has no field for', () => {
    const error = new ApiError(
      422,
      problemBody(422, 'Unprocessable Entity', { errors: [{ field: 'case_id', message: 'is closed' }] }),
    );
    expect(describeUploadError(error).alert?.message).toBe('case_id: is closed');
  });

  it('explains an interrupted connection and a cancel', () => {
    expect(describeUploadError(new UploadInterrupted()).alert?.title).toBe('Upload interrupted');
    expect(describeUploadError(new DOMException('x', 'AbortError')).alert).toMatchObject({
      title: 'Upload cancelled',
      color: 'gray',
    });
    expect(describeUploadError(null)).toEqual({ fields: {}, mismatch: null, alert: null });
  });
});
