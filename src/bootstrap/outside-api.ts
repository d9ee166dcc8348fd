import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { RouteNotFound } from '../common/errors/domain-error';
import { ProblemFilter } from '../common/errors/problem.filter';

/**
 * Nest answers unknown paths with problem+json only under the global prefix; anything else fell
 * through to Express's HTML 404 (and its HTML error page). After Nest has registered its routes,
 * append a last handler and a last error handler that answer through the same ProblemFilter.
 */
export function problemJsonOutsideApi(app: NestExpressApplication): void {
  const filter = new ProblemFilter();
  const answer = (err: unknown, req: Request, res: Response) =>
    filter.catch(err, { switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }) } as never);
  // Nest registers its own (prefixed) not-found handler after every route, at init: append ours
  // right after it. (The application object is a proxy that ignores assignments; the adapter is not.)
  const adapter = app.getHttpAdapter() as unknown as { setNotFoundHandler: (...args: unknown[]) => unknown; use: (...args: unknown[]) => unknown };
  const original = adapter.setNotFoundHandler.bind(adapter);
  adapter.setNotFoundHandler = (...args: unknown[]) => {
    const result = original(...args);
    adapter.use((req: Request, res: Response) => answer(new RouteNotFound(), req, res));
    adapter.use((err: unknown, req: Request, res: Response, _next: NextFunction) => answer(err, req, res));
    return result;
  };
}
