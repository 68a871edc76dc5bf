// Vite build of the browser client: client/ → dist/client, which the gateway serves as static files.

import { fileURLToPath } from 'node:url';
import type { UserConfig } from 'vite';

/** Where `npm run dev:client` finds a gateway to forward the API and WebSockets to. */
const DEV_GATEWAY = process.env.TMUXGATE_DEV_GATEWAY ?? 'http://127.0.0.1:7681';

// A typed object rather than defineConfig(): ESLint checks this file in its default project,
// where the package's types may not resolve, and a call on an unresolved type is flagged.
const config: UserConfig = {
  root: fileURLToPath(new URL('./client', import.meta.url)),
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('./dist/client', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // xterm.js and its addons are one chunk; warn only well above their size.
    chunkSizeWarningLimit: 1024,
  },
  server: {
    proxy: {
      '/api': { target: DEV_GATEWAY, ws: true, changeOrigin: false },
      // `/login?token=…` is the gateway's; the bare `/login` page is this app's.
      '/login': {
        target: DEV_GATEWAY,
        bypass: (req: { url?: string }) =>
          req.url?.startsWith('/login?') ? undefined : '/index.html',
      },
      '/join': DEV_GATEWAY,
      '/healthz': DEV_GATEWAY,
    },
  },
};

export default config;
