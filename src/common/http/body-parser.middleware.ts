import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { ValidationFailed } from '../errors/domain-error';
import { MAX_JSON_DEPTH, bodyProblem, jsonDepthExceeds } from './body-guard';

export type RequestWithBodyError = Request & { bodyError?: unknown };

/**
 * Routes whose text/csv body the handler streams itself, with its own size limit, instead of this
 * middleware reading it whole (a 1.5 M-row risk import is ~40 MB): the path after the host, POST only.
 */
export const STREAMED_CSV_ROUTES = new Set(['/api/v1/risk-scores/imports']);

/**
 * JSON (and CSV as text) body parsing. A parse failure or an oversize body is not answered here:
 * it is kept on the request and raised by BodyInterceptor, so it goes through the same logging,
 * correlation id and ProblemFilter as every other error (400 MALFORMED_JSON, 413 PAYLOAD_TOO_LARGE).
 */
@Injectable()
export class BodyParserMiddleware implements NestMiddleware {
  private readonly json: express.RequestHandler;
  private readonly text: express.RequestHandler;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.json = express.json({
      limit: config.bodyLimitBytes,
      type: ['application/json', 'application/*+json'],
      strict: true,
      // Refuse absurd nesting before parsing (a 20,000-deep body overflowed the stack downstream).
      verify: (_req, _res, raw) => {
        if (jsonDepthExceeds(raw)) throw new ValidationFailed(`The body nests deeper than ${MAX_JSON_DEPTH} levels`, [{ field: 'body', message: `must not nest deeper than ${MAX_JSON_DEPTH} levels` }]);
      },
    });
    this.text = express.text({ limit: config.bodyLimitBytes * 20, type: ['text/csv'] });
  }

  use(req: RequestWithBodyError, res: Response, next: NextFunction): void {
    const keep = (err?: unknown) => {
      if (err) {
        req.bodyError = err;
        req.body = undefined;
        // Drain what the client is still sending so it can read our answer.
        req.resume();
      }
    };
    this.json(req, res, (err?: unknown) => {
      keep(err);
      if (err) return next();
      // NUL, unpaired surrogates and __proto__/constructor keys: 400 naming the field, before anything stores them.
      const problem = req.body !== undefined ? bodyProblem(req.body) : null;
      if (problem) {
        keep(new ValidationFailed(`${problem.field} ${problem.message}`, [problem]));
        return next();
      }
      if (req.method === 'POST' && STREAMED_CSV_ROUTES.has(req.originalUrl.split('?')[0]) && req.is('text/csv')) return next();
      this.text(req, res, (err2?: unknown) => {
        keep(err2);
        next();
      });
    });
  }
}
