// The audit screen's filters: words, action, entity type, actor, one case and a time range. On a
// phone all but the words fold behind a "Filters" button that counts the ones in use.
import { Badge, Button, CloseButton, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';

import { useUserDirectory } from '../../api/queries';
import { useSignedInUser } from '../../app/auth';
import { fromLocalInput, toLocalInput } from '../../components/dates';
import { FoldingFilters } from '../../components/FoldingFilters';
import { SearchBox } from '../../components/SearchBox';
import { MAX_QUERY, entityTypes, hasFilters, knownActions, type AuditFilters } from './filters';

/** The filters folded behind the button on a phone (the words stay in view). */
const folded: (keyof AuditFilters)[] = ['action', 'entity_type', 'actor_id', 'case_id', 'from', 'to'];

function ActorFilter({
  value,
  known,
  width,
  onChange,
}: {
  value: string | undefined;
  /** The actor's email, when a loaded event names it. */
  known: string | undefined;
  width: string | number;
  onChange: (id: string | null) => void;
}) {
  const me = useSignedInUser();
  // Only administrators may list accounts; auditors filter by clicking an actor in the table.
  const users = useUserDirectory(me.role === 'admin');
  if (me.role === 'admin') {
    return (
      <Select
        label="Actor"
        placeholder="Anyone"
        data={(users.data ?? []).map((u) => ({ value: u.id, label: u.email }))}
        value={value ?? null}
        onChange={onChange}
        clearable
        searchable
        nothingFoundMessage="No such user"
        w={width}
      />
    );
  }
  return value ? (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        Actor
      </Text>
      <Badge
        size="lg"
        variant="light"
        radius="sm"
        tt="none"
        rightSection={<CloseButton size="xs" aria-label="Any actor" onClick={() => onChange(null)} />}
      >
        {known ?? 'One actor'}
      </Badge>
    </Stack>
  ) : (
    <Text size="xs" c="dimmed" maw={220} pb={6}>
      To see one person's events, use the filter button next to their email in the table.
    </Text>
  );
}

export function AuditFilterBar({
  filters,
  actorEmail,
  set,
  clear,
}: {
  filters: AuditFilters;
  actorEmail: string | undefined;
  set: (key: keyof AuditFilters, value: string | null | undefined) => void;
  clear: () => void;
}) {
  const phone = useMediaQuery('(max-width: 48em)') ?? false;
  const inUse = folded.filter((k) => filters[k] !== undefined).length;
  const width = (desktop: number) => (phone ? '100%' : desktop);

  const fields = (
    <Stack gap="sm">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Select
          label="Action"
          placeholder="Any action"
          data={knownActions}
          value={filters.action ?? null}
          onChange={(v) => set('action', v)}
          clearable
          searchable
          w={width(200)}
        />
        <Select
          label="Entity type"
          placeholder="Any entity"
          data={entityTypes}
          value={filters.entity_type ?? null}
          onChange={(v) => set('entity_type', v)}
          clearable
          w={width(160)}
        />
        <ActorFilter
          value={filters.actor_id}
          known={actorEmail}
          width={width(220)}
          onChange={(v) => set('actor_id', v)}
        />
        {filters.case_id ? (
          <Badge
            size="lg"
            variant="light"
            radius="sm"
            tt="none"
            mb={4}
            rightSection={<CloseButton size="xs" aria-label="Any case" onClick={() => set('case_id', null)} />}
          >
            One case
          </Badge>
        ) : null}
      </Group>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          label="From"
          type="datetime-local"
          value={toLocalInput(filters.from)}
          onChange={(e) => set('from', fromLocalInput(e.currentTarget.value))}
          w={width(200)}
        />
        <TextInput
          label="To"
          type="datetime-local"
          value={toLocalInput(filters.to)}
          onChange={(e) => set('to', fromLocalInput(e.currentTarget.value))}
          w={width(200)}
        />
        {hasFilters(filters) ? (
          <Button variant="subtle" color="gray" onClick={clear}>
            Clear filters
          </Button>
        ) : null}
      </Group>
    </Stack>
  );

  return (
    <FoldingFilters
      id="audit-filters"
      inUse={inUse}
      lead={
        <SearchBox
          value={filters.q}
          onSearch={(q) => set('q', q || null)}
          label="Search the audit log"
          placeholder="Search actions, people, cases (INC-…), evidence, services…"
          maxLength={MAX_QUERY}
        />
      }
    >
      {fields}
    </FoldingFilters>
  );
}
