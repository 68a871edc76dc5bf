// `GET /api/auth/methods` (public): the sign-in methods the login and front pages offer.

import express, { type Router } from 'express';
import type { AuthMethods } from '../../shared/authMethods.js';
import { api } from '../../shared/httpApi.js';
import type { GatewayConfig } from '../config/gatewayConfig.js';
import { reply, underApi } from './apiRoute.js';

/** What the configuration lets people sign in with, as the pages need to know it. */
export function authMethodsOf(config: Pick<GatewayConfig, 'auth' | 'users'>): AuthMethods {
  const { auth } = config;
  const local = auth.local && config.users.length > 0;
  const proxy = auth.proxy !== undefined;
  return {
    local,
    ...(auth.oidc ? { oidc: { name: auth.oidc.displayName } } : {}),
    proxyOnly: proxy && !local && !auth.oidc,
    oneTimeLink: !proxy && !local && !auth.oidc,
  };
}

export function authMethodsApi(config: Pick<GatewayConfig, 'auth' | 'users'>): Router {
  const methods = authMethodsOf(config);
  const router = express.Router();
  router.get(underApi(api.authMethods), (_req, res) => {
    reply(res, api.authMethods, methods);
  });
  return router;
}
