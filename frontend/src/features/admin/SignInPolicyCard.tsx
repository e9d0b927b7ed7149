// Administration › Users: which roles must use two-step sign-in. Someone of such a role without it sets
// it up at their next sign-in, before they get in; sign-ins already made go on. (Auditors read it on
// their account page.)
import { Alert, Button, Card, Checkbox, Group, Stack, Text, Title } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useState } from 'react';

import { useSignInPolicy } from '../../api/queries';
import type { Role, SignInPolicy } from '../../api/types';
import { formatDateTime } from '../../components/dates';
import { FormAlert } from '../../components/formErrors';
import { LoadError, LoadingRows } from '../../components/PageStates';
import { roleInfo } from '../../components/roles';
import { useUpdateSignInPolicy } from './queries';

const ROLES: readonly Role[] = ['admin', 'responder', 'department_head', 'auditor'];
const FIELDS = ['second_factor_roles'] as const;

const isRole = (v: string): v is Role => (ROLES as readonly string[]).includes(v);
const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((r) => b.includes(r));

function PolicyForm({ policy, save }: { policy: SignInPolicy; save: ReturnType<typeof useUpdateSignInPolicy> }) {
  const [roles, setRoles] = useState<Role[]>(policy.second_factor_roles);
  const unchanged = same(roles, policy.second_factor_roles);
  return (
    <form
      noValidate
      aria-labelledby="sign-in-policy-title"
      onSubmit={(e) => {
        e.preventDefault();
        // In the order the roles are listed, whatever the order they were ticked in.
        save.mutate(ROLES.filter((r) => roles.includes(r)));
      }}
    >
      <Stack gap="sm">
        <FormAlert error={save.error} fields={FIELDS} noun="sign-in policy" />
        <Checkbox.Group
          label="Required for"
          value={roles}
          onChange={(next) => {
            save.reset();
            setRoles(next.filter(isRole));
          }}
        >
          <Group gap="lg" mt={6}>
            {ROLES.map((r) => (
              <Checkbox key={r} value={r} label={roleInfo[r].label} />
            ))}
          </Group>
        </Checkbox.Group>
        {save.isSuccess && unchanged ? (
          <Alert color="green" variant="light" icon={<IconCircleCheck />} role="status" py={6}>
            Saved. People of these roles without two-step sign-in set it up at their next sign-in.
          </Alert>
        ) : null}
        <Group justify="space-between" align="center" gap="sm">
          <Text size="xs" c="dimmed">
            {policy.updated_at ? `Last changed ${formatDateTime(policy.updated_at)}.` : 'Never changed.'}
          </Text>
          <Button type="submit" size="xs" loading={save.isPending} disabled={unchanged}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function SignInPolicyCard() {
  const policy = useSignInPolicy(true);
  // Here, not in the form: the form starts afresh from the policy the save stored, and the save says it is done.
  const save = useUpdateSignInPolicy();
  let body;
  if (policy.isPending) body = <LoadingRows rows={1} label="Loading the sign-in policy" />;
  else if (policy.isError) {
    body = (
      <LoadError
        error={policy.error}
        title="The sign-in policy could not be loaded"
        onRetry={() => void policy.refetch()}
        retrying={policy.isFetching}
      />
    );
  } else {
    // Started afresh from each stored version.
    body = <PolicyForm key={policy.data.updated_at ?? ''} policy={policy.data} save={save} />;
  }
  return (
    <Card withBorder padding="md" radius="md" component="section" aria-labelledby="sign-in-policy-title">
      <Title order={2} fz="h4" id="sign-in-policy-title" mb={4}>
        Two-step sign-in
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        The roles that must sign in with a code from an authenticator app as well as the password. Someone of such a
        role without it sets it up at their next sign-in, before they get in; sign-ins already made go on.
      </Text>
      {body}
    </Card>
  );
}
