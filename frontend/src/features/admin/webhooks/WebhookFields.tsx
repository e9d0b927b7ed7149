// The fields of a webhook, shared by the new-webhook and edit dialogs: URL, description, the
// kinds of event it wants and whether restricted cases' events reach it.
import { Checkbox, SimpleGrid, TextInput, Textarea } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';

import { useEventKinds } from './queries';
import type { WebhookValues } from './webhookForm';

export function WebhookFields({ form }: { form: UseFormReturnType<WebhookValues> }) {
  const kinds = useEventKinds();
  return (
    <>
      <TextInput
        label="URL"
        description="Where the events are sent: https, on an address Caseward may reach"
        placeholder="https://siem.example.com/caseward"
        required
        {...form.getInputProps('url')}
      />
      <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
      <Checkbox.Group label="Kinds of event" required {...form.getInputProps('kinds')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs" spacing="xs">
          {(kinds.data ?? []).map((k) => (
            <Checkbox key={k.kind} value={k.kind} label={k.label} />
          ))}
        </SimpleGrid>
      </Checkbox.Group>
      <Checkbox
        label="Include events of restricted cases"
        description="Off: events of restricted cases are never sent to this webhook"
        {...form.getInputProps('includeRestricted', { type: 'checkbox' })}
      />
    </>
  );
}
