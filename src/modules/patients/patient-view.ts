import type { Relationship } from '../../common/access/domain/access-policy';
import { summariseKnownTo } from '../../common/access/domain/access-policy';
import { involvementOf, summariseMayAccess } from '../../common/access/domain/relationship-kinds';
import { ageOn } from './domain/search-terms';
import type { Address, PatientEntity } from './patient.entity';

export interface PatientSummary {
  nhsNumber: string | null;
  nhsNumberStatus: string;
  /** Deprecated: nhsNumberStatus === '01'. */
  nhsNumberVerified: boolean;
  needsTracing: boolean;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  age: number;
  sex: string | null;
  address: Address | null;
  phone: string | null;
  gpPracticeOds: string | null;
  careHomeResident: boolean;
  livesAlone: boolean;
  deceasedAt: string | null;
  careCoordinator: { staffId: string; name: string | null; teamCode: string | null } | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export function toPatientSummary(p: PatientEntity, now: Date): PatientSummary {
  return {
    nhsNumber: p.nhsNumber,
    nhsNumberStatus: p.nhsNumberStatus,
    nhsNumberVerified: p.nhsNumberStatus === '01',
    needsTracing: p.needsTracing,
    givenName: p.givenName,
    familyName: p.familyName,
    dateOfBirth: p.dateOfBirth,
    age: ageOn(p.dateOfBirth, p.deceasedAt ?? now),
    sex: p.sex,
    address: p.address,
    phone: p.phone,
    gpPracticeOds: p.gpPracticeOds,
    careHomeResident: p.careHomeResident,
    livesAlone: p.livesAlone,
    deceasedAt: p.deceasedAt?.toISOString() ?? null,
    careCoordinator: p.careCoordinatorStaffId
      ? { staffId: p.careCoordinatorStaffId, name: p.careCoordinatorName, teamCode: p.careCoordinatorTeamCode }
      : null,
    version: p.version,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

/**
 * The single view: sections other capabilities own start empty and are filled by their
 * contributors (PatientViewRegistry), so the shape clients see is stable as capabilities land.
 */
export const EMPTY_SECTIONS = {
  openReferrals: [] as unknown[],
  activeEpisode: null as unknown,
  currentAdmission: null as unknown,
  bedStay: null as unknown,
  latestRisk: null as unknown,
  carePlan: null as unknown,
  openAlerts: [] as unknown[],
};

export function toSingleView(p: PatientEntity, relationships: Relationship[], sections: Record<string, unknown>, now: Date) {
  return {
    ...toPatientSummary(p, now),
    // Involvement only ("known to the team"); who may open the record is a separate answer.
    knownTo: summariseKnownTo(involvementOf(relationships)),
    mayAccess: summariseMayAccess(relationships),
    ...EMPTY_SECTIONS,
    ...sections,
  };
}

export function etagOf(p: PatientEntity): string {
  return `"${p.version}"`;
}
