// Backups through the API, for admins: list, show, make one now, verify one, restore (a dry run by
// default), and the schedule and retention the running backup service follows.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { BackupServiceOptions } from '../../../backup/backup-service.js';
import { createBackup } from '../../../backup/create-backup.js';
import { normalisePrefixes } from '../../../backup/prefixes.js';
import { clearBackupSettings, writeBackupSettings } from '../../../backup/schedule/stored-settings.js';
import { listTarget, restoreFromTarget, showBackup, verifyOne } from '../../backups/backup-operations.js';
import { backupProgressOf } from '../../backups/backup-progress.js';
import { describeBackupSettings } from '../../backups/backup-settings-view.js';
import { principalOf, type RouteAccess } from '../access.js';
import type { ApiContext, RoutePlugin } from '../context.js';
import { ApiError } from '../errors.js';
import { errorSchema, guardedErrors, ifMatchRevision } from '../schemas.js';

/** Backups hold every key, `_setpoint/` included: only an admin on everything may touch them. */
const adminOnEverything: RouteAccess = { kind: 'action', action: 'admin', keys: () => [''] };

const backupId = z
  .string()
  .max(128)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'a backup id as GET /api/v1/backups lists it, e.g. 20261130T030000Z-r48213',
  )
  .describe('a backup id, e.g. 20261130T030000Z-r48213');
const idParams = z.object({ id: backupId });
const prefixList = z
  .array(z.string().max(1024))
  .max(100)
  .describe("key prefixes, e.g. ['hack/']; '' or none: everything");

const manifestSchema = z.object({
  format: z.string(),
  formatVersion: z.number(),
  id: z.string(),
  kind: z.string(),
  revision: z.number().describe('the etcd revision every key was read at'),
  keyCount: z.number(),
  bytes: z.number().describe('bytes as stored (compressed, maybe encrypted)'),
  uncompressedBytes: z.number(),
  sha256: z.string(),
  md5: z.string().optional(),
  prefixes: z.array(z.string()),
  createdAt: z.string(),
  setpointVersion: z.string(),
  encryptedTo: z.array(z.string()).optional().describe('key ids of the recipients, when encrypted'),
  data: z.string(),
});

const listAnswer = z.object({
  target: z.string(),
  backups: z
    .array(
      z.object({
        id: z.string(),
        status: z.enum(['usable', 'incomplete', 'damaged']),
        usable: z.boolean(),
        createdAt: z.string().nullable(),
        revision: z.number().nullable(),
        keyCount: z.number().nullable(),
        bytes: z.number().nullable(),
        prefixes: z.array(z.string()).readonly().nullable(),
        encrypted: z.boolean().nullable(),
        problem: z.string().nullable().describe('why it cannot be used'),
      }),
    )
    .readonly(),
  deltas: z.object({
    segments: z.number(),
    fromRevision: z.number().nullable(),
    toRevision: z.number().nullable().describe('restores reach up to this revision'),
    bytes: z.number(),
  }),
});

const verifyAnswer = z.object({
  id: z.string(),
  ok: z.boolean(),
  keys: z.number().nullable().describe('records read; null when encrypted (the server holds no private key)'),
  bytes: z.number().nullable(),
  code: z.string().nullable().describe('BACKUP_CORRUPT or BACKUP_INCOMPLETE when not ok'),
  problem: z.string().nullable(),
});

const restoreBody = z.object({
  backup: backupId.optional().describe('start from this backup; alone: restore it as it was'),
  at: z
    .union([z.number().int().min(0), z.string().min(1).max(64)])
    .optional()
    .describe('a revision (48213) or an ISO 8601 time; none: the newest state recorded'),
  prefixes: prefixList.optional(),
  prune: z.boolean().default(false).describe('also remove keys that did not exist at that point'),
  dryRun: z.boolean().default(true).describe('only say what would change (the default)'),
});

const restoreAnswer = z.object({
  backup: z.string(),
  revision: z.number(),
  deltaSegments: z.number(),
  dryRun: z.boolean(),
  added: z.number(),
  changed: z.number(),
  removed: z.number(),
  written: z.number(),
  changes: z
    .array(
      z.object({
        kind: z.enum(['add', 'change', 'remove']),
        key: z.string(),
        bytes: z.number().describe('size of the value written; values are never shown'),
        sealed: z.boolean().describe('the value is a sealed value (restored still sealed)'),
      }),
    )
    .readonly()
    .describe('the first 1000 changes'),
  truncated: z.boolean(),
});

const retentionInput = z.union([
  z.string().min(1).max(512).describe("e.g. 'keep-daily=7 keep-weekly=4 keep-monthly=12'"),
  z
    .object({
      keepLast: z.number().int().min(0).optional(),
      keepHourly: z.number().int().min(0).optional(),
      keepDaily: z.number().int().min(0).optional(),
      keepWeekly: z.number().int().min(0).optional(),
      keepMonthly: z.number().int().min(0).optional(),
      maxAgeDays: z.number().int().min(1).optional(),
    })
    .strict(),
]);

const settingsBody = z.object({
  schedule: z.string().min(1).max(256).describe("cron, UTC, e.g. '0 3 * * *'"),
  retention: retentionInput,
});

const settingsAnswer = z.object({
  schedule: z.string(),
  retention: z.string().nullable(),
  source: z.enum(['stored', 'serve']).describe("'stored' (set here) or 'serve' (serve's flags)"),
  nextRun: z.string().nullable(),
  modRevision: z
    .number()
    .describe('send as If-Match to change the settings only if unchanged; 0: none stored'),
  stored: z
    .object({ schedule: z.string(), retention: z.string(), updatedAt: z.string(), updatedBy: z.string() })
    .nullable(),
  storedProblem: z.string().nullable(),
  defaults: z.object({ schedule: z.string(), retention: z.string().nullable() }),
  service: z
    .object({
      schedule: z.string(),
      retention: z.string().nullable(),
      source: z.enum(['stored', 'serve']),
      appliedAt: z.string(),
      nextRun: z.string().nullable(),
      host: z.string(),
      pid: z.number(),
      problem: z.string().nullable(),
    })
    .nullable()
    .describe('what the running backup service applies; null when none runs'),
  target: z.string(),
  deltaIntervalMs: z.number().nullable(),
  encryptedTo: z.array(z.string()).readonly(),
});

const offErrors = {
  404: errorSchema,
  409: errorSchema,
  422: errorSchema,
  500: errorSchema,
  502: errorSchema,
};

export const backupsRoutes: RoutePlugin = (app, context) => {
  const { client } = context;
  const progress = backupProgressOf(context);
  /** A backup made through the API is running on this server. */
  let creating = false;

  app.get(
    '/backups',
    {
      schema: {
        tags: ['backups'],
        summary: 'List the backups in the target, usable or not, and what the delta segments reach',
        response: { 200: listAnswer, ...guardedErrors, ...offErrors },
      },
      config: { access: adminOnEverything },
    },
    async () => listTarget(backupsOf(context).target),
  );

  app.get(
    '/backups/settings',
    {
      schema: {
        tags: ['backups'],
        summary:
          'The schedule and retention in effect, the next full backup, and what the running service applies',
        response: { 200: settingsAnswer, ...guardedErrors, ...offErrors },
      },
      config: { access: adminOnEverything },
    },
    async () => describeBackupSettings(client, backupsOf(context)),
  );

  app.put(
    '/backups/settings',
    {
      schema: {
        tags: ['backups'],
        summary:
          "Set the schedule and retention (they replace serve's flags; the running service follows at once)",
        body: settingsBody,
        response: { 200: settingsAnswer, ...guardedErrors, ...offErrors },
      },
      config: { access: adminOnEverything, audit: 'backup.settings' },
    },
    async (request) => {
      const backups = backupsOf(context);
      const ifModRevision = ifMatchRevision(request.headers['if-match']);
      request.auditWhere = 'backup settings';
      const stored = await writeBackupSettings(client, request.body, {
        by: principalOf(request).user.name,
        ...(ifModRevision !== undefined ? { ifModRevision } : {}),
      });
      request.auditDetail = { schedule: stored.schedule, retention: stored.retention };
      return describeBackupSettings(client, backups);
    },
  );

  app.delete(
    '/backups/settings',
    {
      schema: {
        tags: ['backups'],
        summary: "Remove the stored settings: the running service goes back to serve's flags",
        response: { 200: settingsAnswer, ...guardedErrors, ...offErrors },
      },
      config: { access: adminOnEverything, audit: 'backup.settings' },
    },
    async (request) => {
      const backups = backupsOf(context);
      const ifModRevision = ifMatchRevision(request.headers['if-match']);
      request.auditWhere = 'backup settings';
      const removed = await clearBackupSettings(client, ifModRevision !== undefined ? { ifModRevision } : {});
      request.auditDetail = { reset: true, removed };
      return describeBackupSettings(client, backups);
    },
  );

  app.get(
    '/backups/:id',
    {
      schema: {
        tags: ['backups'],
        summary: "One backup's manifest",
        params: idParams,
        response: { 200: manifestSchema, ...guardedErrors, ...offErrors },
      },
      config: { access: adminOnEverything },
    },
    async (request) => showBackup(backupsOf(context).target, request.params.id),
  );

  app.post(
    '/backups',
    {
      schema: {
        tags: ['backups'],
        summary: 'Make a full backup now; answers when it is written, with its manifest',
        description:
          'Progress goes to the `backup` events of GET /api/v1/events. Encrypted to the recipients serve uses. ' +
          'One at a time per server: a second request while one runs is refused (409 BACKUP_RUNNING).',
        body: z
          .object({ prefixes: prefixList.optional() })
          .nullish()
          .describe('optional: only these prefixes (default everything, _setpoint/ included)'),
        response: { 200: manifestSchema, ...guardedErrors, ...offErrors },
      },
      config: { access: adminOnEverything, audit: 'backup.create' },
    },
    async (request) => {
      const backups = backupsOf(context);
      const prefixes = normalisePrefixes(request.body?.prefixes);
      request.auditWhere = prefixes.map((prefix) => (prefix === '' ? '(everything)' : prefix)).join(', ');
      if (creating) {
        throw new ApiError(
          'BACKUP_RUNNING',
          409,
          `a backup to ${backups.target.description} made through this server is still running; wait for it ` +
            '(its progress is in the backup events of GET /api/v1/events) and try again',
        );
      }
      creating = true;
      const operation = progress.begin('create', { by: principalOf(request).user.name });
      try {
        const manifest = await createBackup(client, backups.target, {
          prefixes,
          progress: operation.progress,
          ...(backups.recipients?.length ? { recipients: backups.recipients } : {}),
        });
        operation.finish({ backup: manifest.id });
        request.auditDetail = { backup: manifest.id, revision: manifest.revision, keys: manifest.keyCount };
        return manifest;
      } catch (err) {
        operation.finish({ error: err });
        throw err;
      } finally {
        creating = false;
      }
    },
  );

  app.post(
    '/backups/:id/verify',
    {
      schema: {
        tags: ['backups'],
        summary: 'Read every byte of a backup and check it against its manifest',
        description:
          'A damaged or incomplete backup answers 200 with ok: false, its code and the problem. Encrypted backups: ' +
          'the bytes are checked, not the records (the server holds no private key).',
        params: idParams,
        response: { 200: verifyAnswer, ...guardedErrors, ...offErrors },
      },
      config: { access: adminOnEverything, audit: 'backup.verify' },
    },
    async (request) => {
      const { id } = request.params;
      request.auditWhere = id;
      const { target } = backupsOf(context);
      const operation = progress.begin('verify', { by: principalOf(request).user.name, backup: id });
      try {
        const result = await verifyOne(target, id, operation.progress);
        operation.finish(result.ok ? { backup: id } : { backup: id, error: { code: result.code } });
        request.auditDetail = { ok: result.ok, ...(result.code !== null ? { code: result.code } : {}) };
        return result;
      } catch (err) {
        operation.finish({ error: err });
        throw err;
      }
    },
  );

  app.post(
    '/restore',
    {
      schema: {
        tags: ['backups'],
        summary: 'Restore from the backups: the plan (a dry run, by default), or the plan applied',
        description:
          'Lists what would be added, changed and (with prune) removed — key names and sizes, never values; ' +
          'sealed values are restored still sealed. With dryRun: false it writes the changes in ' +
          'compare-and-swap transactions: a key changed meanwhile stops the restore (409 RESTORE_CONFLICT). ' +
          'Keys bound to a lease (agent status) are neither restored nor removed.',
        body: restoreBody,
        response: { 200: restoreAnswer, ...guardedErrors, ...offErrors },
      },
      config: { access: adminOnEverything, audit: 'backup.restore' },
    },
    async (request) => {
      const backups = backupsOf(context);
      const body = request.body;
      request.auditWhere = whereOf(body.prefixes);
      const operation = progress.begin('restore', {
        by: principalOf(request).user.name,
        ...(body.backup !== undefined ? { backup: body.backup } : {}),
      });
      try {
        const report = await restoreFromTarget(
          client,
          backups.target,
          {
            ...(body.backup !== undefined ? { backup: body.backup } : {}),
            ...(body.at !== undefined ? { at: body.at } : {}),
            ...(body.prefixes !== undefined ? { prefixes: body.prefixes } : {}),
            prune: body.prune,
            dryRun: body.dryRun,
          },
          operation.progress,
        );
        operation.finish({ backup: report.backup });
        request.auditDetail = {
          backup: report.backup,
          revision: report.revision,
          dryRun: report.dryRun,
          added: report.added,
          changed: report.changed,
          removed: report.removed,
          written: report.written,
        };
        return report;
      } catch (err) {
        operation.finish({ error: err });
        setFailureDetail(request, err);
        throw err;
      }
    },
  );
};

/** The backups serve runs with; BACKUPS_OFF when it runs with --no-backups. */
function backupsOf(context: ApiContext): BackupServiceOptions {
  if (context.backups === undefined) {
    throw new ApiError(
      'BACKUPS_OFF',
      404,
      'backups are off: this server runs with --no-backups; start setpoint serve without it ' +
        '(and with --backup-target) to make, list and restore backups here',
    );
  }
  return context.backups;
}

function whereOf(prefixes: readonly string[] | undefined): string {
  const given = prefixes === undefined || prefixes.length === 0 ? [''] : prefixes;
  return given.map((prefix) => (prefix === '' ? '(everything)' : prefix)).join(', ');
}

function setFailureDetail(request: FastifyRequest, err: unknown): void {
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') request.auditDetail = { code };
}
