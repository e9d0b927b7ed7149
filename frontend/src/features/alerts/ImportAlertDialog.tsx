// Import an alert as a new case: the case's title, summary and severity come from the alert; the dialog
// asks what an alert does not say (category, personal data) and offers a playbook.
import { Alert as Notice, Button, Checkbox, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';

import { errorMessage } from '../../api/problem';
import { categories, categoryLabel, isOneOf, options } from '../../components/caseLabels';
import { splitErrors } from '../../components/formErrors';
import type { Category } from '../../api/types';
import { PlaybookPicker } from '../playbooks/PlaybookPicker';
import { useImportAlert } from './queries';
import type { Alert } from './types';

export function ImportAlertDialog({
  alert,
  onClose,
  onImported,
}: {
  alert: Alert;
  onClose: () => void;
  onImported: (caseId: string) => void;
}) {
  const importAlert = useImportAlert();
  const [title, setTitle] = useState(alert.title);
  const [category, setCategory] = useState<Category | null>(null);
  const [personal, setPersonal] = useState(false);
  const [playbookId, setPlaybookId] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  const split = splitErrors(importAlert.error, ['title', 'category', 'personal_data_involved', 'playbook_id'] as const);
  const submit = () => {
    if (!category) {
      setMissing(true);
      return;
    }
    importAlert.mutate(
      {
        alert,
        body: {
          category,
          personal_data_involved: personal,
          ...(title.trim() && title.trim() !== alert.title ? { title: title.trim() } : {}),
          ...(playbookId ? { playbook_id: playbookId } : {}),
        },
      },
      { onSuccess: (a) => (a.case_id ? onImported(a.case_id) : onClose()) },
    );
  };
  return (
    <Modal opened onClose={onClose} title="Import as a case" centered size="lg">
      <Stack>
        <TextInput
          label="Title"
          required
          maxLength={300}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          error={split.fields.title}
          dir="auto"
        />
        <Select
          label="Category"
          required
          placeholder="Choose a category"
          data={options(categories, (c) => categoryLabel[c])}
          value={category}
          onChange={(v) => {
            setCategory(isOneOf(categories, v) ? v : null);
            setMissing(false);
          }}
          error={missing ? 'Choose the category of the incident.' : split.fields.category}
          data-autofocus
        />
        <Checkbox
          label="Personal data involved"
          description="Starts the regulator's 72-hour clock from when you became aware."
          checked={personal}
          onChange={(e) => setPersonal(e.currentTarget.checked)}
        />
        <PlaybookPicker
          value={playbookId}
          awareAt={undefined}
          onChoose={(p) => {
            setPlaybookId(p?.id ?? null);
            if (p && !category) setCategory(p.category);
          }}
        />
        {split.fields.playbook_id ? (
          <Notice color="red" variant="light">
            {split.fields.playbook_id}
          </Notice>
        ) : null}
        {importAlert.isError && Object.keys(split.fields).length === 0 ? (
          <Notice color="red" variant="light">
            {[errorMessage(importAlert.error), ...split.others].join(' ')}
          </Notice>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} loading={importAlert.isPending}>
            Open the case
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
