import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '../../config/config';

export type RequestWithBodyError = Request & { bodyError?: unknown };

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
    this.json = express.json({ limit: config.bodyLimitBytes, type: ['application/json', 'application/*+json'], strict: true });
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
      this.text(req, res, (err2?: unknown) => {
        keep(err2);
        next();
      });
    });
  }
}
