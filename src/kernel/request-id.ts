// Every request carries an id (issue 23): the log lines of the request (Fastify's `reqId`), the
// response's X-Request-Id header and every problem+json body's `requestId`, so an operator can go
// from a user's error message to the log lines of that very request.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

export const REQUEST_ID_HEADER = 'x-request-id';
/** A caller's id is kept when it is short and plain (no spaces, quotes or control characters to forge log lines with). */
const WELL_FORMED = /^[A-Za-z0-9._:@/+=-]{8,128}$/;

/** Fastify's `genReqId`: the caller's X-Request-Id when well-formed, else a new UUID. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && WELL_FORMED.test(given) ? given : randomUUID();
}

export function installRequestIds(app: FastifyInstance): void {
  // Callback hooks (issue 18): no promise per request for a header.
  app.addHook('onRequest', (req, reply, done) => {
    reply.header(REQUEST_ID_HEADER, req.id);
    done();
  });
  // Problems are built in many places (handlers, hooks, the not-found handler, plugins); adding the
  // id where they are serialised reaches them all.
  app.addHook('onSend', (req, reply, payload, done) => {
    const type = reply.getHeader('content-type');
    if (typeof payload !== 'string' || typeof type !== 'string' || !type.startsWith('application/problem+json'))
      return done(null, payload);
    try {
      const body = JSON.parse(payload) as Record<string, unknown>;
      if (body && typeof body === 'object' && !Array.isArray(body) && body.requestId === undefined)
        return done(null, JSON.stringify({ ...body, requestId: req.id }));
    } catch {
      // Not JSON after all: leave it as it is.
    }
    done(null, payload);
  });
}
