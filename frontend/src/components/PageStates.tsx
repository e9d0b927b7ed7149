// The loading, empty, error and "not for your role" states every view shows.
import { Alert, Button, EmptyState, Skeleton, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconLock, IconSearch, type Icon } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

import { ApiError, errorMessage } from '../api/problem';

/** LoadingRows is a skeleton of a table or list while its data loads. */
export function LoadingRows({ rows = 5, label }: { rows?: number; label: string }) {
  return (
    <Stack gap="xs" aria-busy="true" aria-label={label} role="status">
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} h={36} radius="sm" />
      ))}
    </Stack>
  );
}

/** Empty says there is nothing to show, and what to do about it. */
export function Empty({
  title,
  description,
  icon: EmptyIcon = IconSearch,
  action,
}: {
  title: string;
  description?: ReactNode;
  icon?: Icon;
  action?: ReactNode;
}) {
  return (
    <EmptyState
      py="xl"
      icon={<EmptyIcon size={28} stroke={1.5} />}
      withIndicatorBackground
      title={title}
      description={description}
    >
      {action ? <EmptyState.Actions>{action}</EmptyState.Actions> : null}
    </EmptyState>
  );
}

/** NotAvailable tells a user their role does not give access to a screen or an action. */
export function NotAvailable({ what = 'This page' }: { what?: string }) {
  return (
    <Stack align="center" py={60}>
      <EmptyState
        icon={<IconLock size={28} stroke={1.5} />}
        variant="light"
        color="gray"
        title="Not available for your role"
        description={`${what} is not available for your role. If you need it, ask a Caseward administrator.`}
        data-testid="not-available"
      >
        <EmptyState.Actions>
          <Button component={Link} to="/" variant="default" size="sm">
            Back to the overview
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    </Stack>
  );
}

/**
 * LoadError shows why data could not be loaded: a 403 as "not available for your role",
 * anything else with its message and a retry.
 */
export function LoadError({
  error,
  title,
  onRetry,
  retrying = false,
}: {
  error: unknown;
  title: string;
  onRetry?: () => void;
  retrying?: boolean;
}) {
  if (error instanceof ApiError && error.status === 403) return <NotAvailable />;
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle />} title={title}>
      <Stack gap="sm">
        <Text size="sm">{errorMessage(error)}</Text>
        {onRetry ? (
          <div>
            <Button size="xs" color="red" variant="white" loading={retrying} onClick={onRetry}>
              Try again
            </Button>
          </div>
        ) : null}
      </Stack>
    </Alert>
  );
}
