// How a link between two cases reads from the case it is shown on.
import type { components } from '../../api/schema';

export type CaseLink = components['schemas']['CaseLink'];
export type CaseLinkKind = components['schemas']['CaseLinkKind'];
export type CaseLinkRelation = components['schemas']['CaseLinkRelation'];

/** relationLabel words a link from this case's side: "Duplicate of INC-…", "Has duplicate INC-…". */
export const relationLabel: Record<CaseLinkRelation, string> = {
  related: 'Related to',
  duplicate_of: 'Duplicate of',
  has_duplicate: 'Has duplicate',
  caused_by: 'Caused by',
  caused: 'Caused',
};

/** The kinds a user picks when linking from this case, worded from this case. */
export const kindOptions: { value: CaseLinkKind; label: string }[] = [
  { value: 'related', label: 'Related to' },
  { value: 'caused_by', label: 'Caused by' },
  { value: 'duplicate_of', label: 'Duplicate of' },
];

/** describeLink is the one line a link reads as on this case: "Caused by INC-2026-0004". */
export function describeLink(link: CaseLink): string {
  return `${relationLabel[link.relation]} ${link.case.reference}`;
}

/** duplicateOf is the case this one duplicates, if the caller may see it. */
export function duplicateOf(links: readonly CaseLink[]): CaseLink | undefined {
  return links.find((l) => l.relation === 'duplicate_of');
}

/** Order in which relations are listed: what this case is first, then what it is to others. */
const order: CaseLinkRelation[] = ['duplicate_of', 'caused_by', 'related', 'caused', 'has_duplicate'];

/** sortLinks lists the duplicate-of link first, then causes, related cases, effects and duplicates. */
export function sortLinks(links: readonly CaseLink[]): CaseLink[] {
  return [...links].sort((a, b) => order.indexOf(a.relation) - order.indexOf(b.relation));
}
