// `GET /api/auth/methods` (public): the sign-in methods the login page offers.

import express, { type Router } from 'express';
import type { AuthMethods } from '../../shared/authMethods.js';

export function authMethodsApi(methods: AuthMethods): Router {
  const router = express.Router();
  router.get('/auth/methods', (_req, res) => {
    res.json(methods);
  });
  return router;
}
