// axe-core in the browser tests: expectAccessible(page, testInfo) runs axe on what the page shows now (WCAG 2.1
// A and AA rules) and fails on any serious or critical violation, listing each with the elements it found.
// The full report is attached to the test. Everything else (moderate, minor) is attached but does not fail.
// It first waits for the page's running transitions (not endless ones, like a spinner): a dialog still
// fading in has colours it never shows at rest, and axe would measure those.
import axe from 'axe-core';
import type { Page, TestInfo } from '@playwright/test';

import { expect } from './fixtures';

declare global {
  interface Window {
    axe?: typeof axe;
  }
}

export const FAILING_IMPACTS = ['serious', 'critical'] as const;

export interface AxeOptions {
  /** A name for the report and the failure message (defaults to the page's path). */
  label?: string;
  /** CSS selectors axe should leave out, each with a reason in the caller. */
  exclude?: string[];
  /** Only these rules, rather than every WCAG 2.1 A and AA rule (e.g. the colour rules, again in another scheme). */
  rules?: string[];
}

/** The rules whose outcome depends on colours: all a change of colour scheme can change. */
export const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export async function expectAccessible(page: Page, testInfo: TestInfo, options: AxeOptions = {}): Promise<void> {
  const label = options.label ?? new URL(page.url()).pathname;
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity) // a spinner never ends
        .map((a) => a.finished.catch(() => undefined)),
    ).then(() => undefined),
  );
  // axe runs in the page alone (the app has no frames), put there once per document: its 640 KB of script
  // cost more to send and compile than most runs of its rules on a 2-core machine.
  if (!(await page.evaluate(() => window.axe !== undefined))) await page.evaluate(axe.source);
  const results = await page.evaluate(
    ({ exclude, runOnly }) =>
      window.axe!.run(exclude.length ? { exclude } : document, {
        runOnly,
        // Every node of every violation; the passing and undecided rules with one node each (only their number
        // is kept), which spares axe a selector for each of the page's elements.
        resultTypes: ['violations'],
      }),
    {
      exclude: options.exclude ?? [],
      runOnly: options.rules
        ? { type: 'rule' as const, values: options.rules }
        : { type: 'tag' as const, values: WCAG_TAGS },
    },
  );

  await testInfo.attach(`axe ${label}`, {
    body: JSON.stringify({ violations: results.violations, incomplete: results.incomplete.length }, null, 2),
    contentType: 'application/json',
  });

  const failing = results.violations
    .filter((v) => (FAILING_IMPACTS as readonly string[]).includes(v.impact ?? ''))
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help}\n` +
        v.nodes
          .slice(0, 5)
          .map((n) => `    ${n.target.join(' ')}  ${n.failureSummary?.split('\n').slice(1).join(' ').trim() ?? ''}`)
          .join('\n'),
    );
  expect(failing, `axe: serious or critical violations on ${label}`).toEqual([]);
}
