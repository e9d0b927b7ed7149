// Export a case by its reference: find it, show which case it is, then the three signed formats.
import { Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconFileExport, IconSearch } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';

import type { Case } from '../../api/types';
import { SeverityBadge, StatusBadge } from '../../components/CaseBadges';
import { Empty, LoadError, LoadingRows } from '../../components/PageStates';
import { CaseExportStatus } from './CaseExportStatus';
import { useCaseByReference } from './queries';
import { normalizeReference } from './reference';
import { caseFormats, useCaseExport } from './useCaseExport';

function CaseMatch({ c }: { c: Case }) {
  const exp = useCaseExport(c.id);
  const running = exp.state.status === 'downloading' ? exp.state.kind : null;
  return (
    <Stack gap="md" data-testid="case-match">
      <Stack gap={4}>
        <Group gap="xs">
          <Text fw={700} ff="monospace">
            {c.reference}
          </Text>
          <StatusBadge status={c.status} />
          <SeverityBadge severity={c.severity} />
        </Group>
        <Text component={Link} to={`/cases/${c.id}`} size="sm" c="var(--mantine-color-anchor)">
          {c.title}
        </Text>
      </Stack>
      <Group gap="sm">
        {caseFormats.map((f) => (
          <Button
            key={f.format}
            variant="light"
            leftSection={<IconFileExport size={16} />}
            loading={running === f.format}
            disabled={running !== null && running !== f.format}
            onClick={() => exp.exportAs(f.format)}
            title={f.description}
          >
            {f.label}
          </Button>
        ))}
      </Group>
      <CaseExportStatus exp={exp} />
    </Stack>
  );
}

export function CaseExportSection() {
  const [search, setSearch] = useSearchParams();
  const reference = search.get('ref');
  const [input, setInput] = useState(reference ?? '');
  const [inputError, setInputError] = useState<string | null>(null);
  const lookup = useCaseByReference(reference);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const normalized = normalizeReference(input);
    if (!normalized) {
      setInputError('Enter a case reference such as INC-2026-0007');
      return;
    }
    setInputError(null);
    setInput(normalized);
    setSearch(
      (s) => {
        const next = new URLSearchParams(s);
        next.set('ref', normalized);
        return next;
      },
      { replace: true },
    );
  };

  const result = () => {
    if (!reference) return null;
    if (lookup.isPending) return <LoadingRows rows={2} label={`Looking up ${reference}`} />;
    if (lookup.isError) {
      return (
        <LoadError
          error={lookup.error}
          title="The case could not be looked up"
          onRetry={() => void lookup.refetch()}
          retrying={lookup.isFetching}
        />
      );
    }
    if (!lookup.data) {
      return (
        <Empty
          title={`No case ${reference}`}
          description="Check the reference. Restricted cases are found only by those who may see them."
        />
      );
    }
    return <CaseMatch key={lookup.data.id} c={lookup.data} />;
  };

  return (
    <Card withBorder padding="md" radius="md">
      <Stack gap="md">
        <Stack gap={2}>
          <Title order={2} fz="h4">
            Export a case
          </Title>
          <Text size="sm" c="dimmed">
            Its whole history — details, suspensions, evidence with custody, notes, timeline and audit events — signed
            so that any change can be detected.
          </Text>
        </Stack>
        <form onSubmit={onSubmit} noValidate aria-label="Find a case">
          <Group align="flex-start" gap="sm">
            <TextInput
              label="Case reference"
              placeholder="INC-2026-0007"
              value={input}
              onChange={(e) => setInput(e.currentTarget.value)}
              error={inputError}
              w={240}
              autoComplete="off"
              spellCheck={false}
            />
            <Button type="submit" mt={25} leftSection={<IconSearch size={16} />} variant="default">
              Find
            </Button>
          </Group>
        </form>
        {result()}
      </Stack>
    </Card>
  );
}
