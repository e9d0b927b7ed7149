// Merge an alert into an open case the user may see: its observables are added to the case.
import { Alert as Notice, Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';

import { errorMessage } from '../../api/problem';
import { useCaseChoices, useMergeAlert } from './queries';
import type { Alert } from './types';

export function MergeAlertDialog({ alert, onClose }: { alert: Alert; onClose: () => void }) {
  const merge = useMergeAlert();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const choices = useCaseChoices(q);
  const [caseId, setCaseId] = useState<string | null>(null);
  const data = (choices.data ?? []).map((c) => ({ value: c.id, label: `${c.reference} · ${c.title}` }));
  return (
    <Modal opened onClose={onClose} title="Merge into a case" centered size="lg">
      <Stack>
        <Text size="sm">
          The alert’s {alert.observables.length} {alert.observables.length === 1 ? 'observable is' : 'observables are'}{' '}
          added to the case you choose, and the alert is marked imported into it.
        </Text>
        <Select
          label="Case"
          placeholder="Type a reference or words of the title"
          searchable
          required
          searchValue={search}
          onSearchChange={setSearch}
          filter={({ options }) => options}
          data={data}
          value={caseId}
          onChange={setCaseId}
          nothingFoundMessage={choices.isPending ? 'Looking…' : 'No open case matches'}
          error={choices.isError ? 'The cases could not be loaded.' : undefined}
          data-autofocus
        />
        {merge.isError ? (
          <Notice color="red" variant="light">
            {errorMessage(merge.error)}
          </Notice>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            disabled={!caseId}
            loading={merge.isPending}
            onClick={() => caseId && merge.mutate({ alert, caseId }, { onSuccess: onClose })}
          >
            Merge
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
