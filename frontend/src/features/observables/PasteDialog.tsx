// Paste to add: the reader pastes an email, a report or a SIEM export; "Find observables" asks the server which
// typed values it holds (defanged or not), each in canonical form, with whether the case already holds it and in
// how many other cases it was seen. Nothing is written until "Add N observables", which sends the checked values
// in one request (all of them, or none), with the markings chosen once for all.
import { Alert, Button, Group, List, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertCircle, IconArrowLeft, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';

import { ApiError, errorMessage } from '../../api/problem';
import { humanize } from '../../components/humanize';
import { CandidateTable } from './CandidateTable';
import { addedReport, bulkErrors, cleanTags, sendable, type BulkErrors } from './forms';
import { MarkingFields } from './MarkingFields';
import { useAddObservables, usePreviewObservables } from './queries';
import type { ObservableCandidate, PAP, TLP } from './types';

interface Markings {
  tlp: TLP;
  pap: PAP;
  ioc: boolean;
  tags: string[];
}

interface Props {
  caseId: string;
  onClose: () => void;
  /** Called with how many were added and merged, once they are on the case. */
  onDone: (report: string) => void;
}

/** focusOnMount moves the keyboard to an element when it appears (a stable function: React calls it once). */
const focusOnMount = (el: HTMLElement | null) => el?.focus();

export function PasteDialog({ caseId, onClose, onDone }: Props) {
  const phone = useMediaQuery('(max-width: 48em)') ?? false;
  const [text, setText] = useState('');
  const [found, setFound] = useState<ObservableCandidate[] | null>(null);
  const [checked, setChecked] = useState<boolean[]>([]);
  const [errors, setErrors] = useState<BulkErrors | null>(null);
  const preview = usePreviewObservables(caseId);
  const add = useAddObservables(caseId);
  const form = useForm<Markings>({
    name: 'paste-observables',
    initialValues: { tlp: 'amber', pap: 'amber', ioc: false, tags: [] },
  });

  const count = checked.filter(Boolean).length;
  const onCase = found?.filter((c) => c.on_case).length ?? 0;
  const textMessage = preview.error instanceof ApiError ? preview.error.fieldErrors.text : undefined;
  const textError = textMessage ? humanize(textMessage, 'Pasted text', 'Text') : null;

  const find = () => {
    if (!text.trim()) return;
    preview.mutate(sendable(text), {
      onSuccess: (items) => {
        setFound(items);
        setChecked(items.map(() => true));
        setErrors(null);
        add.reset();
      },
    });
  };

  const confirm = form.onSubmit((m) => {
    if (!found) return;
    const chosen = found.map((c, i) => ({ c, i })).filter(({ i }) => checked[i]);
    if (chosen.length === 0) return;
    const tags = cleanTags(m.tags);
    const items = chosen.map(({ c }) => ({
      type: c.type,
      value: c.value,
      tlp: m.tlp,
      pap: m.pap,
      ioc: m.ioc,
      ...(tags.length ? { tags } : {}),
    }));
    setErrors(null);
    form.clearErrors();
    add.mutate(items, {
      onSuccess: (results) => {
        onDone(addedReport(results));
        onClose();
      },
      onError: (error) => {
        const sorted = bulkErrors(error);
        // The server counts the items it was sent: turn them back into the rows shown.
        const rows = new Map<number, string>();
        for (const [sent, message] of sorted.rows) {
          const row = chosen[sent];
          if (row) rows.set(row.i, message);
        }
        setErrors({ ...sorted, rows });
        form.setErrors(sorted.shared);
      },
    });
  });

  const unplaced = add.error && errors ? errors.others : [];
  const showAddError =
    add.error && (!(add.error instanceof ApiError) || add.error.status !== 422 || unplaced.length > 0);
  const rowsWithErrors = errors?.rows.size ?? 0;

  return (
    <Modal opened onClose={onClose} title="Paste to add observables" size="xl" fullScreen={phone} centered>
      {found === null ? (
        <form
          aria-label="Find observables in pasted text"
          onSubmit={(e) => {
            e.preventDefault();
            find();
          }}
        >
          <Stack gap="sm">
            {preview.error && !textError ? (
              <Alert
                color="red"
                variant="light"
                icon={<IconAlertCircle />}
                title="Could not read the text"
                role="alert"
              >
                {errorMessage(preview.error)}
              </Alert>
            ) : null}
            <Textarea
              // The modal focuses it when it opens; "Back to the text" brings it back, focused too.
              data-autofocus
              ref={focusOnMount}
              label="Pasted text"
              description="An email, a report, a SIEM export. Addresses, domains, URLs, email addresses, hashes and file names are found, defanged or not. Nothing is added until you confirm."
              autosize
              minRows={8}
              maxRows={16}
              spellCheck={false}
              dir="auto"
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              error={textError}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
            />
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button
                type="submit"
                leftSection={<IconSearch size={16} />}
                loading={preview.isPending}
                disabled={!text.trim()}
              >
                Find observables
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <form onSubmit={confirm} noValidate aria-label="Add the observables found">
          <Stack gap="sm">
            <Text size="sm" fw={600} tabIndex={-1} ref={focusOnMount} data-testid="preview-summary">
              {found.length === 0
                ? 'No observables found in this text.'
                : `Found ${found.length === 1 ? '1 value' : `${found.length} values`}${
                    onCase > 0 ? `; ${onCase} already on this case` : ''
                  }. Uncheck any you do not want to add.`}
            </Text>
            {found.length === 0 ? (
              <Text size="sm" c="dimmed">
                Nothing in the text looks like an address, a domain, a URL, an email address, a hash or a file name. Go
                back to change the text, or add a value by hand.
              </Text>
            ) : (
              <>
                <CandidateTable
                  items={found}
                  checked={checked}
                  onToggle={(i) => setChecked((c) => c.map((v, j) => (j === i ? !v : v)))}
                  onAll={(on) => setChecked(found.map(() => on))}
                  rowErrors={errors?.rows ?? new Map()}
                />
                <Text size="sm" fw={600} mt="xs">
                  Markings for every value added
                </Text>
                <MarkingFields
                  tlp={form.getInputProps('tlp')}
                  pap={form.getInputProps('pap')}
                  ioc={form.getInputProps('ioc', { type: 'checkbox' })}
                  tags={form.getInputProps('tags')}
                  tagsHelp="Values already on this case keep the stricter TLP and PAP and gain these tags."
                />
              </>
            )}
            {showAddError ? (
              <Alert color="red" variant="light" icon={<IconAlertCircle />} title="Nothing was added" role="alert">
                <Text size="sm">{errorMessage(add.error)}</Text>
                {unplaced.length > 0 ? (
                  <List size="sm" mt={4}>
                    {unplaced.map((o) => (
                      <List.Item key={o}>{o}</List.Item>
                    ))}
                  </List>
                ) : null}
              </Alert>
            ) : add.error ? (
              <Alert color="red" variant="light" icon={<IconAlertCircle />} role="alert" py={6}>
                <Text size="sm">
                  {rowsWithErrors > 0
                    ? `${rowsWithErrors === 1 ? '1 value was' : `${rowsWithErrors} values were`} refused: uncheck ${
                        rowsWithErrors === 1 ? 'it' : 'them'
                      } or fix the marking shown.`
                    : 'A marking was refused: fix the field shown.'}{' '}
                  Nothing was added.
                </Text>
              </Alert>
            ) : null}
            <Group justify="space-between" gap="xs">
              <Button
                variant="subtle"
                leftSection={<IconArrowLeft size={16} />}
                onClick={() => {
                  setFound(null);
                  setErrors(null);
                  add.reset();
                }}
                disabled={add.isPending}
              >
                Back to the text
              </Button>
              <Group gap="xs">
                <Button variant="default" onClick={onClose} disabled={add.isPending}>
                  Cancel
                </Button>
                {found.length > 0 ? (
                  <Button type="submit" loading={add.isPending} disabled={count === 0}>
                    {count === 1 ? 'Add 1 observable' : `Add ${count} observables`}
                  </Button>
                ) : null}
              </Group>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
