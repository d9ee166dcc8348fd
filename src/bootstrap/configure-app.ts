import { RequestMethod } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import type { NextFunction, Request, Response } from 'express';
import { ProblemFilter } from '../common/errors/problem.filter';
import { APP_CONFIG, AppConfig } from '../config/config';
import { problemJsonOutsideApi } from './outside-api';
import { createValidationPipe } from '../common/validation/validation.pipe';

export const API_PREFIX = 'api/v1';

/** Everything about the HTTP surface, shared by main.ts and the e2e tests. */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  // Behind TRUST_PROXY_HOPS reverse proxies the client address (anonymous rate-limit bucket) is read from X-Forwarded-For.
  const proxyHops = app.get<AppConfig>(APP_CONFIG).rateLimit.trustProxyHops;
  if (proxyHops > 0) app.set('trust proxy', proxyHops);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // Swagger UI at /docs needs inline styles and its own scripts; /dashboard loads /dashboard/app.js.
          'script-src': ["'self'", "'unsafe-inline'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
        },
      },
    }),
  );
  // Patient data must not sit in browser or proxy caches: every API and FHIR answer is no-store.
  const noStore = (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  };
  app.use(`/${API_PREFIX}`, noStore);
  app.use('/fhir', noStore);
  problemJsonOutsideApi(app);
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      'health',
      'dashboard',
      'dashboard/app.js',
      { path: 'fhir/R4', method: RequestMethod.ALL },
      { path: 'fhir/R4/{*path}', method: RequestMethod.ALL },
      { path: 'auth/{*path}', method: RequestMethod.ALL },
    ],
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  // /docs and /docs-json: off by default in production (DOCS_ENABLED).
  if (!app.get<AppConfig>(APP_CONFIG).security.docsEnabled) return app;
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Care coordination single point of access')
      .setDescription(
        'REST API for the NHS community health and social care single point of access. Errors are application/problem+json; see docs/errors.md.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', useGlobalPrefix: false });
  return app;
}
