// The Mantine theme: one calm primary colour, system fonts (no web fonts: the CSP and the closed network),
// light and dark schemes that both meet WCAG AA contrast, and the app's own surface colours as CSS variables
// (use these, never gray.0 or #fff, so that every screen reads in both schemes).
import { Badge, createTheme, Drawer, Menu, Modal, type CSSVariablesResolver } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 7, dark: 8 },
  defaultRadius: 'md',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
  headings: { fontWeight: '650' },
  cursorType: 'pointer',
  // Whoever asks their system for less motion gets none: dialogs, menus and collapses appear at once.
  respectReducedMotion: true,
  // Filled buttons and badges take black or white text, whichever reads better: at this threshold either is ≥ 4.5:1.
  autoContrast: true,
  luminanceThreshold: 0.179,
  components: {
    // A badge keeps its whole label in a tight table cell instead of shrinking into an ellipsis.
    Badge: Badge.extend({ styles: { root: { flexShrink: 0, minWidth: 'max-content' } } }),
    // A menu holds only menu items (ARIA): no focus placeholder; opening it with the keyboard focuses the first item.
    Menu: Menu.extend({ defaultProps: { withInitialFocusPlaceholder: false } }),
    // The close button (×) has a name for screen readers.
    Modal: Modal.extend({
      defaultProps: { closeButtonProps: { 'aria-label': 'Close' } },
      styles: { title: { fontWeight: 650, fontSize: 'var(--mantine-font-size-lg)' } },
    }),
    Drawer: Drawer.extend({
      defaultProps: { closeButtonProps: { 'aria-label': 'Close' } },
      styles: { title: { fontWeight: 650, fontSize: 'var(--mantine-font-size-lg)' } },
    }),
  },
});

/** The key under which the browser remembers the chosen scheme; public/color-scheme.js reads it before the first paint. */
export const COLOR_SCHEME_KEY = 'caseward.color-scheme';

/**
 * strongerLightText: in the light scheme Mantine draws coloured text (c="red", light and outline badges) in
 * shades 7 to 9, which for orange, yellow, teal and green stay under 4.5:1 on white or on their own light
 * background; a darker mix of shade 9 reads at ≥ 4.5:1 for every colour.
 */
function strongerLightText(colors: string[]): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const c of colors) {
    const strong = `color-mix(in srgb, var(--mantine-color-${c}-9), black 30%)`;
    vars[`--mantine-color-${c}-light-color`] = strong;
    vars[`--mantine-color-${c}-outline`] = strong;
    vars[`--mantine-color-${c}-text`] = strong;
  }
  return vars;
}

/**
 * cssVariablesResolver: helper ("dimmed") text and a field's error at AA contrast (≥ 4.5:1) on every surface
 * of both schemes (Mantine's defaults are 3.3:1 in light), and the app's surfaces:
 *   --cw-page       the background behind the cards of a signed-in page
 *   --cw-surface    a quiet inset block (a note, an audit record, a filter panel)
 *   --cw-track      the empty part of a bar or a timeline
 *   --cw-icon-muted a decorative icon that must still be seen
 *   --cw-marker     a thin mark drawn over a bar (the first promised date)
 *   --cw-page-accent the top of the sign-in page's gentle gradient
 *   --cw-text-warning, --cw-text-success, --cw-text-danger: coloured text that carries meaning, ≥ 4.5:1
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    ...strongerLightText(Object.keys(t.colors).filter((c) => c !== 'dark')),
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--cw-page': 'var(--mantine-color-gray-0)',
    '--cw-surface': 'var(--mantine-color-gray-0)',
    '--cw-track': 'var(--mantine-color-gray-1)',
    '--cw-icon-muted': 'var(--mantine-color-gray-6)',
    '--cw-marker': 'var(--mantine-color-dark-6)',
    '--cw-page-accent': 'var(--mantine-color-indigo-0)',
    '--cw-text-warning': 'color-mix(in srgb, var(--mantine-color-orange-9), black 15%)',
    '--cw-text-success': 'var(--mantine-color-teal-9)',
    '--cw-text-danger': 'var(--mantine-color-red-9)',
  },
  dark: {
    '--mantine-color-dimmed': 'var(--mantine-color-dark-1)',
    '--mantine-color-placeholder': 'var(--mantine-color-dark-2)',
    '--mantine-color-error': 'var(--mantine-color-red-4)',
    '--cw-page': 'var(--mantine-color-dark-8)',
    '--cw-surface': 'var(--mantine-color-dark-6)',
    '--cw-track': 'var(--mantine-color-dark-5)',
    '--cw-icon-muted': 'var(--mantine-color-dark-2)',
    '--cw-marker': 'var(--mantine-color-gray-3)',
    '--cw-page-accent': 'var(--mantine-color-dark-6)',
    '--cw-text-warning': 'var(--mantine-color-orange-3)',
    '--cw-text-success': 'var(--mantine-color-teal-3)',
    '--cw-text-danger': 'var(--mantine-color-red-3)',
  },
});
