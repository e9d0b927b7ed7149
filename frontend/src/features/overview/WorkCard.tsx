// One card of "My work": a title, its items (or an empty state that says what to do) and how many more there are.
import { Anchor, Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { Icon } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

export interface More {
  more: number;
  more_capped: boolean;
}

/** moreLabel says how many more there are: "3 more", "1 000+ more". */
export function moreLabel({ more, more_capped }: More): string {
  return `${more.toLocaleString()}${more_capped ? '+' : ''} more`;
}

interface Props {
  title: string;
  icon: Icon;
  /** Shown items; zero shows the empty state. */
  count: number;
  /** The list's "more": with it the card counts its items in a badge. */
  more?: More;
  /** Where the whole list is (the "N more" link, and "See all" when there are none). */
  allTo?: string;
  allLabel?: string;
  empty: ReactNode;
  children?: ReactNode;
  testId: string;
}

export function WorkCard({ title, icon: TitleIcon, count, more, allTo, allLabel, empty, children, testId }: Props) {
  const id = `${testId}-title`;
  const total = count + (more?.more ?? 0);
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby={id} data-testid={testId}>
      <Group gap="xs" mb="sm" justify="space-between" wrap="nowrap">
        <Group gap="xs" wrap="nowrap">
          <TitleIcon size={20} stroke={1.7} color="var(--mantine-color-indigo-7)" aria-hidden />
          <Title order={2} fz="h4" id={id}>
            {title}
          </Title>
        </Group>
        {count > 0 && more && (
          <Badge
            variant="light"
            color="gray"
            radius="sm"
            aria-label={`${total}${more?.more_capped ? ' or more' : ''} in all`}
          >
            {total.toLocaleString()}
            {more?.more_capped ? '+' : ''}
          </Badge>
        )}
      </Group>
      {count === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <Stack gap={0}>{children}</Stack>
      )}
      {allTo && more && more.more > 0 && (
        <Anchor component={Link} to={allTo} size="sm" mt="sm">
          {moreLabel(more)}: {allLabel ?? 'see all'}
        </Anchor>
      )}
    </Card>
  );
}

/** WorkRow is one item: a link with what to know about it beside it. */
export function WorkRow({
  to,
  label,
  detail,
  aside,
}: {
  to: string;
  label: ReactNode;
  detail?: ReactNode;
  aside?: ReactNode;
}) {
  return (
    <Group
      justify="space-between"
      wrap="nowrap"
      gap="sm"
      py={8}
      style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
    >
      <Stack gap={2} style={{ minWidth: 0 }}>
        <Anchor component={Link} to={to} size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
          {label}
        </Anchor>
        {detail && (
          <Text size="xs" c="dimmed" component="div">
            {detail}
          </Text>
        )}
      </Stack>
      {aside && <div style={{ flexShrink: 0 }}>{aside}</div>}
    </Group>
  );
}
