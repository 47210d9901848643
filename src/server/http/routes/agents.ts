// The agents' live status: every unit of every running agent (from the lease-bound status records,
// so a dead agent is gone), shown only for directories the caller may read.
import { z } from 'zod';
import { directoryName, isWithin, listAgentStatuses } from '../../events/agent-status.js';
import { allowed } from '../access.js';
import type { RoutePlugin } from '../context.js';
import { guardedErrors } from '../schemas.js';

const query = z.object({
  directory: z
    .string()
    .min(1)
    .max(1024)
    .optional()
    .describe("only units following this directory or one below it, e.g. 'hack' (a trailing '/' is ignored)"),
});

const agentSchema = z.object({
  agent: z.string().describe('the agent name (its host name unless configured)'),
  unit: z.string(),
  directory: z.string().describe("the directory the unit follows, e.g. 'hack'"),
  output: z.string().nullable().describe('the file it writes'),
  state: z.string().describe('starting, healthy, failed or waiting-for-etcd'),
  healthy: z.boolean(),
  appliedRevision: z.number().nullable().describe('the directory revision the file was rendered from'),
  contentHash: z.string().nullable().describe('sha256:<hex> of the file applied'),
  seenRevision: z.number().nullable(),
  failedRevision: z.number().nullable(),
  lastError: z.string().nullable().describe('why the last revision failed; never holds a secret'),
  rolledBack: z.boolean().nullable(),
  etcdConnected: z.boolean().nullable(),
  updatedAt: z.string().nullable(),
  host: z.string().nullable(),
  pid: z.number().nullable(),
  version: z.string().nullable(),
  revision: z.number().describe('the etcd revision the status was last written at'),
});

const answer = z.object({
  agents: z.array(agentSchema),
  revision: z.number().describe('the etcd revision the statuses were read at'),
});

export const agentsRoutes: RoutePlugin = (app, { client, logger }) => {
  app.get(
    '/agents',
    {
      schema: {
        tags: ['agents'],
        summary: 'Live status of every agent unit, for the directories you may read',
        description:
          'Each unit of each running agent: the directory it follows, the revision it applied, the hash of the file, ' +
          'its health and last error. A stopped or dead agent disappears (its status is bound to its lease). ' +
          'The `agent` events of GET /api/v1/events say when a status changes.',
        querystring: query,
        response: { 200: answer, ...guardedErrors },
      },
      config: { access: { kind: 'signed-in' } },
    },
    async (request) => {
      const filter =
        request.query.directory === undefined ? undefined : directoryName(request.query.directory);
      const { revision, agents, unreadable } = await listAgentStatuses(client);
      if (unreadable > 0)
        logger.debug({ unreadable }, 'agent status records that cannot be read were left out');
      const visible = agents
        .filter((status) => allowed(request, 'read', `${status.directory}/`))
        .filter((status) => filter === undefined || isWithin(status.directory, filter));
      return { agents: visible, revision };
    },
  );
};
