// HTTP(S) requests for tests that need what fetch() cannot do: trust a test CA, read every
// Set-Cookie header, or see which certificate the server presents; and signing in by a login link.

import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:tls';

export interface TestResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface TestRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Certificates to trust for https (the test's self-signed ones). */
  ca?: Buffer | Buffer[];
}

export function testRequest(url: string, options: TestRequestOptions = {}): Promise<TestResponse> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        ...(options.ca ? { ca: options.ca } : {}),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The Set-Cookie headers of a response (one string per cookie). */
export function setCookies(response: TestResponse): string[] {
  return response.headers['set-cookie'] ?? [];
}

/** SHA-256 fingerprint of the certificate a TLS server on 127.0.0.1:`port` presents now. */
export function servedFingerprint(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      const fingerprint = socket.getPeerX509Certificate()?.fingerprint256 ?? '';
      socket.end();
      resolve(fingerprint);
    });
    socket.on('error', reject);
  });
}

/** Follows a one-time login link and returns the session's Cookie header value. */
export async function signIn(loginUrl: string, ca?: Buffer | Buffer[]): Promise<string> {
  const response = await testRequest(loginUrl, ca === undefined ? {} : { ca });
  const cookie = setCookies(response)[0];
  if (response.status !== 303 || !cookie) throw new Error(`login failed with ${response.status}`);
  return cookie.split(';')[0]!;
}
