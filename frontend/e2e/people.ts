// The accounts the role-based browser tests sign in as, created once per worker through the
// API with the admin's token (the `people` fixture, e2e/fixtures.ts): two departments, a responder
// and a second one, a department head (of the second department), an auditor, and a case for the
// auditor to look at.
import { expect, type APIRequestContext, type Page } from '@playwright/test';

export const PASSWORD = 'caseward-e2e-password';

export interface Person {
  email: string;
  name: string;
  password: string;
}

export interface People {
  suffix: string;
  adminToken: string;
  home: { id: string; name: string };
  other: { id: string; name: string };
  responder: Person;
  responder2: Person;
  head: Person;
  auditor: Person;
  /** A case (of the home department) opened by the admin, for read-only checks. */
  sampleCase: { id: string; reference: string; title: string };
}

/** api calls the API with a token and fails the test with the server's answer when it refuses. */
export async function api<T>(
  request: APIRequestContext,
  token: string,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT',
  path: string,
  data?: unknown,
): Promise<T> {
  const response = await request.fetch(`/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}` },
    ...(data === undefined ? {} : { data }),
  });
  expect(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

export async function login(request: APIRequestContext, email: string, password: string): Promise<string> {
  const response = await request.post('/api/v1/auth/login', { data: { email, password } });
  expect(response.ok(), `login ${email}: ${response.status()}`).toBe(true);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** createPeople makes the accounts through the API, signed in as the admin. */
export async function createPeople(
  request: APIRequestContext,
  adminEmail: string,
  adminPassword: string,
): Promise<People> {
  const adminToken = await login(request, adminEmail, adminPassword);
  const suffix = Date.now().toString(36);
  const department = (name: string) =>
    api<{ id: string; name: string }>(request, adminToken, 'POST', '/departments', { name });
  const home = await department(`Finance ${suffix}`);
  const other = await department(`Clinical Systems ${suffix}`);
  const person = async (
    key: string,
    name: string,
    role: string,
    departmentId: string | null = null,
  ): Promise<Person> => {
    const email = `${key}-${suffix}@example.org`;
    await api(request, adminToken, 'POST', '/users', {
      email,
      name,
      role,
      department_id: departmentId,
      password: PASSWORD,
    });
    return { email, name, password: PASSWORD };
  };
  const responder = await person('responder', 'Rita Responder', 'responder');
  const responder2 = await person('responder2', 'Sam Second', 'responder');
  const head = await person('head', 'Harriet Head', 'department_head', other.id);
  const auditor = await person('auditor', 'Audrey Auditor', 'auditor');
  const now = new Date().toISOString();
  const sampleCase = await api<{ id: string; reference: string; title: string }>(
    request,
    adminToken,
    'POST',
    '/cases',
    {
      title: `Malware on a finance laptop ${suffix}`,
      category: 'malware',
      severity: 'medium',
      department_id: home.id,
      detected_at: now,
      aware_at: now,
      personal_data_involved: false,
    },
  );
  return { suffix, adminToken, home, other, responder, responder2, head, auditor, sampleCase };
}

/**
 * assigneeOption names person's choice in an assignee picker: their name, followed by their email
 * when another account shares the name (other specs make people with the same names).
 */
export function assigneeOption(person: Person): RegExp {
  const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped(person.name)}( \\(${escaped(person.email)}\\))?$`);
}

/** signInAs opens the sign-in page, signs in as person and waits for the shell. */
export async function signInAs(page: Page, person: Person): Promise<void> {
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Email', { exact: true }).fill(person.email);
  await page.getByLabel('Password', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('user-name')).toHaveText(person.name);
}

/** navLinks lists the links of the main navigation, in order. */
export async function navLinks(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await expect(nav.getByRole('link', { name: 'Overview' })).toBeVisible();
  return (await nav.getByRole('link').allTextContents()).map((t) => t.trim());
}

/** The browser's note about a deliberate 404 (a case the reader may not see). */
export const EXPECTED_404 = /Failed to load resource: the server responded with a status of 404/;

/** goTo follows a link of the main navigation. */
export async function goTo(page: Page, label: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: label, exact: true })
    .click();
}
