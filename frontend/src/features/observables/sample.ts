// Sample observables for the tests of this folder.
import { testUser } from '../../test/fakeServer';
import type { Observable } from './types';

export const CASE_ID = '0190a5f0-0000-7000-8000-0000000000c1';

export function observable(overrides: Partial<Observable> = {}): Observable {
  return {
    id: 'o1',
    case_id: CASE_ID,
    type: 'domain',
    value: 'login-firma.pl',
    tlp: 'amber',
    pap: 'amber',
    ioc: false,
    tags: [],
    description: '',
    source: '',
    first_seen_at: null,
    last_seen_at: null,
    evidence_ids: [],
    sightings: 0,
    created_by_id: testUser.id,
    created_at: '2026-12-04T09:00:00Z',
    updated_at: '2026-12-04T09:00:00Z',
    version: 1,
    ...overrides,
  };
}
