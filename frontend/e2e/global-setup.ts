// Checks once, before any worker starts its server (fixtures.ts), that the binary and
// the SPA are built.
import { existsSync } from 'node:fs';
import path from 'node:path';

import { casewardBinary, spaDist } from './server';

export default function globalSetup(): void {
  if (!existsSync(casewardBinary)) {
    throw new Error(
      `e2e: no caseward binary at ${casewardBinary}. Build it first (repo root: go build -o bin/caseward ./cmd/caseward) or set CASEWARD_BIN.`,
    );
  }
  if (!existsSync(path.join(spaDist, 'index.html'))) {
    throw new Error(`e2e: the SPA is not built (${spaDist}/index.html is missing). Run npm run build first.`);
  }
}
