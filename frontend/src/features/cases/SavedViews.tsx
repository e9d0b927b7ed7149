// Saved views of the cases list: "Save view" names the current filters and sort; the views menu reopens
// or deletes them. Each person's own (GET/POST /me/views, DELETE /me/views/{id}); auditors only read.
import { ActionIcon, Button, Group, Menu, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconBookmark, IconBookmarkPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';

import { useApi } from '../../api/context';
import { ApiError, unwrap } from '../../api/problem';
import { queryKeys } from '../../api/queries';

export function SavedViews({ query, canSave }: { query: string; canSave: boolean }) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const views = useQuery({
    queryKey: queryKeys.views,
    queryFn: async ({ signal }) => unwrap(await client.GET('/me/views', { signal })).items,
    staleTime: 60_000,
  });
  const save = useMutation({
    mutationFn: async (n: string) => unwrap(await client.POST('/me/views', { body: { name: n, query } })),
    onSuccess: () => {
      setNaming(false);
      setName('');
      void queryClient.invalidateQueries({ queryKey: queryKeys.views });
    },
  });
  const remove = useMutation({
    mutationFn: async (id: string) => unwrap(await client.DELETE('/me/views/{id}', { params: { path: { id } } })),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.views }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(name);
  };
  const error =
    save.error instanceof ApiError ? (save.error.fieldErrors.name ?? save.error.message) : save.error?.message;
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
              {canSave ? 'No saved views yet. Filter the list, then “Save view”.' : 'No saved views.'}
            </Text>
          ) : null}
          {items.map((v) => (
            <Menu.Item
              key={v.id}
              onClick={() => void navigate(`/cases${v.query ? `?${v.query}` : ''}`)}
              rightSection={
                canSave ? (
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
                ) : null
              }
            >
              {v.name}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      {canSave ? (
        <Button variant="default" leftSection={<IconBookmarkPlus size={16} />} onClick={() => setNaming(true)}>
          Save view
        </Button>
      ) : null}
      <Modal
        opened={naming}
        onClose={() => {
          setNaming(false);
          save.reset();
        }}
        title="Save this view"
      >
        <form onSubmit={submit} noValidate>
          <Stack>
            <TextInput
              label="Name"
              description="The list's filters and sort are saved under this name."
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={error}
              maxLength={100}
              required
              data-autofocus
            />
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
