// The words and colours of observables: each type's name, and the TLP 2.0 and PAP labels in the colours
// FIRST gives them (coloured text on black), which read at ≥ 4.5:1 in both schemes.
import type { ObservableType, PAP, TLP } from './types';

/** observableTypes in the order the add form offers them: the network values first, then hashes, then the rest. */
export const observableTypes: readonly ObservableType[] = [
  'ipv4',
  'ipv6',
  'cidr',
  'domain',
  'hostname',
  'url',
  'email',
  'md5',
  'sha1',
  'sha256',
  'file_name',
  'user_account',
  'other',
];

export const typeLabel: Record<ObservableType, string> = {
  ipv4: 'IPv4',
  ipv6: 'IPv6',
  cidr: 'Network (CIDR)',
  domain: 'Domain',
  hostname: 'Host name',
  url: 'URL',
  email: 'Email',
  md5: 'MD5',
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  file_name: 'File name',
  user_account: 'User account',
  other: 'Other',
};

export const tlpLevels: readonly TLP[] = ['clear', 'green', 'amber', 'amber+strict', 'red'];
export const papLevels: readonly PAP[] = ['clear', 'green', 'amber', 'red'];

/** The colour of a TLP 2.0 (and PAP) label's text, on black (FIRST, TLP 2.0: RGB values). */
export const markingColor: Record<TLP, string> = {
  clear: '#FFFFFF',
  green: '#33FF00',
  amber: '#FFC000',
  'amber+strict': '#FFC000',
  red: '#FF2B2B',
};

/** What each TLP label allows, in a line (FIRST, TLP 2.0). */
export const tlpMeaning: Record<TLP, string> = {
  clear: 'may be shared without limit',
  green: 'may be shared within the community, not publicly',
  amber: 'may be shared within the organisation and its clients, on a need-to-know basis',
  'amber+strict': 'may be shared within the organisation only, on a need-to-know basis',
  red: 'for the named recipients only',
};

/** What each PAP label allows to be done with the value (FIRST, PAP). */
export const papMeaning: Record<PAP, string> = {
  clear: 'no restriction on its use',
  green: 'active steps allowed, such as blocking it or probing it',
  amber: 'passive checks only, such as a lookup in a third-party service',
  red: 'nothing the adversary could notice, such as a lookup from our own network',
};

/** markingLabel is the label as FIRST writes it: "TLP:AMBER+STRICT", "PAP:RED". */
export const markingLabel = (kind: 'TLP' | 'PAP', level: TLP | PAP) => `${kind}:${level.toUpperCase()}`;

export const tlpOptions = tlpLevels.map((l) => ({ value: l, label: markingLabel('TLP', l) }));
export const papOptions = papLevels.map((l) => ({ value: l, label: markingLabel('PAP', l) }));
export const typeOptions = observableTypes.map((t) => ({ value: t, label: typeLabel[t] }));
