// Services: the systems that can be suspended, by department. Administrators and responders manage them.
import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  Select,
  Stack,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconPencil, IconPlus, IconServer2 } from '@tabler/icons-react';
import { useState } from 'react';
import { useSearchParams } from 'react-router';

import { useDepartments } from '../../api/queries';
import { departmentName, departmentOptions } from '../../components/departments';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { ServiceLink } from '../../components/ServiceLink';
import { Empty, LoadError, LoadingRows } from '../../components/PageStates';
import { useServiceList } from './queries';
import { ServiceDialog } from './ServiceDialog';

export function ServicesPage() {
  useDocumentTitle('Services · Caseward');
  const [params, setParams] = useSearchParams();
  const departmentId = params.get('department');
  const departments = useDepartments();
  const services = useServiceList(departmentId);
  const [dialog, setDialog] = useState<{ id: string | null } | null>(null);
  const editing = dialog?.id ? (services.items.find((s) => s.id === dialog.id) ?? null) : null;

  const setDepartment = (id: string | null) =>
    setParams(
      (p) => {
        if (id) p.set('department', id);
        else p.delete('department');
        return p;
      },
      { replace: true },
    );

  const body = () => {
    if (services.query.isPending) return <LoadingRows label="Loading services" />;
    if (services.query.isError) {
      return (
        <LoadError
          error={services.query.error}
          title="The services could not be loaded"
          onRetry={() => void services.query.refetch()}
          retrying={services.query.isFetching}
        />
      );
    }
    if (services.items.length === 0) {
      return (
        <Empty
          icon={IconServer2}
          title={departmentId ? 'No services in this department' : 'No services yet'}
          description="Register the systems that may have to be taken offline during an incident."
        />
      );
    }
    return (
      <>
        <ResponsiveTable minWidth={720} highlightOnHover verticalSpacing="sm" aria-label="Services">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Department</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Description</Table.Th>
              <Table.Th w={60}>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {services.items.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>
                  <Stack gap={0}>
                    <ServiceLink serviceId={s.id} size="sm" fw={500}>
                      {s.name}
                    </ServiceLink>
                    {s.public_name ? (
                      <Text size="xs" c="dimmed">
                        On the status page as “{s.public_name}”
                      </Text>
                    ) : null}
                  </Stack>
                </Table.Td>
                <Table.Td data-label="Department">
                  <Text size="sm">{departmentName(departments.data, s.department_id)}</Text>
                </Table.Td>
                <Table.Td data-label="Status">
                  <Badge color={s.status === 'suspended' ? 'red' : 'teal'} variant="dot" radius="sm">
                    {s.status === 'suspended' ? 'Suspended' : 'Operational'}
                  </Badge>
                </Table.Td>
                <Table.Td data-label="Description">
                  <Text size="sm" c="dimmed" lineClamp={2}>
                    {s.description || '—'}
                  </Text>
                </Table.Td>
                <Table.Td data-corner>
                  <Tooltip label="Edit" withArrow>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label={`Edit ${s.name}`}
                      onClick={() => setDialog({ id: s.id })}
                    >
                      <IconPencil size={16} />
                    </ActionIcon>
                  </Tooltip>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </ResponsiveTable>
        <LoadMore
          hasMore={services.hasMore}
          loading={services.loadingMore}
          onLoad={services.loadMore}
          shown={services.items.length}
          noun={['service', 'services']}
        />
      </>
    );
  };

  return (
    <>
      <PageHeader
        title="Services"
        description="The systems a case may suspend. A service is suspended while any active suspension names it."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setDialog({ id: null })}>
            New service
          </Button>
        }
      />
      <Group mt="lg" mb="sm">
        <Select
          aria-label="Department"
          placeholder="All departments"
          data={departmentOptions(departments.data)}
          value={departmentId}
          onChange={setDepartment}
          clearable
          searchable
          w={280}
        />
      </Group>
      <Card withBorder padding="md" radius="md">
        {body()}
      </Card>
      <ServiceDialog
        opened={dialog !== null}
        service={editing}
        defaultDepartment={departmentId}
        onClose={() => setDialog(null)}
      />
    </>
  );
}
