// The zod schemas several routes share: errors, users, grants.
import { z } from 'zod';
import { ROLES } from '../auth/index.js';

/** Every error answer. */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().describe('stable code, e.g. KEY_CHANGED'),
      message: z.string().describe('what was wrong, where, and what to do'),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .describe('an error');

/** The error answers every guarded route may give. */
export const guardedErrors = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  503: errorSchema,
};

export const grantSchema = z.object({
  role: z.enum(ROLES),
  prefix: z.string().max(1024).describe("'' for everything, or a directory path ending in '/'"),
});

export const userSchema = z.object({
  name: z.string(),
  grants: z.array(grantSchema).readonly(),
  createdAt: z.string(),
  updatedAt: z.string(),
  disabled: z.boolean(),
  modRevision: z.number().int().describe('send as If-Match to change the user only if unchanged'),
});

/**
 * An `If-Match` header holding a revision (`812`, `"812"` or `W/"812"`), as a number; undefined
 * when absent. Throws REQUEST_INVALID when it is not a revision.
 */
export function ifMatchRevision(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const text = Array.isArray(header) ? header[0] : header;
  const match = /^\s*(?:W\/)?"?(\d{1,16})"?\s*$/.exec(text ?? '');
  if (match === null) {
    throw Object.assign(
      new Error(
        `If-Match '${text}' is not a revision; send the mod_revision you read (0: the key must not exist yet)`,
      ),
      { code: 'REQUEST_INVALID' },
    );
  }
  return Number(match[1]);
}
