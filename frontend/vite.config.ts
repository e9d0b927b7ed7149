/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dev server proxies the API to a locally running `caseward serve`
// (default address 127.0.0.1:8080; override with CASEWARD_DEV_API).
const apiTarget = process.env.CASEWARD_DEV_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    rolldownOptions: {
      output: {
        // React and the router change less often than the app and every screen needs them: their own
        // chunk stays cached across releases. Mantine, the icons and the other libraries are not grouped:
        // a group is one chunk, which the entry would load whole; ungrouped, each screen's chunk brings
        // only the components it uses (see `npm run check:size` and docs/performance.md).
        codeSplitting: {
          groups: [{ name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/ }],
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    restoreMocks: true,
    // One environment per worker, not per file: setting up jsdom and importing Mantine for each of ~80 files was
    // three quarters of the run (4.9 min against 1.4 on a 2-core machine). Tests must leave no module state behind.
    isolate: false,
    // Screen tests click through whole forms; on a loaded machine they need more than the default 5 s.
    testTimeout: 15_000,
  },
});
