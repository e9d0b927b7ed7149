// Rewording server validation messages to show under the field they are about.

const sentence = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}${/[.!?)]$/.test(s) ? '' : '.'}`;

/** snake turns the JSON field names a message may still hold into words ("aware_at" → "aware at"). */
const unsnake = (s: string) =>
  s.replace(/\b([a-z]+(?:_[a-z]+)+)\b/g, (name) => name.replace(/_id$/, '').replace(/_/g, ' '));

/**
 * humanize rewords a server field message to show under its field. The server sends sentences
 * that start with its name for the field ("Detected at is in the future."); given the form's
 * label, that name becomes the label. Older fragments ("is required", "must be one of …") become a
 * sentence about the label, and a JSON field name left in a message becomes words.
 */
export function humanize(message: string, label?: string, serverLabel?: string): string {
  let text = unsnake(message.trim());
  if (!text) return label ? `${label} is not valid.` : message;
  if (text === 'is required') return label ? `${label} is required.` : 'This field is required.';
  if (label && serverLabel && serverLabel !== label && text.startsWith(`${serverLabel} `)) {
    text = `${label}${text.slice(serverLabel.length)}`;
  }
  if (!label) return sentence(text);
  if (/^(is|must|was|does|needs|may|cannot|names) /.test(text)) return sentence(`${label} ${text}`);
  return sentence(text);
}
