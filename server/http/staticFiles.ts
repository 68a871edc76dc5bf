// Serves the built client (dist/client) and its index.html for the page routes.

import express, { type Router } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Page routes the client renders itself. */
const PAGE_ROUTES = ['/', '/login', '/s/:name', '/s/:name/recordings', '/join/:token'];

/** The package root: the nearest folder above this file with our package.json. */
export function packageRoot(start = dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const manifest = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string };
      if (manifest.name === 'tmuxgate') return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the tmuxgate package root');
    dir = parent;
  }
}

export function clientDirectory(): string {
  return join(packageRoot(), 'dist', 'client');
}

export function staticFiles(directory = clientDirectory()): Router {
  const router = express.Router();
  const indexFile = join(directory, 'index.html');
  router.use(
    '/assets',
    express.static(join(directory, 'assets'), {
      immutable: true,
      maxAge: '365d',
      fallthrough: false,
    }),
  );
  router.get(PAGE_ROUTES, (_req, res) => {
    if (!existsSync(indexFile)) {
      res.status(503).type('text/plain').send('The web client is not built. Run `npm run build`.');
      return;
    }
    res.set('Cache-Control', 'no-cache').sendFile(indexFile);
  });
  router.use(express.static(directory, { index: false }));
  return router;
}
