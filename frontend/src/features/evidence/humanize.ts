// Rewording server validation messages that read oddly next to a field.

const sentence = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}${/[.!?)]$/.test(s) ? '' : '.'}`;

/**
 * humanize turns a server field message into a sentence to show under the field: the domain's
 * messages follow the field name ("is in the future"), so label is put in front of them.
 */
export function humanize(message: string, label?: string): string {
  const text = message.trim();
  if (text === 'is required') return 'This field is required.';
  if (!text) return text;
  if (label && /^(is|must|was|does|needs) /.test(text)) return sentence(`${label} ${text}`);
  return sentence(text);
}
