#!/usr/bin/env node
// The installed `tmuxgate` command: runs the compiled CLI (npm run build produces dist/).
import '../dist/server/cli/main.js';
