import type { Response } from 'express';

/** Sets the Location header of a 201 answer (the prefix is the API's, e.g. /api/v1). */
export function setLocation(res: Response, path: string): void {
  res.location(`/api/v1${path}`);
}
