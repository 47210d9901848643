// The HTTP API as one Fastify app: zod schemas for every request and answer, the OpenAPI document
// and its reference page, security headers, the access guard, the audit log, errors as JSON.
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { authenticate, authorizeRoute } from './access.js';
import { auditRequest } from './audit.js';
import type { ApiContext, RoutePlugin } from './context.js';
import { ApiError, errorAnswer } from './errors.js';
import { builtWebApp, isPageRequest, sendPage, webAppStatic } from './web-app.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route under /api as `METHOD /url` (the authorisation matrix test walks them). */
    apiRoutes: readonly string[];
  }
}

/** Largest request body accepted, in bytes: a change set of many keys fits, a flood does not. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * What `buildApi` takes: the shared parts, the route plugins to mount under `/api/v1`, and those
 * mounted at the root (health, metrics).
 *
 * @example
 * const app = await buildApi(context, { api: [sessionRoutes, keyRoutes], root: [healthRoutes] });
 */
export interface ApiPlugins {
  readonly api: readonly RoutePlugin[];
  readonly root: readonly RoutePlugin[];
}

/**
 * Builds the app (not listening). Refuses to build when a route under `/api/` declares no access
 * rule, or a route that changes something names no audit action.
 *
 * @example
 * const app = await buildApi(context, plugins);
 * await app.listen({ host: '127.0.0.1', port: 8420 });
 */
export async function buildApi(
  context: ApiContext,
  plugins: ApiPlugins,
  options: { https?: { key: Buffer; cert: Buffer } } = {},
) {
  const app = Fastify({
    loggerInstance: context.logger,
    bodyLimit: MAX_BODY_BYTES,
    // Requests are counted in /metrics and changes audited; a log line per request is noise.
    logController: new LogController({ disableRequestLogging: true }),
    ...(options.https !== undefined ? { https: options.https } : {}),
  }).withTypeProvider<ZodTypeProvider>();
  // JSON only: a text body is refused (415) rather than handed to the schema as a string.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const unguarded: string[] = [];
  const apiRoutes: string[] = [];
  app.decorate('apiRoutes', apiRoutes);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/reference')) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) if (method !== 'HEAD') apiRoutes.push(`${method} ${route.url}`);
    if (route.config?.access === undefined)
      unguarded.push(`${methods.join(',')} ${route.url}: no access rule`);
    const changes = methods.some((m) => !['GET', 'HEAD', 'OPTIONS'].includes(m));
    if (changes && route.config?.audit === undefined && route.config?.access?.kind !== 'public') {
      unguarded.push(`${methods.join(',')} ${route.url}: changes something but names no audit action`);
    }
  });

  await app.register(fastifyHelmet, {
    global: false,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // The API reference page (swagger-ui) styles itself inline.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        // Over plain HTTP (loopback), asking browsers to upgrade would break every request.
        upgradeInsecureRequests: options.https !== undefined ? [] : null,
      },
    },
    strictTransportSecurity: options.https !== undefined,
    crossOriginEmbedderPolicy: false,
  });
  // helmet builds its headers (the security policy parsed and joined) on every request, yet here
  // they never vary: the first request has them built, every other gets a copy.
  let securityHeaders: [string, number | string | string[]][] | undefined;
  app.addHook('onRequest', (_request, reply, done) => {
    if (securityHeaders === undefined) {
      const before = new Set(reply.raw.getHeaderNames());
      reply.helmet();
      securityHeaders = Object.entries(reply.raw.getHeaders()).flatMap(([name, value]) =>
        value === undefined || before.has(name)
          ? []
          : [[name, value] as [string, number | string | string[]]],
      );
    } else {
      for (const [name, value] of securityHeaders) reply.raw.setHeader(name, value);
    }
    done();
  });
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Setpoint API',
        version: context.version,
        description:
          'Configuration in etcd directories: keys, sealed values, change sets, history, agents, backups, access. ' +
          'Sign in with POST /api/v1/session (a cookie; changes then need the x-csrf-token header) or send an API ' +
          'token as Authorization: Bearer spt_...',
      },
      components: {
        securitySchemes: {
          token: { type: 'http', scheme: 'bearer', description: 'an API token (spt_...)' },
          session: { type: 'apiKey', in: 'cookie', name: 'setpoint_session' },
        },
      },
      security: [{ token: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/reference', staticCSP: false });
  app.get('/api/openapi.json', { schema: { hide: true }, config: { access: { kind: 'public' } } }, () =>
    app.swagger(),
  );

  app.addHook('preValidation', authenticate(context.client));
  app.addHook('preHandler', authorizeRoute);
  app.addHook('onSend', async (request, reply, payload) => {
    await auditRequest(context, request, reply);
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    context.metrics.observe(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
  app.setErrorHandler((error: FastifyError, request, reply) => answerError(context, error, request, reply));
  const webApp = builtWebApp();
  if (webApp !== undefined) await app.register(fastifyStatic, webAppStatic(webApp));
  app.setNotFoundHandler((request, reply) => {
    if (webApp !== undefined && isPageRequest(request)) return sendPage(reply);
    return reply.code(404).send({
      error: {
        code: 'NOT_FOUND',
        message: `no route ${request.method} ${request.url.split('?')[0]}; the API reference is at /api/reference`,
      },
    });
  });

  for (const plugin of plugins.root) await app.register(async (scope) => plugin(scope, context));
  for (const plugin of plugins.api) {
    await app.register(async (scope) => plugin(scope, context), { prefix: '/api/v1' });
  }
  await app.ready();
  if (unguarded.length > 0) {
    await app.close();
    throw new Error(`routes without their rules:\n  ${unguarded.join('\n  ')}`);
  }
  return app;
}

function answerError(context: ApiContext, error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? 'request';
    const problems = error.validation.map((issue) => {
      const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
      return `${where}${path === '' ? '' : `.${path}`}: ${issue.message}`;
    });
    request.errorCode = 'REQUEST_INVALID';
    return reply.code(400).send({
      error: {
        code: 'REQUEST_INVALID',
        message: `the request is not valid: ${problems.join('; ')}; the API reference (/api/reference) shows what it takes`,
        details: { problems },
      },
    });
  }
  if (isResponseSerializationError(error)) {
    context.logger.error(
      { err: error, issues: error.cause.issues, url: request.routeOptions.url },
      'answer does not match its schema',
    );
    return reply
      .code(500)
      .send({ error: { code: 'INTERNAL', message: 'the server built a wrong answer; its log says why' } });
  }
  const fastifyAnswer = fastifyErrorAnswer(error);
  if (fastifyAnswer !== undefined) {
    request.errorCode = fastifyAnswer.error.code;
    return reply.code(fastifyAnswer.status).send({ error: fastifyAnswer.error });
  }
  const { status, body, expected } = errorAnswer(error);
  request.errorCode = body.error.code;
  if (!expected)
    context.logger.error(
      { err: error, method: request.method, route: request.routeOptions.url },
      'request failed',
    );
  const retryAfter = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
  return reply.code(status).send(body);
}

/** Fastify's own refusals (body too large, not JSON, wrong content type), worded for the caller. */
function fastifyErrorAnswer(
  error: FastifyError,
): { status: number; error: { code: string; message: string } } | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        status: 413,
        error: {
          code: 'BODY_TOO_LARGE',
          message: `the request body is larger than ${MAX_BODY_BYTES} bytes; send fewer keys per request`,
        },
      };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return {
        status: 400,
        error: { code: 'REQUEST_INVALID', message: `the request body is not valid JSON: ${error.message}` },
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        error: { code: 'REQUEST_INVALID', message: 'send the body as application/json' },
      };
    default:
      if (
        error.statusCode !== undefined &&
        error.statusCode >= 400 &&
        error.statusCode < 500 &&
        !(error instanceof ApiError)
      ) {
        if ((error as { code?: string }).code?.startsWith('FST_')) {
          return { status: error.statusCode, error: { code: 'REQUEST_INVALID', message: error.message } };
        }
      }
      return undefined;
  }
}
