// Writing the review: its three texts and new follow-up actions (each with an assignee and a due
// date, in the reader's zone). One submit shows every problem, the server's and the form's, at once.
import { ActionIcon, Button, Fieldset, Group, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';

import type { Assignee } from '../../api/types';
import { assigneeOptions } from '../tasks/taskLogic';
import { zoneLabel } from '../../components/dates';
import { ErrorSummary, errorCount, FormAlert, showServerErrors, submitAll } from '../../components/formErrors';
import { useSaveReview } from './queries';
import {
  emptyFollowUp,
  MAX_FOLLOW_UPS,
  MAX_TEXT,
  reviewFields,
  reviewValues,
  saveBody,
  validateReview,
  type ReviewValues,
} from './reviewLogic';
import type { CaseReview } from './types';

interface Props {
  caseId: string;
  review: CaseReview;
  assignees: Assignee[];
}

export function ReviewForm({ caseId, review, assignees }: Props) {
  const form = useForm<ReviewValues>({ initialValues: reviewValues(review), validate: validateReview });
  const fields = () => reviewFields(form.getValues().follow_ups.length);
  const save = useSaveReview(caseId, {
    onSaved: () => form.setFieldValue('follow_ups', []),
    onError: (error) => showServerErrors(form, error, fields()),
  });
  const onSubmit = submitAll(form, fields(), (v) => save.mutate({ review, body: saveBody(v) }));
  const followUps = form.getValues().follow_ups;
  const people = assigneeOptions(assignees);

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Write the review">
      <Stack gap="sm">
        <FormAlert error={save.error} fields={fields()} noun="review" />
        <Textarea
          label="What happened"
          description="The incident in a few paragraphs: cause, impact, how it was found."
          autosize
          minRows={3}
          maxRows={12}
          maxLength={MAX_TEXT}
          {...form.getInputProps('what_happened')}
        />
        <Textarea
          label="What went well"
          autosize
          minRows={2}
          maxRows={10}
          maxLength={MAX_TEXT}
          {...form.getInputProps('went_well')}
        />
        <Textarea
          label="What to improve"
          autosize
          minRows={2}
          maxRows={10}
          maxLength={MAX_TEXT}
          {...form.getInputProps('to_improve')}
        />
        {followUps.map((_, i) => (
          <Fieldset key={i} legend={`New follow-up action ${i + 1}`} p="sm">
            <Stack gap="xs">
              <Group align="flex-start" wrap="nowrap" gap="xs">
                <TextInput
                  flex={1}
                  label="Title"
                  required
                  maxLength={300}
                  {...form.getInputProps(`follow_ups.${i}.title`)}
                />
                <ActionIcon
                  mt={26}
                  variant="subtle"
                  color="gray"
                  aria-label={`Remove follow-up action ${i + 1}`}
                  onClick={() => form.removeListItem('follow_ups', i)}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
              <Group grow align="flex-start" wrap="wrap">
                <Select
                  label="Assignee"
                  required
                  searchable
                  data={people}
                  nothingFoundMessage="Nobody who may see the case"
                  {...form.getInputProps(`follow_ups.${i}.assignee_id`)}
                />
                <TextInput
                  label="Due"
                  required
                  type="datetime-local"
                  description={`Times are in ${zoneLabel()}.`}
                  {...form.getInputProps(`follow_ups.${i}.due_at`)}
                />
              </Group>
              <Textarea
                label="Description"
                autosize
                minRows={1}
                maxRows={6}
                maxLength={5000}
                {...form.getInputProps(`follow_ups.${i}.description`)}
              />
            </Stack>
          </Fieldset>
        ))}
        <div>
          <Button
            variant="subtle"
            size="xs"
            leftSection={<IconPlus size={14} />}
            disabled={followUps.length >= MAX_FOLLOW_UPS}
            onClick={() => form.insertListItem('follow_ups', emptyFollowUp())}
          >
            Add a follow-up action
          </Button>
          <Text size="xs" c="dimmed">
            Each becomes a task in the group “Follow-up” when you save.
          </Text>
        </div>
        <ErrorSummary count={errorCount(form.errors)} />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            Save the review
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
