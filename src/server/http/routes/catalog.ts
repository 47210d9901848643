// The chart template catalogue: browse the charts, their versions and flavors (every value with its
// description, default, type and patterns), import a template repository (a .tar.gz body or its
// files as JSON), and the templates of directories: instantiate a flavor into a directory, read a
// directory's template, upgrade it to another version of its chart.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CatalogInvalidError, CatalogSourceError } from '../../../catalog/errors.js';
import type { Flavor, ValueSpec } from '../../../catalog/model.js';
import { parseRepository } from '../../../catalog/parse-repository.js';
import { isRepositoryFile, readRepositoryFiles } from '../../../catalog/read-source.js';
import {
  importChart,
  listCharts,
  readChart,
  readChartVersion,
  readFlavor,
  type StoredChart,
} from '../../../catalog/store/index.js';
import { applyTemplate, readDirectoryTemplate, upgradeTemplate } from '../../config/templates.js';
import { principalOf } from '../access.js';
import { author } from '../audit.js';
import { changeSchema, diffEntrySchema, messageField } from '../config-schemas.js';
import type { RoutePlugin } from '../context.js';
import { errorSchema, guardedErrors } from '../schemas.js';

/** Largest template repository archive taken, in bytes (compressed). */
export const MAX_ARCHIVE_BYTES = 4 * 1024 * 1024;

/** The content types a .tar.gz body may come with. */
const ARCHIVE_TYPES = ['application/gzip', 'application/x-gzip', 'application/octet-stream'];

const nameParam = z.string().min(1).max(255);
const dirOf = (request: FastifyRequest) => `${(request.params as { name: string }).name}/`;
const scalar = z.union([z.string(), z.boolean(), z.number()]);
const templateValue = z.union([scalar, z.array(scalar)]);

const versionSummarySchema = z.object({
  version: z.string(),
  flavors: z.array(z.string()).readonly(),
  importedAt: z.string(),
  importedBy: z.string(),
  modRevision: z.number().int(),
});

const chartSchema = z.object({
  name: z.string(),
  metadata: z.object({
    repositoryName: z.string(),
    repository: z.string(),
    chartName: z.string(),
    logoImage: z.string(),
    description: z.string(),
  }),
  importedAt: z.string(),
  importedBy: z.string(),
  versions: z.array(versionSummarySchema).readonly().describe('oldest first'),
});

/** One value of a flavor, as the catalogue and a directory's template show it. */
export const valueSpecSchema = z.object({
  path: z.string().describe("the key below the directory, segments joined by '/' (storage/swift/authurl)"),
  writtenPath: z.string().describe('the path as the template file writes it'),
  default: templateValue.describe("the default of the flavor's config file"),
  value: templateValue.describe("the flavor's value: its values file's when it sets one, else the default"),
  type: z
    .enum(['string', 'boolean', 'integer', 'number', 'array'])
    .describe('the type the rendered file gets'),
  itemType: z
    .enum(['string', 'boolean', 'integer', 'number'])
    .optional()
    .describe("an array's items' type; its items are the keys PATH/0, PATH/1 ..."),
  description: z.string(),
  clusterResources: z.string().optional(),
  regex: z.array(z.string()).readonly().describe('every pattern must match the whole value (RE2 syntax)'),
  required: z.boolean().optional(),
  enum: z.array(scalar).readonly().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  minLength: z.number().optional(),
  maxLength: z.number().optional(),
  sensitive: z.boolean().optional().describe('the value is sealed'),
  label: z.string().optional(),
  group: z.string().optional(),
});

function specView(spec: ValueSpec, flavor: Flavor): z.infer<typeof valueSpecSchema> {
  return { ...spec, value: flavor.values[spec.path] ?? spec.default };
}

const flavorSummarySchema = z.object({
  name: z.string(),
  valueCount: z.number().int(),
  sensitiveCount: z.number().int(),
  readme: z.string(),
});

const templateSchema = z.object({ chart: z.string(), version: z.string(), flavor: z.string() });

const templateAnswerSchema = z.object({
  directory: z.string(),
  template: templateSchema,
  readme: z.string(),
  values: z.array(valueSpecSchema),
  modRevision: z.number().int().describe("the directory record's revision"),
});

const applyAnswerSchema = z.object({
  directory: z.string(),
  template: templateSchema,
  entries: z.array(diffEntrySchema),
  created: z.boolean().describe('the directory was made by this request'),
  change: changeSchema.optional(),
});

const problemSchema = z.object({
  path: z.string(),
  reason: z.string(),
  description: z.string(),
  regex: z.array(z.string()).readonly().optional(),
});

const upgradeAnswerSchema = z.object({
  directory: z.string(),
  from: templateSchema,
  to: templateSchema,
  defaults: z
    .array(
      z.object({
        path: z.string(),
        change: z.enum(['added', 'removed', 'changed']),
        before: templateValue.optional(),
        after: templateValue.optional(),
        sensitive: z.boolean(),
      }),
    )
    .describe("how the flavor's values differ between the two versions"),
  kept: z
    .array(z.object({ path: z.string(), reason: z.string() }))
    .describe('values left as they are (set by a user, sealed, ...), and why'),
  entries: z.array(diffEntrySchema).describe('what the upgrade changes in the directory'),
  problems: z
    .array(problemSchema)
    .optional()
    .describe('a dry run: what the directory would break in the new version (applying is refused then)'),
  change: changeSchema.optional(),
});

const importAnswerSchema = z.object({
  chart: z.string(),
  versions: z
    .array(z.object({ version: z.string(), flavors: z.array(z.string()).readonly(), replaced: z.boolean() }))
    .readonly(),
  revision: z.number().int(),
});

const filesBody = z.object({
  files: z
    .record(z.string().max(1024), z.string())
    .describe(
      "the repository's files by path relative to its root: metadata.json, versions/2.8.2/swift-config.json ...",
    ),
});

/** The files of an uploaded repository: a .tar.gz read as `readRepositoryFiles` reads one, or the JSON files. */
async function uploadedFiles(body: unknown): Promise<Map<string, string>> {
  if (Buffer.isBuffer(body)) {
    const folder = await mkdtemp(join(tmpdir(), 'setpoint-catalog-'));
    try {
      const archive = join(folder, 'repository.tar.gz');
      await writeFile(archive, body);
      return await readRepositoryFiles(archive);
    } catch (err) {
      // The temporary path means nothing to the caller.
      if (err instanceof CatalogSourceError)
        throw new CatalogSourceError('(the uploaded archive)', err.reason);
      throw err;
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }
  const parsed = filesBody.safeParse(body);
  if (!parsed.success) {
    throw Object.assign(
      new Error(
        'send the repository as a .tar.gz (content-type application/gzip) or as JSON {"files": {"metadata.json": "...", ...}}',
      ),
      { code: 'REQUEST_INVALID' },
    );
  }
  return new Map(Object.entries(parsed.data.files).filter(([path]) => isRepositoryFile(path)));
}

function chartAnswer(chart: StoredChart) {
  return chart;
}

export const catalogRoutes: RoutePlugin = (app, { client }) => {
  app.addContentTypeParser(
    ARCHIVE_TYPES,
    { parseAs: 'buffer', bodyLimit: MAX_ARCHIVE_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.get(
    '/catalog',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Every chart of the catalogue with its metadata and versions',
        response: { 200: z.object({ charts: z.array(chartSchema) }), ...guardedErrors },
      },
      config: { access: { kind: 'signed-in' } },
    },
    async () => ({ charts: (await listCharts(client)).map(chartAnswer) }),
  );

  app.get(
    '/catalog/:chart',
    {
      schema: {
        tags: ['catalog'],
        summary: "A chart's metadata and versions",
        params: z.object({ chart: nameParam }),
        response: { 200: chartSchema, 404: errorSchema, ...guardedErrors },
      },
      config: { access: { kind: 'signed-in' } },
    },
    async (request) => chartAnswer(await readChart(client, request.params.chart)),
  );

  app.get(
    '/catalog/:chart/versions/:version',
    {
      schema: {
        tags: ['catalog'],
        summary: 'One version of a chart: its flavors',
        params: z.object({ chart: nameParam, version: nameParam }),
        response: {
          200: z.object({
            chart: z.string(),
            version: z.string(),
            importedAt: z.string(),
            importedBy: z.string(),
            modRevision: z.number().int(),
            flavors: z.array(flavorSummarySchema),
          }),
          404: errorSchema,
          ...guardedErrors,
        },
      },
      config: { access: { kind: 'signed-in' } },
    },
    async (request) => {
      const stored = await readChartVersion(client, request.params.chart, request.params.version);
      return {
        chart: stored.chart,
        version: stored.version,
        importedAt: stored.importedAt,
        importedBy: stored.importedBy,
        modRevision: stored.modRevision,
        flavors: stored.flavors.map((f) => ({
          name: f.name,
          valueCount: f.specs.length,
          sensitiveCount: f.specs.filter((s) => s.sensitive === true).length,
          readme: f.readme,
        })),
      };
    },
  );

  app.get(
    '/catalog/:chart/versions/:version/flavors/:flavor',
    {
      schema: {
        tags: ['catalog'],
        summary:
          'One flavor: every value with its description, default, type, patterns, cluster resources and extras; its readme',
        params: z.object({ chart: nameParam, version: nameParam, flavor: nameParam }),
        response: {
          200: z.object({
            chart: z.string(),
            version: z.string(),
            flavor: z.string(),
            readme: z.string(),
            values: z.array(valueSpecSchema),
          }),
          404: errorSchema,
          ...guardedErrors,
        },
      },
      config: { access: { kind: 'signed-in' } },
    },
    async (request) => {
      const { chart, version, flavor } = request.params;
      const found = await readFlavor(client, chart, version, flavor);
      return {
        chart,
        version,
        flavor,
        readme: found.flavor.readme,
        values: found.flavor.specs.map((s) => specView(s, found.flavor)),
      };
    },
  );

  app.post(
    '/catalog',
    {
      bodyLimit: MAX_ARCHIVE_BYTES,
      schema: {
        tags: ['catalog'],
        summary:
          'Import a template repository: a .tar.gz body (application/gzip), or JSON {files: {path: text}}; every issue at once, nothing stored when one is found',
        response: { 200: importAnswerSchema, 413: errorSchema, 422: errorSchema, ...guardedErrors },
      },
      config: { access: { kind: 'action', action: 'admin', keys: () => [''] }, audit: 'catalog.import' },
    },
    async (request) => {
      const files = await uploadedFiles(request.body);
      const parsed = parseRepository(files);
      if ('issues' in parsed) {
        request.auditDetail = { issues: parsed.issues.length };
        throw new CatalogInvalidError(parsed.issues);
      }
      request.auditWhere = `catalog/${parsed.chart.metadata.chartName}`;
      const imported = await importChart(client, parsed.chart, { by: principalOf(request).user.name });
      request.auditDetail = { versions: imported.versions.length, revision: imported.revision };
      return imported;
    },
  );

  app.get(
    '/directories/:name/template',
    {
      schema: {
        tags: ['catalog'],
        summary:
          "The template a directory was made from, with every value's spec (a UI validates with them as you type)",
        params: z.object({ name: nameParam }),
        response: { 200: templateAnswerSchema, 404: errorSchema, ...guardedErrors },
      },
      config: { access: { kind: 'action', action: 'read', keys: (r) => [dirOf(r)] } },
    },
    async (request) => {
      const { template, flavor, modRevision } = await readDirectoryTemplate(client, request.params.name);
      return {
        directory: request.params.name,
        template,
        readme: flavor.readme,
        values: flavor.specs.map((s) => specView(s, flavor)),
        modRevision,
      };
    },
  );

  app.post(
    '/directories/:name/template',
    {
      schema: {
        tags: ['catalog'],
        summary:
          "Make a directory from a chart's flavor as one change: defaults, then the flavor's values, then yours, validated as a whole (dryRun: preview)",
        params: z.object({ name: nameParam }),
        body: z.object({
          chart: nameParam,
          version: nameParam,
          flavor: nameParam,
          values: z
            .record(z.string(), z.unknown())
            .optional()
            .describe(
              'your values: nested as the rendered file ({"storage": {"swift": {...}}}) or flat by path',
            ),
          set: z
            .array(z.string().max(600_000))
            .max(1000)
            .optional()
            .describe("more values as 'path=value' (as --set), after values"),
          recipients: z
            .array(z.string().min(1).max(64))
            .max(50)
            .optional()
            .describe(
              'when the directory is made by this request: the recipients its sensitive values are sealed to',
            ),
          description: z.string().max(2000).optional().describe('when the directory is made by this request'),
          message: messageField,
          dryRun: z.boolean().default(false),
        }),
        response: {
          200: applyAnswerSchema,
          404: errorSchema,
          409: errorSchema,
          413: errorSchema,
          422: errorSchema,
          ...guardedErrors,
        },
      },
      config: {
        access: { kind: 'action', action: 'publish', keys: (r) => [dirOf(r)] },
        audit: 'template.apply',
      },
    },
    async (request) => {
      const { chart, version, flavor, values, set, recipients, description, message, dryRun } = request.body;
      const result = await applyTemplate(
        client,
        request.params.name,
        { template: { chart, version, flavor }, values, set, recipients, description },
        author(request, message ?? ''),
        { dryRun },
      );
      request.auditDetail = {
        template: `${chart} ${version} ${flavor}`,
        dryRun,
        ...(result.change ? { revision: result.change.revision } : {}),
      };
      return { directory: request.params.name, ...result };
    },
  );

  app.post(
    '/directories/:name/template/upgrade',
    {
      schema: {
        tags: ['catalog'],
        summary:
          'Move a directory to another version of its chart as one change: changed defaults follow, values a user set are kept (dryRun: preview)',
        params: z.object({ name: nameParam }),
        body: z.object({ version: nameParam, message: messageField, dryRun: z.boolean().default(false) }),
        response: {
          200: upgradeAnswerSchema,
          404: errorSchema,
          409: errorSchema,
          413: errorSchema,
          422: errorSchema,
          ...guardedErrors,
        },
      },
      config: {
        access: { kind: 'action', action: 'publish', keys: (r) => [dirOf(r)] },
        audit: 'template.upgrade',
      },
    },
    async (request) => {
      const { version, message, dryRun } = request.body;
      const result = await upgradeTemplate(
        client,
        request.params.name,
        { version },
        author(request, message ?? ''),
        { dryRun },
      );
      request.auditDetail = {
        to: version,
        dryRun,
        ...(result.change ? { revision: result.change.revision } : {}),
      };
      return { directory: request.params.name, ...result };
    },
  );
};
