#!/usr/bin/env node
// The `omsim` command (package.json "bin"): runs src/cli/omsim.ts through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/omsim.ts');
