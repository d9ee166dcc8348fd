import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import type { AppConfig } from '../../config/config';
import { PatternedRequest, ROUTE_PATTERN } from './route-pattern.interceptor';
import { scrubUrl } from './scrub';

type RoutedRequest = IncomingMessage & PatternedRequest;

/** The completion line carries the matched route pattern (/api/v1/patients/:nhsNumber). */
function withRoute(req: IncomingMessage, value: Record<string, unknown>): Record<string, unknown> {
  const route = (req as RoutedRequest)[ROUTE_PATTERN];
  return route ? { ...value, route } : value;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Honour a caller's x-request-id when it is sane, otherwise mint one; echo it on the response. */
export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

/**
 * JSON logs as events, never payloads: no bodies, no headers, no query strings; NHS numbers,
 * dates and postcodes masked in paths; tokens never reach a log line.
 */
export function loggerParams(config: AppConfig, stream?: NodeJS.WritableStream): Params {
  const options: Options = {
    level: config.logLevel,
    genReqId: requestId,
    // On the base logger, not customProps: that made a child logger per request (and another at the end).
    base: { pid: process.pid, hostname: hostname(), service: 'care-coordination' },
    serializers: {
      // Serialised when the request starts (before routing): the path with every digit run that
      // could be an NHS number masked, in any spelling; the completion line adds the route pattern.
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: scrubUrl(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      err: (err: Error) => ({ type: err?.name }),
    },
    customSuccessObject: (req, _res, value) => withRoute(req, value),
    customErrorObject: (req, _res, _err, value) => withRoute(req, value),
    redact: {
      paths: ['req.headers', 'res.headers', '*.authorization', '*.nhsNumber', '*.givenName', '*.familyName', '*.dateOfBirth', '*.address'],
      censor: '[redacted]',
    },
    autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' },
  };
  return { pinoHttp: stream ? [options, stream as DestinationStream] : options };
}
