// Configuration rules across entries, which a schema of one entry cannot state: unique user and
// session names, and access maps that name only people who can sign in.

import { NAME_PATTERN } from '../../shared/names.js';
import { USER_NAME_PATTERN } from './principalNames.js';
import { accessKeyProblem, authProblems } from './auth.js';
import { isMapping, type ConfigProblem } from './rules.js';
import { ANY_USER } from './schema.js';

/** Rules across entries: unique user and session names, access only for configured users. */
export function crossCheck(raw: unknown): ConfigProblem[] {
  if (!isMapping(raw)) return [];
  const problems: ConfigProblem[] = [];
  const userNames = new Set<string>();
  const users = Array.isArray(raw.users) ? (raw.users as unknown[]) : undefined;
  // User names are compared ignoring case: "Alice" and "alice" would look like one person.
  const firstUserIndex = new Map<string, number>();
  users?.forEach((user, index) => {
    if (!isMapping(user) || typeof user.name !== 'string') return;
    userNames.add(user.name);
    if (!USER_NAME_PATTERN.test(user.name)) return; // already reported
    const key = user.name.toLowerCase();
    const first = firstUserIndex.get(key);
    if (first === undefined) {
      firstUserIndex.set(key, index);
      return;
    }
    const firstName = (users[first] as { name: string }).name;
    const message =
      firstName === user.name
        ? `"${user.name}" is already used by users.${first}`
        : `"${user.name}" is already used by users.${first} as "${firstName}" (user names ignore case)`;
    problems.push({ path: ['users', index, 'name'], message });
  });

  const sessions = Array.isArray(raw.sessions) ? (raw.sessions as unknown[]) : [];
  const firstSessionIndex = new Map<string, number>();
  sessions.forEach((session, index) => {
    if (!isMapping(session)) return;
    if (typeof session.name === 'string' && NAME_PATTERN.test(session.name)) {
      const first = firstSessionIndex.get(session.name);
      if (first === undefined) firstSessionIndex.set(session.name, index);
      else {
        const message = `"${session.name}" is already used by sessions.${first}`;
        problems.push({ path: ['sessions', index, 'name'], message });
      }
    }
    if (users === undefined && raw.users !== undefined) return; // users itself is broken
    if (!isMapping(session.access)) return;
    for (const key of Object.keys(session.access)) {
      if (key === ANY_USER || userNames.has(key)) continue;
      const unknownUser = `no user named "${key}" (list it under users, or use "${ANY_USER}")`;
      const message = accessKeyProblem(key, raw.auth, unknownUser);
      if (message) problems.push({ path: ['sessions', index, 'access', key], message });
    }
  });
  problems.push(...authProblems(raw));
  return problems;
}
