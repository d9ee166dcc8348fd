import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SqlParams } from '../../database/sql-params';
import { ACTIVE_STAY } from './bed-stays.repository';
import type { BedState, BedStatus, Capability, Purpose } from './domain/types';
import type { BedCounts, BedRow } from './dto/views';

export const SELECT_BED = `
  SELECT b.id, b.unit_id, u.name AS unit_name, u.locality, u.team_code, b.label, b.capabilities, b.state, b.closed_reason,
         b.version, b.updated_at, s.id AS stay_id, s.status AS stay_status, s.request_id, s.direction, s.offered_at,
         s.admitted_at, s.patient_id, p.nhs_number
  FROM beds b
  JOIN bed_units u ON u.id = b.unit_id
  LEFT JOIN bed_stays s ON s.bed_id = b.id AND s.status IN ${ACTIVE_STAY}
  LEFT JOIN patients p ON p.id = s.patient_id`;

/** The board statuses as predicates over beds b and its active stay s (matching domain bedStatus). */
export const BED_STATUS_SQL = {
  available: `b.state = 'open' AND s.id IS NULL`,
  reserved: `b.state = 'open' AND s.status = 'offered'`,
  occupied: `b.state <> 'closed' AND s.status = 'occupied'`,
  cleaning: `b.state = 'cleaning' AND s.status IS DISTINCT FROM 'occupied'`,
  closed: `b.state = 'closed'`,
} as const;

/** The allocator's free beds: open, no active stay; locked, skipping rows another transaction is changing. */
export const FREE_BEDS_FOR_UPDATE = `
  SELECT b.id, b.unit_id, b.label, b.capabilities, b.free_since, u.locality, u.allowed_purposes, u.team_code, u.name AS unit_name
  FROM beds b JOIN bed_units u ON u.id = b.unit_id
  WHERE b.state = 'open' AND NOT EXISTS (SELECT 1 FROM bed_stays s WHERE s.bed_id = b.id AND s.status IN ${ACTIVE_STAY})
  FOR UPDATE OF b SKIP LOCKED`;

/** A free bed as the allocator sees it (with its unit). */
export interface FreeBed {
  id: string;
  unitId: string;
  label: string;
  capabilities: Capability[];
  freeSince: Date | null;
  locality: string;
  allowedPurposes: Purpose[] | null;
  teamCode: string;
  unitName: string;
}

/** A free bed of a known unit. */
export type UnitFreeBed = Pick<FreeBed, 'id' | 'label' | 'capabilities' | 'freeSince'>;

/** A bed locked for a change. */
export interface LockedBed {
  id: string;
  unitId: string;
  state: BedState;
  version: number;
  capabilities: Capability[];
  label: string;
}

/** What a PATCH changes on a bed (absent: unchanged). `freeSince: 'now'` starts its free time now. */
export interface BedChanges {
  state?: BedState;
  closedReason?: string | null;
  freeSince?: 'now' | null;
  capabilities?: Capability[];
  label?: string;
}

export interface BoardFilter {
  unitId?: string;
  locality?: string;
  status?: BedStatus;
  /** Keyset: (unit name, label, id) after these. */
  after?: [string, string, string];
  limit: number;
}

/** beds: the bed board, the allocator's free beds and each bed's state. */
@Injectable()
export class BedsRepository {
  async bed(em: EntityManager, id: string): Promise<BedRow | undefined> {
    const rows: BedRow[] = await em.query(`${SELECT_BED} WHERE b.id = $1`, [id]);
    return rows[0];
  }

  /** Ordered by unit name, bed label, id: `limit` beds after the cursor. */
  board(em: EntityManager, f: BoardFilter): Promise<BedRow[]> {
    const p = new SqlParams([f.limit]);
    const where: string[] = [];
    if (f.unitId) where.push(`b.unit_id = ${p.add(f.unitId)}`);
    if (f.locality) where.push(`u.locality = ${p.add(f.locality)}`);
    if (f.status) where.push(`(${BED_STATUS_SQL[f.status]})`);
    if (f.after) where.push(`(u.name, b.label, b.id) > (${p.add(f.after[0])}, ${p.add(f.after[1])}, ${p.add(f.after[2], 'uuid')})`);
    return em.query(`${SELECT_BED} WHERE ${where.join(' AND ') || 'TRUE'} ORDER BY u.name, b.label, b.id LIMIT $1`, p.values);
  }

  /** How many beds of each unit are in each board status (every unit asked for is present). */
  async counts(em: EntityManager, unitIds: string[]): Promise<Map<string, BedCounts>> {
    const rows: ({ unit_id: string } & Record<keyof BedCounts, string>)[] = await em.query(
      `SELECT b.unit_id,
              count(*) AS total,
              count(*) FILTER (WHERE ${BED_STATUS_SQL.available}) AS available,
              count(*) FILTER (WHERE ${BED_STATUS_SQL.reserved}) AS reserved,
              count(*) FILTER (WHERE ${BED_STATUS_SQL.occupied}) AS occupied,
              count(*) FILTER (WHERE ${BED_STATUS_SQL.cleaning}) AS cleaning,
              count(*) FILTER (WHERE ${BED_STATUS_SQL.closed}) AS closed
       FROM beds b LEFT JOIN bed_stays s ON s.bed_id = b.id AND s.status IN ${ACTIVE_STAY}
       WHERE b.unit_id = ANY($1::uuid[]) GROUP BY b.unit_id`,
      [unitIds],
    );
    const out = new Map<string, BedCounts>();
    for (const id of unitIds) out.set(id, { total: 0, available: 0, reserved: 0, occupied: 0, cleaning: 0, closed: 0 });
    for (const r of rows) {
      out.set(r.unit_id, {
        total: Number(r.total),
        available: Number(r.available),
        reserved: Number(r.reserved),
        occupied: Number(r.occupied),
        cleaning: Number(r.cleaning),
        closed: Number(r.closed),
      });
    }
    return out;
  }

  async labelTaken(em: EntityManager, unitId: string, label: string): Promise<boolean> {
    const rows: unknown[] = await em.query('SELECT 1 FROM beds WHERE unit_id = $1 AND label = $2', [unitId, label]);
    return rows.length > 0;
  }

  /** A new bed, open and free from now. */
  async insert(em: EntityManager, b: { id: string; unitId: string; label: string; capabilities: Capability[] }): Promise<void> {
    await em.query(`INSERT INTO beds (id, unit_id, label, capabilities, state, version, free_since) VALUES ($1, $2, $3, $4, 'open', 1, now())`, [
      b.id,
      b.unitId,
      b.label,
      b.capabilities,
    ]);
  }

  async lock(em: EntityManager, id: string): Promise<LockedBed | undefined> {
    const rows: { id: string; unit_id: string; state: BedState; version: number; capabilities: Capability[]; label: string }[] = await em.query(
      'SELECT id, unit_id, state, version, capabilities, label FROM beds WHERE id = $1 FOR UPDATE',
      [id],
    );
    const b = rows[0];
    return b && { id: b.id, unitId: b.unit_id, state: b.state, version: b.version, capabilities: b.capabilities, label: b.label };
  }

  /** Locks the bed and answers its state. */
  async lockState(em: EntityManager, id: string): Promise<BedState | undefined> {
    const rows: { state: BedState }[] = await em.query('SELECT state FROM beds WHERE id = $1 FOR UPDATE', [id]);
    return rows[0]?.state;
  }

  /** Applies a PATCH: a new version (the ETag moves) whatever else changes. */
  async update(em: EntityManager, id: string, c: BedChanges): Promise<void> {
    const p = new SqlParams([id]);
    const sets: string[] = [];
    if (c.state !== undefined) sets.push(`state = ${p.add(c.state)}`);
    if (c.closedReason !== undefined) sets.push(`closed_reason = ${p.add(c.closedReason)}`);
    if (c.freeSince === 'now') sets.push('free_since = now()');
    if (c.freeSince === null) sets.push('free_since = NULL');
    if (c.capabilities !== undefined) sets.push(`capabilities = ${p.add(c.capabilities)}`);
    if (c.label !== undefined) sets.push(`label = ${p.add(c.label)}`);
    await em.query(`UPDATE beds SET version = version + 1, updated_at = now()${sets.length ? `, ${sets.join(', ')}` : ''} WHERE id = $1`, p.values);
  }

  /** Something about the bed changed (an offer, an admission): a new version. */
  async touch(em: EntityManager, id: string): Promise<void> {
    await em.query('UPDATE beds SET version = version + 1, updated_at = now() WHERE id = $1', [id]);
  }

  /** The offer on this bed ended: it is free again from now (unless closed). */
  async release(em: EntityManager, id: string): Promise<void> {
    await em.query(
      `UPDATE beds SET free_since = CASE WHEN state = 'open' THEN now() ELSE free_since END, version = version + 1, updated_at = now() WHERE id = $1`,
      [id],
    );
  }

  /** The stay in it ended: the bed is cleaned before it is free (a closed bed stays closed). */
  async toCleaning(em: EntityManager, id: string): Promise<void> {
    await em.query(
      `UPDATE beds SET state = CASE WHEN state = 'closed' THEN state ELSE 'cleaning' END, free_since = NULL,
         version = version + 1, updated_at = now() WHERE id = $1`,
      [id],
    );
  }

  /** The purposes accepted by units having a bed (in any state) with all these capabilities; one entry per distinct list. */
  async purposesOfCapableUnits(em: EntityManager, needs: Capability[], unitId: string | null): Promise<(Purpose[] | null)[]> {
    const rows: { allowed_purposes: Purpose[] | null }[] = await em.query(
      `SELECT DISTINCT u.allowed_purposes FROM beds b JOIN bed_units u ON u.id = b.unit_id
       WHERE b.capabilities @> $1::text[] AND ($2::uuid IS NULL OR u.id = $2)`,
      [needs, unitId],
    );
    return rows.map((r) => r.allowed_purposes);
  }

  async freeForUpdate(em: EntityManager): Promise<FreeBed[]> {
    const rows: {
      id: string;
      unit_id: string;
      label: string;
      capabilities: Capability[];
      free_since: Date | null;
      locality: string;
      allowed_purposes: Purpose[] | null;
      team_code: string;
      unit_name: string;
    }[] = await em.query(FREE_BEDS_FOR_UPDATE);
    return rows.map((r) => ({
      id: r.id,
      unitId: r.unit_id,
      label: r.label,
      capabilities: r.capabilities,
      freeSince: r.free_since,
      locality: r.locality,
      allowedPurposes: r.allowed_purposes,
      teamCode: r.team_code,
      unitName: r.unit_name,
    }));
  }

  /** The unit's open beds without an active stay (not locked: a read for the mix). */
  async freeInUnit(em: EntityManager, unitId: string): Promise<UnitFreeBed[]> {
    const rows: { id: string; label: string; capabilities: Capability[]; free_since: Date | null }[] = await em.query(
      `SELECT b.id, b.label, b.capabilities, b.free_since FROM beds b
       WHERE b.unit_id = $1 AND b.state = 'open'
         AND NOT EXISTS (SELECT 1 FROM bed_stays s WHERE s.bed_id = b.id AND s.status IN ${ACTIVE_STAY})`,
      [unitId],
    );
    return rows.map((r) => ({ id: r.id, label: r.label, capabilities: r.capabilities, freeSince: r.free_since }));
  }

  /** Seconds the unit's beds existed in [from, now]. */
  async availableBedSeconds(em: EntityManager, unitId: string, from: Date, now: Date): Promise<number> {
    const rows: { bed_seconds: string | null }[] = await em.query(
      `SELECT sum(extract(epoch FROM ($2::timestamptz - GREATEST(created_at, $3::timestamptz)))) AS bed_seconds
       FROM beds WHERE unit_id = $1 AND created_at < $2`,
      [unitId, now, from],
    );
    return Number(rows[0]?.bed_seconds ?? 0);
  }
}
