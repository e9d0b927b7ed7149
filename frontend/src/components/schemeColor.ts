// schemeColor names a Mantine palette colour ("red-6", "gray-1", "dark-7", or "text", "dimmed", "body") for inline
// styles and SVG, readable in both schemes: in dark, a shade turns into its mirror (light fills become dark ones,
// dark strokes light ones) and greys come from Mantine's dark palette. Needs CSS color-scheme set (src/app/theme.css).
export function schemeColor(name: string): string {
  const m = /^([a-z]+)[-.](\d)$/.exec(name);
  if (!m) return `var(--mantine-color-${name})`;
  const [, hue, digit] = m;
  const shade = Number(digit);
  const light = `var(--mantine-color-${hue}-${shade})`;
  let dark: string;
  if (hue === 'gray') dark = `var(--mantine-color-dark-${Math.max(0, 6 - shade)})`;
  else if (hue === 'dark') dark = `var(--mantine-color-dark-${Math.max(0, 8 - shade)})`;
  else dark = `var(--mantine-color-${hue}-${9 - shade})`;
  return `light-dark(${light}, ${dark})`;
}
