/** The part of pg-copy-streams (which ships no types) the service uses: COPY … FROM STDIN as a writable stream. */
declare module 'pg-copy-streams' {
  import type { Writable } from 'node:stream';
  import type { Submittable } from 'pg';

  export interface CopyStreamQuery extends Writable, Submittable {
    /** Rows PostgreSQL reported copied, once the stream has finished. */
    rowCount: number;
  }

  export function from(text: string): CopyStreamQuery;
}
