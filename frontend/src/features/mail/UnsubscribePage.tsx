// The page a mail's unsubscribe link opens: no sign-in, outside the shell. It says what the link
// will do (one kind of event no longer by email) and does it only when asked; mail programs use
// the same address's one-click POST (RFC 8058) without this page.
import { Alert, Anchor, Button, Card, Container, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconCircleCheck, IconMailOff } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';

import { useApi } from '../../api/context';
import { errorMessage, unwrap } from '../../api/problem';
import { Brand } from '../../components/Brand';
import { LoadingRows } from '../../components/PageStates';

export function UnsubscribePage() {
  useDocumentTitle('Unsubscribe · Caseward');
  const { client } = useApi();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const preview = useQuery({
    queryKey: ['mail', 'unsubscribe', token],
    queryFn: async ({ signal }) =>
      unwrap(await client.GET('/mail/unsubscribe', { params: { query: { token } }, signal })),
    enabled: token !== '',
    retry: false,
  });
  const apply = useMutation({
    mutationFn: async () => unwrap(await client.POST('/mail/unsubscribe', { params: { query: { token } } })),
  });

  const body = () => {
    if (token === '' || preview.isError) {
      return (
        <Alert color="red" icon={<IconMailOff />} title="This unsubscribe link does not work" role="alert">
          {preview.isError
            ? errorMessage(preview.error)
            : 'The link has no token. Open it from the mail again, or change your notification settings in Caseward.'}
        </Alert>
      );
    }
    if (preview.isPending) return <LoadingRows rows={2} label="Reading the link" />;
    const label = preview.data.label;
    if (apply.isSuccess) {
      return (
        <Alert color="teal" icon={<IconCircleCheck />} title="Unsubscribed" role="status">
          You will no longer get emails when this happens: “{label}”. You can turn them on again in your notification
          settings.
        </Alert>
      );
    }
    return (
      <Card withBorder radius="md" padding="lg">
        <Stack gap="md">
          <Text>
            Stop emails when this happens: <strong>“{label}”</strong>? Other kinds of event, and the notifications in
            Caseward itself, are not changed.
          </Text>
          {apply.isError ? (
            <Text c="red" size="sm" role="alert">
              {errorMessage(apply.error)}
            </Text>
          ) : null}
          <Button leftSection={<IconMailOff size={16} />} loading={apply.isPending} onClick={() => apply.mutate()}>
            Stop these emails
          </Button>
        </Stack>
      </Card>
    );
  };

  return (
    <Container component="main" size={560} px="md" py="xl">
      <Stack gap="lg">
        <Brand />
        <Title order={1} fz="h2">
          Email from Caseward
        </Title>
        {body()}
        <Text size="xs" c="dimmed" ta="center">
          <Anchor component={Link} to="/login" size="xs" underline="always">
            Sign in
          </Anchor>{' '}
          to see all your notification settings.
        </Text>
      </Stack>
    </Container>
  );
}
