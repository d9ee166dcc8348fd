/**
 * The one table of roles to permissions. docs/permissions.md is generated from it
 * (`npm run docs:permissions`) and a unit test fails when the two disagree.
 */
export enum Permission {
  OrganisationRead = 'organisation:read',
  OrganisationWrite = 'organisation:write',
  TeamRead = 'team:read',
  TeamWrite = 'team:write',
  /** Read/write a patient the user has a legitimate relationship with (or by break-glass). */
  PatientRead = 'patient:read',
  PatientWrite = 'patient:write',
  /** Find and read any patient without a relationship: the SPoA and discharge teams must find anyone. */
  PatientReadAny = 'patient:read-any',
  PatientSearch = 'patient:search',
  AlertRead = 'alert:read',
  AlertAcknowledge = 'alert:acknowledge',
  AuditRead = 'audit:read',
  /** Send a referral to the single point of access (anyone who refers, including other systems). */
  ReferralCreate = 'referral:create',
  /** Read referrals: a referrer only those its organisation sent; care staff those of their teams (or any, with patient:read-any). */
  ReferralRead = 'referral:read',
  /** Cancel a referral while it is open (the referring organisation, or the SPoA). */
  ReferralCancel = 'referral:cancel',
  /** Triage a referral and route it (care navigators at the single point of access). */
  ReferralTriage = 'referral:triage',
  /** Receiving-team work on a routed referral: accept, first contact, complete, reassign. */
  ReferralWork = 'referral:work',
  /** Read the team task worklist of one's own teams. */
  TaskRead = 'task:read',
  /** Assign and complete tasks of one's own teams. */
  TaskWork = 'task:work',
  /** Bed units and the bed board (NHS numbers on it only through the patient access gate). */
  BedRead = 'bed:read',
  /** Define units and beds, close/reopen/clean beds, admit/discharge/decline stays, read the decision log. */
  BedManage = 'bed:manage',
  BedRequestRead = 'bed-request:read',
  BedRequestWrite = 'bed-request:write',
  /** Aggregate bed mix and the capacity plan: no patient data. */
  BedMixRead = 'bed-mix:read',
  /** Read a patient's anticipatory care plan, its versions and FHIR export (subject to the patient's consent). */
  CarePlanRead = 'care-plan:read',
  /** Save a new care plan version, record agreement, and record the patient's sharing consent. */
  CarePlanWrite = 'care-plan:write',
  /** Aggregate care plan coverage (small numbers suppressed): no patient data. */
  CarePlanCoverageRead = 'care-plan-coverage:read',
  /** Read admissions and the medically-optimised list (integrated discharge teams, the SPoA). */
  AdmissionRead = 'admission:read',
  /** Record admissions, estimated discharge, medically optimised, delays and discharge. */
  AdmissionWrite = 'admission:write',
  /** Register webhooks, read their delivery log and replay deliveries (admins). */
  WebhookManage = 'webhook:manage',
  /** Import a practice's risk stratification output (staff of the practice or of a team aligned to it). */
  RiskImport = 'risk:import',
  /** Score a patient with the built-in transparent model and read their risk history. */
  RiskAssess = 'risk:assess',
  /** Read a practice's ranked Pro-Active Care caseload and who to invite next. */
  CaseloadRead = 'caseload:read',
  /** Open Pro-Active Care episodes and move them through their states. */
  EpisodeWork = 'episode:work',
  /** Read MDT meetings of one's own teams: attendees, quorum, agendas (NHS numbers), calendar. */
  MdtRead = 'mdt:read',
  /** Set up MDT series and meetings, book attendees, build and edit agendas. */
  MdtManage = 'mdt:manage',
  /** Record MDT outcomes for a patient (through the patient access gate). */
  MdtOutcomeWrite = 'mdt:outcome-write',
  /** Aggregate outcome metrics (Better Care Fund and local KPIs, small numbers suppressed): no patient data. */
  MetricsRead = 'metrics:read',
  /** Hospital feeds: the HL7 message log and dead letters (no message content), replay (admins). */
  IntegrationManage = 'integration:manage',
  /** Hospital feed state per sender (last message, backlog): no patient data. */
  IntegrationFeedRead = 'integration:feed-read',
  /** A&E in-reach clocks of one's own teams (NHS numbers): read and mark the patient seen. */
  InReachWork = 'in-reach:work',
  /** Trace an untraced patient's NHS number against PDS now (the SPoA). */
  PatientTrace = 'patient:trace',
  /** Merge a duplicate patient record into another (the SPoA). */
  PatientMerge = 'patient:merge',
  /** Change what a team is alerted about beyond its own involvement (team members, or team administrators). */
  TeamSubscriptionWrite = 'team:subscriptions',
}

export const ROLES = [
  'care_navigator',
  'clinician',
  'gp',
  'care_coordinator',
  'discharge_coordinator',
  'bed_manager',
  'referrer',
  'commissioner',
  'auditor',
  'admin',
  'practice_staff',
] as const;
export type Role = (typeof ROLES)[number];

const P = Permission;
const referenceRead = [P.OrganisationRead, P.TeamRead];
const beds = [P.BedRead, P.BedRequestRead, P.BedRequestWrite, P.BedMixRead];
const careTeam = [...referenceRead, P.PatientRead, P.PatientWrite, P.AlertRead, P.AlertAcknowledge, ...beds];
const refers = [P.ReferralCreate, P.ReferralRead, P.ReferralCancel];
const tasks = [P.TaskRead, P.TaskWork];
const teamWork = [...refers, P.ReferralWork, ...tasks];
const carePlans = [P.CarePlanRead, P.CarePlanWrite];
const proactiveCare = [P.RiskAssess, P.CaseloadRead, P.EpisodeWork];
const mdt = [P.MdtRead, P.MdtManage, P.MdtOutcomeWrite];
const feeds = [P.IntegrationFeedRead, P.InReachWork];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  care_navigator: [...careTeam, P.PatientReadAny, P.PatientSearch, ...teamWork, P.ReferralTriage, P.CarePlanRead, P.AdmissionRead, P.MetricsRead, ...feeds, P.PatientTrace, P.PatientMerge],
  clinician: [...careTeam, ...teamWork, ...carePlans, P.RiskAssess, P.CaseloadRead, P.MdtRead, P.MdtOutcomeWrite, P.InReachWork],
  gp: [...careTeam, P.PatientSearch, ...teamWork, ...carePlans, P.CarePlanCoverageRead, P.RiskImport, ...proactiveCare, ...mdt, P.MetricsRead, P.InReachWork, P.TeamSubscriptionWrite],
  care_coordinator: [...careTeam, ...teamWork, ...carePlans, P.CarePlanCoverageRead, P.RiskImport, ...proactiveCare, ...mdt, P.MetricsRead, P.InReachWork, P.TeamSubscriptionWrite],
  discharge_coordinator: [...careTeam, P.PatientReadAny, P.PatientSearch, ...refers, ...tasks, ...carePlans, P.AdmissionRead, P.AdmissionWrite, P.MetricsRead, ...feeds],
  bed_manager: [...referenceRead, P.PatientRead, P.AlertRead, P.AlertAcknowledge, ...tasks, ...beds, P.BedManage, P.MetricsRead],
  referrer: [...referenceRead, ...refers],
  commissioner: [...referenceRead, P.BedMixRead, P.CarePlanCoverageRead, P.MetricsRead],
  auditor: [...referenceRead, P.AuditRead],
  admin: [...referenceRead, P.OrganisationWrite, P.TeamWrite, P.WebhookManage, P.IntegrationManage, P.IntegrationFeedRead, P.TeamSubscriptionWrite],
  /** Staff of a GP practice (token org = the practice): their registered patients, their care plans, referrals. */
  practice_staff: [...referenceRead, P.PatientRead, P.PatientWrite, P.PatientSearch, P.AlertRead, P.AlertAcknowledge, ...refers, ...carePlans],
};

export const PATIENT_IDENTIFIABLE: readonly Permission[] = [
  P.PatientRead,
  P.PatientWrite,
  P.PatientReadAny,
  P.PatientSearch,
  P.ReferralTriage,
  P.ReferralWork,
  P.TaskRead,
  P.TaskWork,
  P.BedRead,
  P.BedManage,
  P.BedRequestRead,
  P.BedRequestWrite,
  P.CarePlanRead,
  P.CarePlanWrite,
  P.AdmissionRead,
  P.AdmissionWrite,
  P.RiskImport,
  P.RiskAssess,
  P.CaseloadRead,
  P.EpisodeWork,
  P.MdtRead,
  P.MdtManage,
  P.MdtOutcomeWrite,
  P.InReachWork,
  P.PatientTrace,
  P.PatientMerge,
];

export function permissionsFor(roles: readonly string[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const role of roles) {
    for (const p of ROLE_PERMISSIONS[role as Role] ?? []) out.add(p);
  }
  return out;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The markdown table in docs/permissions.md, generated so the two cannot drift. */
export function permissionsMarkdownTable(): string {
  const header = `| permission | ${ROLES.join(' | ')} |`;
  const rule = `|---|${ROLES.map(() => '---').join('|')}|`;
  const rows = Object.values(Permission).map(
    (p) => `| \`${p}\` | ${ROLES.map((r) => (ROLE_PERMISSIONS[r].includes(p) ? 'yes' : '')).join(' | ')} |`,
  );
  return [header, rule, ...rows].join('\n');
}
