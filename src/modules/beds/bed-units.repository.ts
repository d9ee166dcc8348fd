import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SqlParams } from '../../database/sql-params';
import type { MixBasis, MixStatus, Purpose, Setting } from './domain/types';
import type { BedUnitRow } from './dto/views';

export interface NewBedUnit {
  id: string;
  name: string;
  organisationOds: string;
  teamCode: string;
  setting: Setting;
  locality: string;
  stepDownTarget: number;
  windowDays: number;
  allowedPurposes: Purpose[] | null;
  mixBasis: MixBasis | null;
}

export interface UnitFilter {
  locality?: string;
  setting?: string;
  /** Keyset: (name, id) after these. */
  after?: [string, string];
  limit: number;
}

/** bed_units: the units, their teams and the state of their mix. */
@Injectable()
export class BedUnitsRepository {
  async unit(em: EntityManager, id: string): Promise<BedUnitRow | undefined> {
    const rows: BedUnitRow[] = await em.query('SELECT * FROM bed_units WHERE id = $1', [id]);
    return rows[0];
  }

  /** The team that runs the unit: undefined when there is no such unit. */
  async teamOf(em: EntityManager, id: string): Promise<{ teamCode: string | null } | undefined> {
    const rows: { team_code: string | null }[] = await em.query('SELECT team_code FROM bed_units WHERE id = $1', [id]);
    return rows[0] && { teamCode: rows[0].team_code };
  }

  /** Locks the unit (its mix status and excursion count are read, judged and written back). */
  async lock(em: EntityManager, id: string): Promise<(BedUnitRow & { mix_excursions: number }) | undefined> {
    const rows: (BedUnitRow & { mix_excursions: number })[] = await em.query('SELECT * FROM bed_units WHERE id = $1 FOR UPDATE', [id]);
    return rows[0];
  }

  async setMix(em: EntityManager, id: string, status: MixStatus, excursions: number): Promise<void> {
    await em.query('UPDATE bed_units SET mix_status = $2, mix_excursions = $3, updated_at = now() WHERE id = $1', [id, status, excursions]);
  }

  /** Ordered by name, then id: `limit` units after the cursor. */
  list(em: EntityManager, f: UnitFilter): Promise<BedUnitRow[]> {
    const p = new SqlParams([f.limit]);
    const where: string[] = [];
    if (f.locality) where.push(`locality = ${p.add(f.locality)}`);
    if (f.setting) where.push(`setting = ${p.add(f.setting)}`);
    if (f.after) where.push(`(name, id) > (${p.add(f.after[0])}, ${p.add(f.after[1], 'uuid')})`);
    return em.query(`SELECT * FROM bed_units WHERE ${where.join(' AND ') || 'TRUE'} ORDER BY name, id LIMIT $1`, p.values);
  }

  /** Every unit (of a locality, when given), by name then id. */
  inLocality(em: EntityManager, locality: string | null): Promise<BedUnitRow[]> {
    return em.query('SELECT * FROM bed_units WHERE ($1::text IS NULL OR locality = $1) ORDER BY name, id', [locality]);
  }

  async ids(em: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await em.query('SELECT id FROM bed_units ORDER BY id');
    return rows.map((r) => r.id);
  }

  async insert(em: EntityManager, u: NewBedUnit): Promise<void> {
    await em.query(
      `INSERT INTO bed_units (id, name, organisation_ods, team_code, setting, locality, step_down_target, window_days, allowed_purposes, mix_basis)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [u.id, u.name, u.organisationOds, u.teamCode, u.setting, u.locality, u.stepDownTarget, u.windowDays, u.allowedPurposes, u.mixBasis],
    );
  }

  /** Whether the organisation exists, and the team (true when none is named). */
  async referencesExist(em: EntityManager, organisationOds: string, teamCode: string | null): Promise<{ organisation: boolean; team: boolean }> {
    const [row]: { organisation: boolean; team: boolean }[] = await em.query(
      `SELECT EXISTS (SELECT 1 FROM organisations WHERE ods_code = $1) AS organisation,
              ($2::text IS NULL OR EXISTS (SELECT 1 FROM teams WHERE code = $2)) AS team`,
      [organisationOds, teamCode],
    );
    return row;
  }
}
