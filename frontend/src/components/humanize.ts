// Rewording server validation messages to show under the field they are about.

const sentence = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}${/[.!?)]$/.test(s) ? '' : '.'}`;

/**
 * humanize rewords a server field message to show under its field: "is required" reads oddly
 * on its own. Given the field's label, the message becomes a sentence about it: the server's
 * messages follow the field name ("is in the future", "must be one of …").
 */
export function humanize(message: string, label?: string): string {
  const text = message.trim();
  if (text === 'is required') return 'This field is required.';
  if (!label || !text) return message;
  if (/^(is|must|was|does|needs|may) /.test(text)) return sentence(`${label} ${text}`);
  return sentence(text);
}
