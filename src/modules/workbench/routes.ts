import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf, problemResponses } from '../../kernel/http.js';
import { workbenchOf } from './service.js';

export const workbenchRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/workbench',
    {
      schema: {
        tags: ['workbench'],
        summary: '工作台：本人角色的待办事项（逾期、最早的在前）',
        response: problemResponses,
      },
    },
    async (req) => workbenchOf(app.ctx, actorOf(req)),
  );
};
