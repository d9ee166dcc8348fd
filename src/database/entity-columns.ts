import { CreateDateColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/**
 * The column groups many tables share, written once. Abstract and without @Entity: TypeORM adds the
 * columns to each entity that extends a class (the generated schema is the same as when each
 * entity declared them; the migrations test checks there is no drift).
 */

/** created_at and updated_at, set by TypeORM on insert and on every update. */
export abstract class TimestampedEntity {
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** The timestamps and `version`, the optimistic-concurrency counter behind ETag / If-Match. */
export abstract class VersionedEntity extends TimestampedEntity {
  @VersionColumn()
  version: number;
}
