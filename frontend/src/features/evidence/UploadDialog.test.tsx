import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { FakeServer, json } from '../../test/fakeServer';
import { ABC_SHA256, CASE_ID, evidence, FakeXHR, problemBody, renderSignedIn } from './testing';
import { UploadDialog } from './UploadDialog';
import { wallTimeToUtc } from '../../components/zones';

const SERVER_HASH = '06d11ddf34a123b9349118572b185bf4a2c66069ee24486f56e5b84a5b724882';

function renderDialog(onClose = vi.fn()) {
  const server = new FakeServer().on(`GET /cases/${CASE_ID}/evidence`, () => json(200, { items: [] }));
  const view = renderSignedIn(<UploadDialog caseId={CASE_ID} opened onClose={onClose} />, server);
  return { ...view, onClose, dialog: () => screen.getByRole('dialog', { name: 'Add evidence' }) };
}

async function fill(user: ReturnType<typeof userEvent.setup>) {
  const dialog = await screen.findByRole('dialog', { name: 'Add evidence' });
  await user.upload(
    within(dialog).getByLabelText('Evidence file'),
    new File(['abc'], 'fw.log', { type: 'text/plain' }),
  );
  expect(await within(dialog).findByTestId('browser-sha256')).toHaveTextContent(ABC_SHA256);
  await user.click(within(dialog).getByRole('combobox', { name: 'Kind' }));
  await user.click(await screen.findByRole('option', { name: 'Log', hidden: true }));
  return dialog;
}

beforeEach(() => {
  FakeXHR.reset();
  vi.stubGlobal('XMLHttpRequest', FakeXHR);
});
afterEach(() => vi.unstubAllGlobals());

describe('UploadDialog', { timeout: 20_000 }, () => {
  it('hashes the chosen file in the browser and sends the hash with the file last', async () => {
    const user = userEvent.setup();
    const { onClose } = renderDialog();
    const dialog = await fill(user);
    expect(within(dialog).getByRole('textbox', { name: 'Title' })).toHaveValue('fw.log');

    await user.click(within(dialog).getByRole('button', { name: 'Upload' }));

    await waitFor(() => expect(onClose).toHaveBeenCalled());
    const [sent] = FakeXHR.sent;
    expect(sent?.body.get('sha256')).toBe(ABC_SHA256);
    expect(sent?.body.get('kind')).toBe('log');
    expect(sent?.body.get('title')).toBe('fw.log');
    expect(sent?.body.has('collected_at')).toBe(false); // untouched: now, stamped by the server
    expect([...(sent?.body.keys() ?? [])].at(-1)).toBe('file');
  });

  it('sends a collection time typed in the browser’s zone as UTC', async () => {
    const user = userEvent.setup();
    const { onClose } = renderDialog();
    const dialog = await fill(user);
    fireEvent.change(within(dialog).getByLabelText(/^Collected at/), { target: { value: '2026-03-01T09:30' } });
    await user.click(within(dialog).getByRole('button', { name: 'Upload' }));

    await waitFor(() => expect(onClose).toHaveBeenCalled());
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(FakeXHR.sent[0]?.body.get('collected_at')).toBe(wallTimeToUtc('2026-03-01T09:30', zone));
  });

  it('takes a file dropped on the zone', async () => {
    renderDialog();
    const zone = await screen.findByTestId('evidence-drop-zone');
    const file = new File(['abc'], 'capture.pcap');
    fireEvent.dragEnter(zone, { dataTransfer: { types: ['Files'], files: [file] } });
    expect(zone).toHaveTextContent('Drop the file to add it');
    fireEvent.drop(zone, { dataTransfer: { types: ['Files'], files: [file] } });
    expect(await screen.findByTestId('selected-file-name')).toHaveTextContent('capture.pcap');
    expect(await screen.findByTestId('browser-sha256')).toHaveTextContent(ABC_SHA256);
  });

  it('takes one file per item and says so when several are dropped', async () => {
    renderDialog();
    const zone = await screen.findByTestId('evidence-drop-zone');
    const files = [new File(['abc'], 'one.log'), new File(['def'], 'two.log'), new File(['ghi'], 'three.log')];
    fireEvent.drop(zone, { dataTransfer: { types: ['Files'], files } });
    expect(await screen.findByTestId('selected-file-name')).toHaveTextContent('one.log');
    expect(screen.getByText(/Only one.log was taken \(2 more dropped\)/)).toBeInTheDocument();
  });

  it('shows a real progress bar while the bytes go up', async () => {
    FakeXHR.respond = () => 'pending';
    const user = userEvent.setup();
    renderDialog();
    const dialog = await fill(user);
    await user.click(within(dialog).getByRole('button', { name: 'Upload' }));

    await waitFor(() => expect(FakeXHR.sent).toHaveLength(1));
    FakeXHR.sent[0]!.xhr.upload.onprogress?.({ lengthComputable: true, loaded: 40, total: 100 });
    const bar = await within(dialog).findByRole('progressbar', { name: 'Upload progress' });
    await waitFor(() => expect(bar).toHaveAttribute('aria-valuenow', '40'));
    expect(dialog).toHaveTextContent('Uploading: 40% (40 bytes of 100 bytes)');
    expect(within(dialog).getByRole('button', { name: 'Cancel upload' })).toBeInTheDocument();
  });

  it('shows server field errors on their fields', async () => {
    FakeXHR.respond = () => ({
      status: 422,
      body: problemBody(422, 'Unprocessable Entity', {
        detail: 'the evidence is not valid',
        errors: [
          { field: 'collected_at', message: 'is in the future' },
          { field: 'source', message: 'is too long' },
        ],
      }),
    });
    const user = userEvent.setup();
    const { onClose } = renderDialog();
    const dialog = await fill(user);
    await user.click(within(dialog).getByRole('button', { name: 'Upload' }));

    expect(await within(dialog).findByText('Collected at is in the future.')).toBeInTheDocument();
    const source = within(dialog).getByRole('textbox', { name: 'Source' });
    expect(source).toHaveAccessibleDescription(/Source is too long/);
    // Both at once, the first in the form's order focused, a summary by the buttons.
    await waitFor(() => expect(source).toHaveFocus());
    expect(within(dialog).getByRole('alert')).toHaveTextContent('2 fields need attention. Nothing was saved.');
    expect(within(dialog).queryByRole('alert', { name: /Could not upload/ })).toBeNull();
    expect(onClose).not.toHaveBeenCalled();
  });

  it('says plainly when the file is too large (413)', async () => {
    FakeXHR.respond = () => ({
      status: 413,
      body: problemBody(413, 'Request Entity Too Large', { detail: 'the file is larger than this server accepts' }),
    });
    const user = userEvent.setup();
    renderDialog();
    const dialog = await fill(user);
    await user.click(within(dialog).getByRole('button', { name: 'Upload' }));

    const alert = await within(dialog).findByRole('alert', { name: 'File too large' });
    expect(alert).toHaveTextContent(/larger than this Caseward server accepts, so nothing was kept/);
  });

  it('says plainly when the server received other bytes than were hashed', async () => {
    FakeXHR.respond = () => ({
      status: 422,
      body: problemBody(422, 'Unprocessable Entity', {
        detail: 'hash mismatch',
        errors: [{ field: 'sha256', message: `does not match the file received (${SERVER_HASH}): nothing was kept` }],
      }),
    });
    const user = userEvent.setup();
    renderDialog();
    const dialog = await fill(user);
    await user.click(within(dialog).getByRole('button', { name: 'Upload' }));

    const alert = await within(dialog).findByRole('alert', { name: 'SHA-256 mismatch: nothing was kept' });
    expect(alert).toHaveTextContent(`Browser: ${ABC_SHA256}`);
    expect(alert).toHaveTextContent(`Server: ${SERVER_HASH}`);
  });

  it('asks for a title and a kind, both at once, before sending the bytes', async () => {
    const user = userEvent.setup();
    renderDialog();
    const dialog = await screen.findByRole('dialog', { name: 'Add evidence' });
    await user.click(within(dialog).getByRole('button', { name: 'Add item' }));

    const title = within(dialog).getByRole('textbox', { name: 'Title' });
    expect(title).toHaveAccessibleDescription('Title is required: give the item a title.');
    expect(within(dialog).getByText('Kind is required: choose what kind of evidence this is.')).toBeInTheDocument();
    await waitFor(() => expect(title).toHaveFocus());
    expect(within(dialog).getByRole('alert')).toHaveTextContent('2 fields need attention.');
    expect(FakeXHR.sent).toHaveLength(0);
  });

  it('records an item without a file', async () => {
    FakeXHR.respond = () => ({
      status: 201,
      body: evidence({ file_name: null, file_size: null, sha256: null, content_type: null }),
    });
    const user = userEvent.setup();
    const { onClose } = renderDialog();
    const dialog = await screen.findByRole('dialog', { name: 'Add evidence' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Title' }), 'Laptop in evidence bag 12');
    await user.click(within(dialog).getByRole('combobox', { name: 'Kind' }));
    await user.click(await screen.findByRole('option', { name: 'Other', hidden: true }));
    await user.click(within(dialog).getByRole('button', { name: 'Add item' }));

    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(FakeXHR.sent[0]?.body.has('file')).toBe(false);
    expect(FakeXHR.sent[0]?.body.has('sha256')).toBe(false);
  });
});
