// Saved views of the cases list: "Save view" names the current filters and sort; the views menu reopens
// or deletes them. Each person's own, whatever their role (GET/POST /me/views, DELETE /me/views/{id}).
import { ActionIcon, Button, Group, Menu, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconBookmark, IconBookmarkPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';

import { useApi } from '../../api/context';
import { unwrap } from '../../api/problem';
import { queryKeys } from '../../api/queries';
import { ErrorSummary, errorCount, FormAlert, showServerErrors, submitAll } from '../../components/formErrors';
import { nameProblem } from '../../components/names';

const FIELDS = ['name'] as const;

export function SavedViews({ query }: { query: string }) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [naming, setNaming] = useState(false);
  const form = useForm({ initialValues: { name: '' }, validate: { name: (v: string) => nameProblem('Name', v, 100) } });
  const views = useQuery({
    queryKey: queryKeys.views,
    queryFn: async ({ signal }) => unwrap(await client.GET('/me/views', { signal })).items,
    staleTime: 60_000,
  });
  const save = useMutation({
    mutationFn: async ({ name }: { name: string }) =>
      unwrap(await client.POST('/me/views', { body: { name: name.trim(), query } })),
    onSuccess: () => {
      setNaming(false);
      form.reset();
      void queryClient.invalidateQueries({ queryKey: queryKeys.views });
    },
    onError: (error) => showServerErrors(form, error, FIELDS),
  });
  const remove = useMutation({
    mutationFn: async (id: string) => unwrap(await client.DELETE('/me/views/{id}', { params: { path: { id } } })),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.views }),
  });
  const submit = submitAll(form, FIELDS, (values) => save.mutate(values));
  const items = views.data ?? [];

  return (
    <Group gap="xs">
      <Menu position="bottom-end" width={300} withinPortal>
        <Menu.Target>
          <Button variant="default" leftSection={<IconBookmark size={16} />}>
            Views{items.length ? ` (${items.length})` : ''}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Saved views</Menu.Label>
          {items.length === 0 ? (
            <Text size="sm" c="dimmed" px="sm" py={6}>
              No saved views yet. Filter the list, then “Save view”.
            </Text>
          ) : null}
          {items.map((v) => (
            <Menu.Item
              key={v.id}
              onClick={() => void navigate(`/cases${v.query ? `?${v.query}` : ''}`)}
              rightSection={
                <ActionIcon
                  component="span"
                  variant="subtle"
                  color="red"
                  size="sm"
                  aria-label={`Delete view ${v.name}`}
                  onClick={(e) => {
                    e.stopPropagation();
                    remove.mutate(v.id);
                  }}
                >
                  <IconTrash size={14} />
                </ActionIcon>
              }
            >
              {v.name}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Button variant="default" leftSection={<IconBookmarkPlus size={16} />} onClick={() => setNaming(true)}>
        Save view
      </Button>
      <Modal
        opened={naming}
        onClose={() => {
          setNaming(false);
          save.reset();
          form.clearErrors();
        }}
        title="Save this view"
      >
        <form onSubmit={submit} noValidate>
          <Stack>
            <FormAlert error={save.error} fields={FIELDS} noun="view" />
            <TextInput
              label="Name"
              description="The list's filters and sort are saved under this name."
              {...form.getInputProps('name')}
              maxLength={100}
              required
              data-autofocus
            />
            <ErrorSummary count={errorCount(form.errors)} />
            <Group justify="flex-end">
              <Button type="submit" loading={save.isPending}>
                Save view
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Group>
  );
}
