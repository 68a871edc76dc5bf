// `GET /api/auth/methods` (public): the sign-in methods the login page offers.

import express, { type Router } from 'express';
import type { AuthMethods } from '../../shared/authMethods.js';
import { api } from '../../shared/httpApi.js';
import { reply, underApi } from './apiRoute.js';

export function authMethodsApi(methods: AuthMethods): Router {
  const router = express.Router();
  router.get(underApi(api.authMethods), (_req, res) => {
    reply(res, api.authMethods, methods);
  });
  return router;
}
