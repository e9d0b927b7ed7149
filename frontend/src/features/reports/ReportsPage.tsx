// The reporting page: cases opened and closed per month, times to contain and to close by severity,
// downtime by department and regulator notifications on time or late, each as a chart and a table
// with its CSV download. Every figure counts only the cases the signed-in user may see.
import '@mantine/charts/styles.css';

import { BarChart } from '@mantine/charts';
import { Button, Card, Group, SimpleGrid, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconChartBar, IconDownload } from '@tabler/icons-react';
import type { ReactNode } from 'react';

import { formatDateTime } from '../../components/dates';
import { PageHeader } from '../../components/PageHeader';
import { Empty, LoadError } from '../../components/PageStates';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { severityInfo } from '../../components/caseLabels';
import { saveBlob } from '../../components/download';
import {
  downtimeTable,
  durationOrDash,
  type FigureTable,
  type Figures,
  hours,
  monthLabel,
  monthsTable,
  onTimeShare,
  regulatorOutcomes,
  regulatorTable,
  severityTable,
  toCsv,
} from './figures';
import { useFigures } from './queries';

function downloadCsv(t: FigureTable) {
  saveBlob(new Blob([toCsv(t.header, t.rows)], { type: 'text/csv;charset=utf-8' }), t.file);
}

/** Section is one figure: its title, what it counts, its chart, its table and its CSV download. */
function Section({
  id,
  title,
  description,
  table,
  chart,
  children,
}: {
  id: string;
  title: string;
  description: string;
  table: FigureTable;
  chart: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby={`${id}-title`} data-testid={id}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Stack gap={2}>
            <Title order={2} fz="h4" id={`${id}-title`}>
              {title}
            </Title>
            <Text size="sm" c="dimmed" maw={640}>
              {description}
            </Text>
          </Stack>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconDownload size={14} />}
            onClick={() => downloadCsv(table)}
            aria-label={`Download ${title.toLowerCase()} as CSV`}
          >
            CSV
          </Button>
        </Group>
        {chart}
        {children}
      </Stack>
    </Card>
  );
}

/** Charts take no focus (recharts' keyboard layer): the table beside each holds the same values. */
const noFocus = { accessibilityLayer: false };

/** A chart is drawn for sighted readers; the table beside it carries the same values for everyone. */
function Chart({ children }: { children: ReactNode }) {
  return (
    <div aria-hidden="true" data-testid="chart">
      {children}
    </div>
  );
}

function Th({ children, right }: { children: ReactNode; right?: boolean }) {
  return <Table.Th ta={right ? 'right' : undefined}>{children}</Table.Th>;
}

function Td({ label, children, right }: { label: string; children: ReactNode; right?: boolean }) {
  return (
    <Table.Td data-label={label} ta={right ? 'right' : undefined}>
      {children}
    </Table.Td>
  );
}

function MonthsSection({ f }: { f: Figures }) {
  const data = f.months.map((m) => ({ month: monthLabel(m.month), Opened: m.opened, Closed: m.closed }));
  return (
    <Section
      id="figures-months"
      title="Cases opened and closed"
      description="Per calendar month in UTC, the last 12 months. A case counts as closed in the month of its last closing; a reopened case counts again only when it closes again."
      table={monthsTable(f)}
      chart={
        <Chart>
          <BarChart
            barChartProps={noFocus}
            h={240}
            data={data}
            dataKey="month"
            series={[
              { name: 'Opened', color: 'blue.6' },
              { name: 'Closed', color: 'teal.6' },
            ]}
            withLegend
            tickLine="y"
          />
        </Chart>
      }
    >
      <ResponsiveTable minWidth={320} striped>
        <Table.Thead>
          <Table.Tr>
            <Th>Month</Th>
            <Th right>Opened</Th>
            <Th right>Closed</Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {f.months.map((m) => (
            <Table.Tr key={m.month}>
              <Td label="Month">{monthLabel(m.month)}</Td>
              <Td label="Opened" right>
                {m.opened}
              </Td>
              <Td label="Closed" right>
                {m.closed}
              </Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </ResponsiveTable>
    </Section>
  );
}

function SeveritySection({ f }: { f: Figures }) {
  const data = f.severities.map((s) => ({
    severity: severityInfo[s.severity].label,
    'Mean to contain (h)': hours(s.to_containment.mean_seconds) ?? 0,
    '90th percentile to contain (h)': hours(s.to_containment.p90_seconds) ?? 0,
    'Mean to close (h)': hours(s.to_closure.mean_seconds) ?? 0,
    '90th percentile to close (h)': hours(s.to_closure.p90_seconds) ?? 0,
  }));
  return (
    <Section
      id="figures-severity"
      title="Time to contain and to close"
      description="From detection to the first containment (or a later status, when a case skipped it) and to the last closing, by severity: the mean and the 90th percentile over the cases that got there."
      table={severityTable(f)}
      chart={
        <Chart>
          <BarChart
            barChartProps={noFocus}
            h={260}
            data={data}
            dataKey="severity"
            series={[
              { name: 'Mean to contain (h)', color: 'blue.4' },
              { name: '90th percentile to contain (h)', color: 'blue.8' },
              { name: 'Mean to close (h)', color: 'teal.4' },
              { name: '90th percentile to close (h)', color: 'teal.8' },
            ]}
            withLegend
            unit=" h"
            tickLine="y"
          />
        </Chart>
      }
    >
      <ResponsiveTable minWidth={640} striped>
        <Table.Thead>
          <Table.Tr>
            <Th>Severity</Th>
            <Th right>Contained</Th>
            <Th right>Mean to contain</Th>
            <Th right>90th pct. to contain</Th>
            <Th right>Closed</Th>
            <Th right>Mean to close</Th>
            <Th right>90th pct. to close</Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {f.severities.map((s) => (
            <Table.Tr key={s.severity}>
              <Td label="Severity">{severityInfo[s.severity].label}</Td>
              <Td label="Contained" right>
                {s.to_containment.cases}
              </Td>
              <Td label="Mean to contain" right>
                {durationOrDash(s.to_containment.mean_seconds)}
              </Td>
              <Td label="90th pct. to contain" right>
                {durationOrDash(s.to_containment.p90_seconds)}
              </Td>
              <Td label="Closed" right>
                {s.to_closure.cases}
              </Td>
              <Td label="Mean to close" right>
                {durationOrDash(s.to_closure.mean_seconds)}
              </Td>
              <Td label="90th pct. to close" right>
                {durationOrDash(s.to_closure.p90_seconds)}
              </Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </ResponsiveTable>
    </Section>
  );
}

function DowntimeSection({ f }: { f: Figures }) {
  const data = f.department_downtime.map((d) => ({
    department: d.department_name,
    Downtime: hours(d.downtime_seconds) ?? 0,
  }));
  return (
    <Section
      id="figures-downtime"
      title="Downtime by department"
      description="How long each department's services were suspended in the cases you may see: restored suspensions until their restoration, active ones until now, cancelled ones not at all; a service's overlapping suspensions count once."
      table={downtimeTable(f)}
      chart={
        f.department_downtime.length === 0 ? null : (
          <Chart>
            <BarChart
              barChartProps={noFocus}
              h={Math.max(120, 40 * data.length + 40)}
              data={data}
              dataKey="department"
              orientation="vertical"
              yAxisProps={{ width: 140 }}
              series={[{ name: 'Downtime', color: 'red.6' }]}
              valueFormatter={(v) => `${v} h`}
            />
          </Chart>
        )
      }
    >
      {f.department_downtime.length === 0 ? (
        <Text size="sm" c="dimmed">
          No service was suspended.
        </Text>
      ) : (
        <ResponsiveTable minWidth={360} striped>
          <Table.Thead>
            <Table.Tr>
              <Th>Department</Th>
              <Th right>Services down</Th>
              <Th right>Downtime</Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {f.department_downtime.map((d) => (
              <Table.Tr key={d.department_id}>
                <Td label="Department">{d.department_name}</Td>
                <Td label="Services down" right>
                  {d.services}
                </Td>
                <Td label="Downtime" right>
                  {durationOrDash(d.downtime_seconds)}
                </Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </ResponsiveTable>
      )}
    </Section>
  );
}

function RegulatorSection({ f }: { f: Figures }) {
  const data = regulatorOutcomes.map((o) => ({ outcome: o.label, Cases: f.regulator[o.key] }));
  return (
    <Section
      id="figures-regulator"
      title="Regulator notifications"
      description={`Cases with personal data involved, by how their 72-hour notification went. A notification not made by its deadline counts as late. On time: ${onTimeShare(f.regulator)} of those due.`}
      table={regulatorTable(f)}
      chart={
        <Chart>
          <BarChart
            barChartProps={noFocus}
            h={220}
            data={data}
            dataKey="outcome"
            orientation="vertical"
            yAxisProps={{ width: 200 }}
            series={[{ name: 'Cases', color: 'blue.6' }]}
          />
        </Chart>
      }
    >
      <ResponsiveTable minWidth={320} striped>
        <Table.Thead>
          <Table.Tr>
            <Th>Outcome</Th>
            <Th right>Cases</Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {regulatorOutcomes.map((o) => (
            <Table.Tr key={o.key}>
              <Td label="Outcome">{o.label}</Td>
              <Td label="Cases" right>
                {f.regulator[o.key]}
              </Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </ResponsiveTable>
    </Section>
  );
}

export function ReportsPage() {
  useDocumentTitle('Figures · Caseward');
  const figures = useFigures();
  const empty =
    figures.data &&
    figures.data.months.every((m) => m.opened === 0 && m.closed === 0) &&
    figures.data.severities.every((s) => s.to_containment.cases === 0 && s.to_closure.cases === 0) &&
    figures.data.department_downtime.length === 0;
  return (
    <Stack gap="lg">
      <PageHeader
        title="Figures"
        description="How long incidents take, over the cases you may see. Months are calendar months in UTC."
      />
      {figures.isPending ? (
        <SimpleGrid cols={{ base: 1, lg: 2 }} aria-busy="true" aria-label="Loading the figures">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} h={320} radius="md" />
          ))}
        </SimpleGrid>
      ) : figures.isError ? (
        <LoadError
          error={figures.error}
          title="The figures could not be loaded"
          onRetry={() => void figures.refetch()}
          retrying={figures.isFetching}
        />
      ) : empty ? (
        <Empty
          icon={IconChartBar}
          title="No figures yet"
          description="Once cases are opened, contained and closed, their figures show here."
        />
      ) : (
        <>
          <Text size="xs" c="dimmed">
            As at {formatDateTime(figures.data.generated_at)}.
          </Text>
          <MonthsSection f={figures.data} />
          <SeveritySection f={figures.data} />
          <DowntimeSection f={figures.data} />
          <RegulatorSection f={figures.data} />
        </>
      )}
    </Stack>
  );
}
