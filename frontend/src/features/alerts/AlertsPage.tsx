// The alert queue: alerts other tools sent, newest activity first, by status (in the URL, ?status=), with a
// search in titles and references (?q=). Responders and administrators import, merge or ignore new alerts;
// auditors read.
import { Group, SegmentedControl, Stack, TextInput } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconBellRinging, IconSearch } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';

import { may } from '../../app/access';
import { useAuth } from '../../app/auth';
import { isOneOf } from '../../components/caseLabels';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { Empty, LoadError, LoadingRows } from '../../components/PageStates';
import { AlertCard, type AlertAction } from './AlertCard';
import { IgnoreAlertDialog } from './IgnoreAlertDialog';
import { ImportAlertDialog } from './ImportAlertDialog';
import { alertStatuses, statusLabel } from './labels';
import { MergeAlertDialog } from './MergeAlertDialog';
import { useAlerts } from './queries';
import type { Alert } from './types';

const emptyWords = {
  new: 'No new alerts: every alert the tools sent has been handled.',
  imported: 'No alert has been imported into a case yet.',
  ignored: 'No alert has been ignored.',
};

export function AlertsPage() {
  useDocumentTitle('Alerts · Caseward');
  const { user } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status = isOneOf(alertStatuses, raw) ? raw : 'new';
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  const alerts = useAlerts(status, q);
  const [open, setOpen] = useState<{ alert: Alert; action: AlertAction } | null>(null);
  const mayDecide = user ? may(user.role, 'alert.decide') : false;

  const set = (next: { status?: string; q?: string }) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    setParams(p);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    set({ q: text.trim() });
  };

  let body;
  if (alerts.query.isPending) {
    body = <LoadingRows rows={3} label="Loading the alerts" />;
  } else if (alerts.query.isError) {
    body = (
      <LoadError
        error={alerts.query.error}
        title="The alerts could not be loaded"
        onRetry={() => void alerts.query.refetch()}
        retrying={alerts.query.isFetching}
      />
    );
  } else if (alerts.items.length === 0) {
    body = (
      <Empty
        icon={IconBellRinging}
        title={q ? 'No alert matches' : emptyWords[status]}
        description={q ? 'No alert of this status has these words in its title or reference.' : undefined}
      />
    );
  } else {
    body = (
      <Stack gap="sm">
        {alerts.items.map((a) => (
          <AlertCard
            key={a.id}
            alert={a}
            onAction={mayDecide ? (action) => setOpen({ alert: a, action }) : undefined}
          />
        ))}
        <LoadMore
          hasMore={alerts.hasMore}
          loading={alerts.loadingMore}
          onLoad={alerts.loadMore}
          shown={alerts.items.length}
          noun={['alert', 'alerts']}
        />
      </Stack>
    );
  }

  return (
    <Stack gap="lg">
      <PageHeader
        title="Alerts"
        description="What other tools reported, one alert per source and reference, the most recently seen first."
      />
      <Group justify="space-between" align="flex-end" gap="sm">
        <SegmentedControl
          aria-label="Status"
          value={status}
          onChange={(v) => set({ status: v === 'new' ? '' : v })}
          data={alertStatuses.map((s) => ({ value: s, label: statusLabel[s] }))}
        />
        <form role="search" aria-label="Search the alerts" onSubmit={submit} style={{ flex: 1, maxWidth: 420 }}>
          <TextInput
            aria-label="Search titles and references"
            placeholder="Search titles and references"
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            maxLength={200}
            leftSection={<IconSearch size={16} />}
          />
        </form>
      </Group>
      {body}
      {open?.action === 'import' ? (
        <ImportAlertDialog
          alert={open.alert}
          onClose={() => setOpen(null)}
          onImported={(caseId) => {
            setOpen(null);
            void navigate(`/cases/${caseId}`);
          }}
        />
      ) : null}
      {open?.action === 'merge' ? <MergeAlertDialog alert={open.alert} onClose={() => setOpen(null)} /> : null}
      {open?.action === 'ignore' ? <IgnoreAlertDialog alert={open.alert} onClose={() => setOpen(null)} /> : null}
    </Stack>
  );
}
