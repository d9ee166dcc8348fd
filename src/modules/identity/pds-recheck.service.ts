import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { DeathRegistry } from '../patients/death-registry';
import { PatientsForIdentityRepository, type RecheckPatient } from '../patients/for-identity.repository';
import { TasksService } from '../tasks/tasks.service';
import type { PdsPerson } from './domain/pds-fhir';
import { recheckChanges } from './domain/recheck';
import { IdentityRepository } from './identity.repository';
import { PdsClient, PdsUnavailable } from './pds-client';

export interface RecheckResult {
  rechecked: number;
  deaths: number;
  practiceChanges: number;
  recheckUnavailable: number;
}

const SYSTEM = 'system:pds-recheck';
const DAY_MS = 86_400_000;

/**
 * The rolling re-check of living patients against PDS (every PDS_RECHECK_DAYS each): a death PDS
 * records is recorded here too (every death handler runs: referrals close, episodes and bed work
 * end, no more alerts), and the registered practice follows PDS, which moves access and alignment
 * with it. PDS is called outside any transaction; each change is applied in one. PDS being down
 * loses nothing: the record keeps its previous check and is due again.
 */
@Injectable()
export class PdsRecheckService {
  constructor(
    private readonly db: DataSource,
    private readonly pds: PdsClient,
    private readonly patients: PatientsForIdentityRepository,
    private readonly repo: IdentityRepository,
    private readonly deaths: DeathRegistry,
    private readonly tasks: TasksService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async recheckDue(now = this.clock.now()): Promise<RecheckResult> {
    const result: RecheckResult = { rechecked: 0, deaths: 0, practiceChanges: 0, recheckUnavailable: 0 };
    const days = this.config.identity.pdsRecheckDays;
    if (!this.pds.configured || days === 0) return result;
    const due = await this.patients.claimRecheck(this.db.manager, new Date(now.getTime() - days * DAY_MS), now, this.config.identity.traceBatchSize);
    for (const patient of due) {
      let person: PdsPerson | null;
      try {
        person = await this.pds.get(patient.nhsNumber);
      } catch (e) {
        if (!(e instanceof PdsUnavailable)) throw e;
        await this.patients.restoreCheck(this.db.manager, patient.id, patient.previousCheck);
        result.recheckUnavailable++;
        continue;
      }
      result.rechecked++;
      const applied = await this.apply(patient, person, now);
      result.deaths += applied.death ? 1 : 0;
      result.practiceChanges += applied.practice ? 1 : 0;
    }
    return result;
  }

  private apply(patient: RecheckPatient, person: PdsPerson | null, now: Date) {
    return this.db.transaction(async (em) => {
      const known = person?.gpPracticeOds ? (await this.repo.knownPractice(em, person.gpPracticeOds)) !== null : false;
      const change = recheckChanges(patient, person, known);
      const death = change.death !== null && (await this.patients.recordDeathFromPds(em, patient.id, change.death));
      if (death) await this.deaths.recordDeath(em, patient.id, new Date(change.death as string), SYSTEM);
      const practice = change.practice !== null && (await this.patients.recordPracticeFromPds(em, patient.id, change.practice));
      const problem = change.numberUnknown
        ? { type: 'nhs_number_not_in_pds', title: 'PDS does not know the NHS number on this record', detail: 'Check the number with the patient or the practice, and correct the record.' }
        : change.unknownPractice
          ? {
              type: 'registered_practice_differs',
              title: 'Registered GP practice differs from PDS',
              detail: `The record says ${patient.gpPracticeOds ?? 'no practice'}; PDS says ${change.unknownPractice}, which is not a known practice here. Check with the patient and the practices.`,
            }
          : null;
      const team = problem && !death ? await this.repo.identityTeam(em) : null;
      if (problem && team) {
        await this.tasks.create(em, {
          ...problem,
          teamCode: team,
          patientId: patient.id,
          dueAt: new Date(now.getTime() + this.config.referrals.traceTaskDueHours * 3_600_000),
          source: { type: 'patient', id: patient.id },
          createdBy: SYSTEM,
          dedupeKey: `${problem.type}:${patient.id}:${change.unknownPractice ?? ''}`,
        });
      }
      return { death, practice };
    });
  }
}
