// Vitest setup: jest-dom matchers, cleanup, and the browser APIs Mantine needs that jsdom lacks.
import '@testing-library/jest-dom/vitest';

import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

import { configureDates } from '../components/dates';

// Whole screens render through the router, the query cache and Mantine: allow them more than a second on a busy machine.
configure({ asyncUtilTimeout: 8000 });

// Screens are tested as a British reader sees them (jsdom's navigator says en-US); dates.test.ts tries others.
configureDates({ locale: 'en-GB' });

afterEach(() => {
  cleanup();
  window.localStorage.clear();
  configureDates({ locale: 'en-GB', zone: null });
});

Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: (query: string): MediaQueryList => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  }),
});

class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
window.ResizeObserver = ResizeObserverStub;

window.scrollTo = () => {};

// Mantine's Combobox scrolls the selected option into view.
Element.prototype.scrollIntoView = () => {};

// Mantine's autosizing Textarea listens for web fonts loading.
if (!('fonts' in document)) {
  Object.defineProperty(document, 'fonts', {
    value: { addEventListener: () => {}, removeEventListener: () => {}, ready: Promise.resolve() },
  });
}
