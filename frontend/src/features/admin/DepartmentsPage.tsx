// Administration › Departments: list, create, rename.
import { ActionIcon, Button, Card, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconBuilding, IconPencil, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';

import { useDepartments } from '../../api/queries';
import { PageHeader } from '../../components/PageHeader';
import { Empty, LoadError, LoadingRows } from '../../components/PageStates';
import { DepartmentDialog } from './DepartmentDialog';

export function DepartmentsPage() {
  useDocumentTitle('Departments · Caseward');
  const departments = useDepartments();
  // The dialog gets the department from the latest list, so a reload after a 412 brings the new version.
  const [dialog, setDialog] = useState<{ id: string | null } | null>(null);
  const editing = dialog?.id ? (departments.data?.find((d) => d.id === dialog.id) ?? null) : null;

  const body = () => {
    if (departments.isPending) return <LoadingRows label="Loading departments" />;
    if (departments.isError) {
      return (
        <LoadError
          error={departments.error}
          title="The departments could not be loaded"
          onRetry={() => void departments.refetch()}
          retrying={departments.isFetching}
        />
      );
    }
    if (departments.data.length === 0) {
      return (
        <Empty
          icon={IconBuilding}
          title="No departments yet"
          description="Departments own services, and department heads belong to one. Create the first."
        />
      );
    }
    return (
      <Table highlightOnHover verticalSpacing="sm" aria-label="Departments">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Services</Table.Th>
            <Table.Th w={60}>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {departments.data.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {d.name}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text component={Link} to={`/services?department=${d.id}`} size="sm" c="var(--mantine-color-anchor)">
                  View services
                </Text>
              </Table.Td>
              <Table.Td>
                <Tooltip label="Rename" withArrow>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label={`Rename ${d.name}`}
                    onClick={() => setDialog({ id: d.id })}
                  >
                    <IconPencil size={16} />
                  </ActionIcon>
                </Tooltip>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    );
  };

  return (
    <>
      <PageHeader
        title="Departments"
        description="Departments own services; department heads follow the incidents that touch theirs."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setDialog({ id: null })}>
            New department
          </Button>
        }
      />
      <Card withBorder padding="md" radius="md" mt="lg" maw={760}>
        {body()}
      </Card>
      <DepartmentDialog opened={dialog !== null} department={editing} onClose={() => setDialog(null)} />
    </>
  );
}
