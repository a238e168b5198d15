#!/usr/bin/env node
// The lucent CLI: runs the built client (run `pnpm build` first).
import '../dist/cli/main.js';
