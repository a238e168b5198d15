#!/usr/bin/env node
// The lucent-engine CLI: runs the built engine (run `pnpm build` first).
import '../dist/cli/main.js';
