// Rendering the exports screens for tests: a signed-in user, the real client against a FakeServer,
// and a record of the files the browser was asked to save.
import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { vi } from 'vitest';

import { REFRESH_TOKEN_KEY } from '../../api/session';
import type { User } from '../../api/types';
import { Providers } from '../../app/providers';
import { RequireAuth } from '../../app/RequireAuth';
import { json, memoryStorage, tokens, type FakeServer } from '../../test/fakeServer';
import { testApi } from '../../test/renderApp';

export interface SavedFile {
  name: string;
  blob: Blob;
}

/** captureSaves records every file handed to the browser through an object URL and <a download>. */
export function captureSaves(): SavedFile[] {
  const saved: SavedFile[] = [];
  const blobs = new Map<string, Blob>();
  let n = 0;
  vi.spyOn(URL, 'createObjectURL').mockImplementation((obj: Blob | MediaSource) => {
    const url = `blob:test/${++n}`;
    blobs.set(url, obj as Blob);
    return url;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    const blob = blobs.get(this.getAttribute('href') ?? '');
    if (blob) saved.push({ name: this.download, blob });
  });
  return saved;
}

/** renderSignedInAt renders element at path, for user, inside the real providers and auth guard. */
export function renderSignedInAt(path: string, element: ReactNode, server: FakeServer, user: User) {
  const storage = memoryStorage();
  storage.setItem(REFRESH_TOKEN_KEY, 'refresh-1');
  server.on('POST /auth/refresh', () => json(200, tokens(2, user))).on('GET /me', () => json(200, user));
  const router = createMemoryRouter(
    [
      { element: <RequireAuth />, children: [{ path: path.split('?')[0], element }] },
      { path: '/login', element: <p>login</p> },
    ],
    { initialEntries: [path] },
  );
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const view = render(
    <Providers api={testApi(server, storage)} queryClient={queryClient}>
      <RouterProvider router={router} />
    </Providers>,
  );
  return { ...view, router };
}

/** bytesResponse answers with a file body and headers, as the export endpoints do. */
export function bytesResponse(body: string, headers: Record<string, string>): Response {
  const bytes = new TextEncoder().encode(body);
  return new Response(bytes, { status: 200, headers: { 'Content-Length': String(bytes.length), ...headers } });
}
