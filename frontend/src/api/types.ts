// Short names for the contract's schemas, so screens need not spell out components['schemas'][…].
import type { components } from './schema';

type Schemas = components['schemas'];

export type Role = Schemas['Role'];
export type User = Schemas['User'];
export type AuthMethods = Schemas['AuthMethods'];
export type Assignee = Schemas['Assignee'];
export type Department = Schemas['Department'];
export type Service = Schemas['Service'];
export type AuditEvent = Schemas['AuditEvent'];
export type AuditVerifyResult = Schemas['AuditVerifyResult'];
export type MyWork = Schemas['MyWork'];
export type HeldEvidence = Schemas['HeldEvidence'];
export type WorkExport = Schemas['WorkExport'];
export type AuditChainState = Schemas['AuditChainState'];
export type SetupChecklist = Schemas['SetupChecklist'];
export type Case = Schemas['Case'];
export type CaseList = Schemas['CaseList'];
export type SavedView = Schemas['SavedView'];
export type CaseStatus = Schemas['CaseStatus'];
export type Severity = Schemas['Severity'];
export type Category = Schemas['Category'];
export type BreachStatus = Schemas['BreachStatus'];
export type RegulatorStatus = Schemas['RegulatorStatus'];
export type NoteKind = Schemas['NoteKind'];
export type TimelineItem = Schemas['TimelineItem'];
export type CreateCaseRequest = Schemas['CreateCaseRequest'];
export type UpdateCaseRequest = Schemas['UpdateCaseRequest'];
export type APIKey = Schemas['APIKey'];
export type SignInSession = Schemas['SignInSession'];
export type APIKeyRole = Schemas['APIKeyRole'];
export type APIKeyCreated = Schemas['APIKeyCreated'];
export type CreateAPIKeyRequest = Schemas['CreateAPIKeyRequest'];
export type CreateMyAPIKeyRequest = Schemas['CreateMyAPIKeyRequest'];
export type SecondFactorChallenge = Schemas['SecondFactorChallenge'];
export type SecondFactorRequest = Schemas['SecondFactorRequest'];
export type SecondFactorStatus = Schemas['SecondFactorStatus'];
export type TOTPEnrolment = Schemas['TOTPEnrolment'];
export type SignInPolicy = Schemas['SignInPolicy'];

/** Changes is an audit event's changed fields: `{field: [old, new]}`. */
export type Changes = Record<string, unknown[]>;

/** Page is one page of any list the API returns. */
export interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}

/** Versioned is a resource read together with the ETag to send back in If-Match. */
export interface Versioned<T> {
  item: T;
  etag: string;
}

/** etagOf is the ETag the server sends for a version: the version in double quotes. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/** versioned pairs a read resource with its ETag, from the response header or, failing that, its version. */
export function versioned<T extends { version: number }>(item: T, response: Response): Versioned<T> {
  return { item, etag: response.headers.get('ETag') ?? etagOf(item.version) };
}
