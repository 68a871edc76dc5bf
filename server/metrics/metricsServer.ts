// Serves GET /metrics: on the gateway's own port, or on a listener of its own (then only there).

import express, { type Router } from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ListenAddress } from '../config/gatewayConfig.js';
import type { GatewayMetrics } from './gatewayMetrics.js';

export function metricsRoute(metrics: GatewayMetrics): Router {
  const router = express.Router();
  router.get('/metrics', async (_req, res) => {
    const { contentType, body } = await metrics.render();
    res.set('Content-Type', contentType).set('Cache-Control', 'no-store').send(body);
  });
  return router;
}

export interface MetricsListener {
  url: string;
  close(): Promise<void>;
}

/** Listens on `address` with /metrics and nothing else; a taken port is a clear error. */
export async function listenForMetrics(
  address: ListenAddress,
  metrics: GatewayMetrics,
): Promise<MetricsListener> {
  const app = express();
  app.disable('x-powered-by');
  app.use(metricsRoute(metrics));
  app.use((_req, res) => {
    res
      .status(404)
      .json({ error: { code: 'not_found', message: 'Only /metrics is served here.' } });
  });
  const server: Server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'the address is already in use' : error.message;
      reject(
        new Error(`metrics.listen: cannot listen on ${address.host}:${address.port}: ${why}`, {
          cause: error,
        }),
      );
    });
    server.listen(address.port, address.host, () => resolve());
  });
  const bound = server.address() as AddressInfo;
  const host = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  return {
    url: `http://${host}:${bound.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
