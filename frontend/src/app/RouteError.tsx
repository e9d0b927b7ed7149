// Shown when a route throws while rendering: says so plainly and offers a reload.
import { Alert, Button, Container, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { isRouteErrorResponse, useRouteError } from 'react-router';

import { errorMessage } from '../api/problem';

export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : errorMessage(error);
  return (
    <Container size="sm" py="xl">
      <Alert color="red" variant="light" title="This page could not be shown" icon={<IconAlertTriangle />}>
        <Stack gap="sm">
          <Text size="sm">{message}</Text>
          <div>
            <Button variant="white" color="red" size="xs" onClick={() => window.location.reload()}>
              Reload the page
            </Button>
          </div>
        </Stack>
      </Alert>
    </Container>
  );
}
