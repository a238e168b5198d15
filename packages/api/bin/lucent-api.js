#!/usr/bin/env node
// The lucent-api command: `lucent-api` serves; `lucent-api keys generate` prints a fresh key file (run `pnpm build` first).
import '../dist/main.js';
