#!/usr/bin/env -S node --max-semi-space-size=2
// The installed `tmuxgate` command: runs the compiled CLI (npm run build produces dist/), with
// the node options of server/cli/nodeFlags.ts (they only take effect when node starts).
import '../dist/server/cli/main.js';
