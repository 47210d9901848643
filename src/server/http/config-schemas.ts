// The zod schemas of configuration answers: keys, directories, changes, diffs, change sets.
import { z } from 'zod';
import { ACTIONS } from '../auth/index.js';

export const revisionQuery = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

export const keyViewSchema = z.object({
  key: z.string(),
  sealed: z.boolean().describe('a sealed value is never shown; replace it with a new one'),
  value: z.string().optional().describe('absent when sealed'),
  modRevision: z.number().int().describe('send as If-Match to change the key only if unchanged'),
  createRevision: z.number().int(),
  version: z.number().int(),
  setBy: z
    .object({ user: z.string(), at: z.string(), message: z.string(), source: z.string() })
    .optional()
    .describe('absent when the value was written outside Setpoint'),
});

export const changeSchema = z.object({
  id: z.string(),
  directory: z.string(),
  user: z.string(),
  at: z.string(),
  message: z.string(),
  source: z.string(),
  from: z.string().optional(),
  revision: z.number().int(),
  keys: z.array(z.object({ key: z.string(), action: z.enum(['put', 'delete']), sealed: z.boolean() })),
});

export const diffSideSchema = z.object({
  sealed: z.boolean(),
  value: z.string().optional(),
  modRevision: z.number().int().optional(),
});

export const diffEntrySchema = z.object({
  path: z.string(),
  change: z.enum(['added', 'removed', 'changed']),
  before: diffSideSchema.optional(),
  after: diffSideSchema.optional(),
});

export const actionsSchema = z.array(
  z.enum(ACTIONS.map((a) => a.action) as ['read', 'write', 'publish', 'admin']),
);

export const directorySchema = z.object({
  name: z.string(),
  description: z.string(),
  recipients: z.array(z.string()).readonly(),
  keyCount: z.number().int(),
  createdAt: z.string().optional(),
  createdBy: z.string().optional(),
  modRevision: z.number().int(),
  extra: z.record(z.string(), z.unknown()).readonly(),
  allowed: actionsSchema.describe('what the caller may do in this directory'),
});

export const stagedSchema = z.object({
  key: z.string(),
  action: z.enum(['put', 'delete']),
  base: z.number().int(),
  current: diffSideSchema.optional(),
  staged: diffSideSchema.optional(),
  conflict: z.boolean().describe('the key changed since it was staged: publishing would be refused'),
  stagedBy: z.string(),
  stagedAt: z.string(),
});

export const changeSetSchema = z.object({
  id: z.string(),
  directory: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  message: z.string(),
  changes: z.array(stagedSchema).readonly(),
  conflicts: z.number().int(),
  modRevision: z.number().int(),
});

/** The message a change is published with (optional; the change record keeps it). */
export const messageField = z.string().max(2000).optional();
