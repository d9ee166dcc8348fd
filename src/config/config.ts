import type { DischargeConfig, IdentityConfig, IntegrationsConfig, MdtConfig, RateLimitConfig, SecurityConfig } from './sections';
import { ConfigError, type Env, bool, bytes, decimal, int, oneOf, str, url } from './env';
import { type SignInConfig, signInConfig } from './sign-in-config';

export { ConfigError } from './env';
export type { DischargeConfig, IdentityConfig, IntegrationsConfig, MdtConfig, RateLimitConfig, SecurityConfig } from './sections';

/**
 * The only reader of process.env. Every variable is validated once at boot; a missing or malformed
 * variable stops the process with one line naming it (see ConfigError).
 */
export interface AppConfig {
  nodeEnv: 'development' | 'test' | 'production';
  host: string;
  port: number;
  /** Processes serving on this machine (node cluster); 1 = this process serves. */
  webConcurrency: number;
  /** External PostgreSQL. When unset the service starts an embedded one under dataDir. */
  databaseUrl?: string;
  dataDir: string;
  embeddedPgPort: number;
  migrationsRun: boolean;
  /** Load the South Kent Coast demo data set when the database has no organisations yet. */
  seedOnFirstStart: boolean;
  seedPopulation: number;
  auth: {
    jwtSecret?: string;
    jwksUri?: string;
    issuer?: string;
    audience?: string;
    /** True when the documented development secret is in use (never in production). */
    usingDevSecret: boolean;
  };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  bodyLimitBytes: number;
  rateLimit: RateLimitConfig;
  dbPoolSize: number;
  /** Named prepared statements, planned once per connection (off behind PgBouncer < 1.21 in transaction mode). */
  dbPreparedStatements: boolean;
  referrals: ReferralsConfig;
  metrics: MetricsConfig;
  /** Step-up / step-down beds: global defaults (units may override target and window). */
  beds: BedsConfig;
  carePlans: CarePlansConfig;
  admissions: AdmissionsConfig;
  webhooks: WebhooksConfig;
  caseloads: CaseloadsConfig;
  mdt: MdtConfig;
  signIn: SignInConfig;
  integrations: IntegrationsConfig;
  discharge: DischargeConfig;
  identity: IdentityConfig;
  security: SecurityConfig;
}

/** Risk tiers, Pro-Active Care episodes and the 12-week review check (docs/caseloads.md). */
export interface CaseloadsConfig {
  /** Cumulative tier thresholds in percent of the practice (default 0.5, 2, 5, 20: tiers 1-4, the rest tier 5). */
  tierThresholdsPercent: number[];
  /** Concurrent active (active or review_due) episodes a team may hold, unless overridden per team. */
  teamCapacity: number;
  teamCapacityOverrides: Record<string, number>;
  /** Length of the intervention from the plan being agreed (default 12 weeks). */
  episodeWeeks: number;
  /** Who next: months after completing an episode, and after declining one, before inviting again. */
  completedCooldownMonths: number;
  declinedCooldownMonths: number;
  /** How often each instance moves episodes past their planned end to review_due; 0 = off (the default under NODE_ENV=test). */
  reviewCheckIntervalSeconds: number;
  reviewCheckBatchSize: number;
  /** Due time of the review task raised when an episode reaches review_due. */
  reviewTaskDueDays: number;
  /** Largest text/csv risk import (decompressed bytes), streamed rather than held; 413 above. */
  riskImportLimitBytes: number;
}

function tierThresholds(env: Env, name: string): number[] {
  const raw = str(env, name);
  if (raw === undefined) return [0.5, 2, 5, 20];
  const parts = raw.split(',').map((p) => p.trim());
  const values = parts.map(Number);
  if (parts.some((p) => p === '' || !/^\d+(\.\d+)?$/.test(p))) throw new ConfigError(name, `must be comma-separated percentages such as 0.5,2,5,20, got "${raw}"`);
  if (values.some((v) => v <= 0 || v >= 100)) throw new ConfigError(name, 'must be percentages between 0 and 100');
  for (let i = 1; i < values.length; i++) if (values[i] <= values[i - 1]) throw new ConfigError(name, 'must be strictly increasing');
  return values;
}

function capacityOverrides(env: Env, name: string): Record<string, number> {
  const raw = str(env, name);
  if (raw === undefined) return {};
  const out: Record<string, number> = {};
  for (const part of raw.split(',')) {
    const m = /^\s*([A-Za-z0-9_-]{1,32})\s*[:=]\s*(\d{1,6})\s*$/.exec(part);
    if (!m) throw new ConfigError(name, `must be TEAM:capacity pairs such as NCT-A:40,NCT-B:60, got "${raw}"`);
    out[m[1]] = Number(m[2]);
  }
  return out;
}


/** Commissioners' outcome reports (docs/metrics.md, "Reports under load"). */
export interface MetricsConfig {
  /** Reports produced at once across every instance (PostgreSQL advisory locks); the others wait their turn. */
  concurrentReports: number;
  /** How long a report waits for its turn before 503 REPORTS_BUSY. */
  reportWaitSeconds: number;
}

/** The care plan review check (docs/care-plans.md). */
export interface CarePlansConfig {
  /** How often each instance looks for plans past their review date; 0 turns it off (the default under NODE_ENV=test). */
  reviewCheckIntervalSeconds: number;
  /** Overdue plans claimed per check (FOR UPDATE SKIP LOCKED). */
  reviewCheckBatchSize: number;
}

/** Admission flagging and discharge follow-up (docs/admissions.md). */
export interface AdmissionsConfig {
  /** An emergency admission within this many days of a discharge is a readmission. */
  readmissionWindowDays: number;
  /** The post-discharge follow-up task is due this many days after discharge. */
  followUpDueDays: number;
}

/** The webhook dispatcher (docs/admissions.md, "Webhooks"). */
export interface WebhooksConfig {
  /** How often each instance looks for due deliveries; 0 turns the dispatcher off (the default under NODE_ENV=test). */
  dispatchIntervalMs: number;
  /** Deliveries claimed per pass (FOR UPDATE SKIP LOCKED). */
  batchSize: number;
  /** How long one HTTP attempt may take. */
  timeoutMs: number;
  /** A claimed delivery is not claimed again by another instance for this long (must exceed the timeout). */
  leaseSeconds: number;
  /** Backoff: the first retry waits this long, then doubling, capped at retryMaxSeconds. */
  retryBaseSeconds: number;
  retryMaxSeconds: number;
  /** Retries continue until the event is this old (at least 24 h); then the delivery is failed. */
  retryForHours: number;
  /** Plain http:// targets (default: allowed outside production). */
  allowHttp: boolean;
  /** Loopback/private/link-local targets (default: allowed outside production). */
  allowPrivateTargets: boolean;
}

/** Response clocks and the breach check (docs/referrals.md). */
export interface ReferralsConfig {
  /** Minutes from receipt to first contact, per urgency (defaults: crisis 2 h, urgent 24 h, routine 7 d). */
  responseTargetMinutes: { crisis: number; urgent: number; routine: number };
  /** How often each instance looks for breached referrals; 0 turns the background check off (the default under NODE_ENV=test). */
  breachCheckIntervalSeconds: number;
  /** Breaches claimed per check (FOR UPDATE SKIP LOCKED), so one slow check cannot hold many rows. */
  breachCheckBatchSize: number;
  /** Due time of the trace_nhs_number task raised for a referral of a patient without an NHS number. */
  traceTaskDueHours: number;
}

export interface BedsConfig {
  /** Default step-down share of admissions a unit aims for (domain: 60/40). */
  stepDownTarget: number;
  /** Default rolling window over which the mix is measured, in days. */
  windowDays: number;
  /** A request waiting longer than this goes before every request that has not (NICE: start within 2 days). */
  overdueHours: number;
  /** Control limits of the mix: target +/- this many standard errors of a proportion (p-chart). */
  controlLimitSigma: number;
  /** Below this many admissions in the window the mix is not judged against its limits (no drift alert). */
  mixMinAdmissions: number;
  /** New community-hospital units accept only assessment, 24/7 nursing rehabilitation and carer respite (001:816). */
  restrictCommunityHospitals: boolean;
  /** How often each instance re-runs the allocator and the drift check (earliest dates passing, the window sliding); 0 turns it off. */
  sweepIntervalSeconds: number;
  /** A step-up request not placed within this many hours of waiting closes as `expired` (it exists to avoid tonight's admission). */
  stepUpExpiryHours: number;
  /** What a unit's mix is measured on unless the unit says otherwise: admissions or bed-days. */
  mixBasis: 'admissions' | 'bed_days';
}

/** Documented in the README; only ever used outside production, and a warning is logged. */
export const DEVELOPMENT_JWT_SECRET = 'development-only-secret-do-not-use-in-production';

export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'test', 'production'] as const, 'development');
  const jwtSecret = str(env, 'AUTH_JWT_SECRET');
  const jwksUri = url(env, 'AUTH_JWKS_URI', ['https:', 'http:']);
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    throw new ConfigError('AUTH_JWT_SECRET', 'must be at least 32 characters');
  }
  if (nodeEnv === 'production' && !jwtSecret && !jwksUri) {
    throw new ConfigError('AUTH_JWT_SECRET', 'or AUTH_JWKS_URI must be set when NODE_ENV=production');
  }
  const usingDevSecret = !jwtSecret && !jwksUri;
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const responseTargetMinutes = {
    crisis: int(env, 'REFERRAL_TARGET_CRISIS_MINUTES', 2 * 60, 1, 60 * 24 * 90),
    urgent: int(env, 'REFERRAL_TARGET_URGENT_MINUTES', 24 * 60, 1, 60 * 24 * 90),
    routine: int(env, 'REFERRAL_TARGET_ROUTINE_MINUTES', 7 * 24 * 60, 1, 60 * 24 * 90),
  };
  if (responseTargetMinutes.urgent < responseTargetMinutes.crisis) {
    throw new ConfigError('REFERRAL_TARGET_URGENT_MINUTES', 'must not be shorter than REFERRAL_TARGET_CRISIS_MINUTES');
  }
  if (responseTargetMinutes.routine < responseTargetMinutes.urgent) {
    throw new ConfigError('REFERRAL_TARGET_ROUTINE_MINUTES', 'must not be shorter than REFERRAL_TARGET_URGENT_MINUTES');
  }
  return {
    nodeEnv,
    host: str(env, 'HOST') ?? '0.0.0.0',
    port: int(env, 'PORT', 3000, 1, 65535),
    webConcurrency: int(env, 'WEB_CONCURRENCY', 1, 1, 64),
    databaseUrl,
    dataDir: str(env, 'DATA_DIR') ?? '.data',
    embeddedPgPort: int(env, 'EMBEDDED_PG_PORT', 54329, 1, 65535),
    migrationsRun: bool(env, 'MIGRATIONS_RUN', true),
    seedOnFirstStart: bool(env, 'SEED_ON_FIRST_START', databaseUrl === undefined),
    seedPopulation: int(env, 'SEED_POPULATION', 3000, 0, 2_000_000),
    auth: {
      jwtSecret: jwtSecret ?? (usingDevSecret ? DEVELOPMENT_JWT_SECRET : undefined),
      jwksUri,
      issuer: str(env, 'AUTH_ISSUER'),
      audience: str(env, 'AUTH_AUDIENCE'),
      usingDevSecret,
    },
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    bodyLimitBytes: bytes(env, 'BODY_LIMIT', 1024 * 1024),
    rateLimit: {
      perMinute: int(env, 'RATE_LIMIT_PER_MINUTE', 1200, 1, 1_000_000),
      sweepIntervalSeconds: int(env, 'RATE_LIMIT_SWEEP_INTERVAL_SECONDS', nodeEnv === 'test' ? 0 : 60, 0, 86_400),
      trustProxyHops: int(env, 'TRUST_PROXY_HOPS', 0, 0, 10),
    },
    security: {
      breakGlassAlertWindowMinutes: int(env, 'BREAK_GLASS_ALERT_WINDOW_MINUTES', 60, 1, 24 * 60),
      tokenMaxLifetimeHours: int(env, 'AUTH_MAX_TOKEN_LIFETIME_HOURS', 24, 1, 24 * 31),
      tokenClockSkewSeconds: int(env, 'AUTH_CLOCK_SKEW_SECONDS', 60, 0, 3600),
      docsEnabled: bool(env, 'DOCS_ENABLED', nodeEnv !== 'production'),
    },
    dbPoolSize: int(env, 'DB_POOL_SIZE', 10, 1, 200),
    dbPreparedStatements: bool(env, 'DB_PREPARED_STATEMENTS', true),
    metrics: {
      concurrentReports: int(env, 'METRICS_CONCURRENT_REPORTS', 2, 1, 64),
      reportWaitSeconds: int(env, 'METRICS_REPORT_WAIT_SECONDS', 20, 0, 600),
    },
    referrals: {
      responseTargetMinutes,
      breachCheckIntervalSeconds: int(env, 'BREACH_CHECK_INTERVAL_SECONDS', nodeEnv === 'test' ? 0 : 60, 0, 86_400),
      breachCheckBatchSize: int(env, 'BREACH_CHECK_BATCH_SIZE', 200, 1, 10_000),
      traceTaskDueHours: int(env, 'TRACE_TASK_DUE_HOURS', 24, 1, 24 * 30),
    },
    beds: {
      stepDownTarget: decimal(env, 'BEDS_STEP_DOWN_TARGET', 0.6, 0, 1),
      windowDays: int(env, 'BEDS_WINDOW_DAYS', 28, 1, 365),
      overdueHours: decimal(env, 'BEDS_OVERDUE_HOURS', 48, 1, 24 * 60),
      controlLimitSigma: decimal(env, 'BEDS_CONTROL_LIMIT_SIGMA', 3, 0.5, 6),
      mixMinAdmissions: int(env, 'BEDS_MIX_MIN_ADMISSIONS', 10, 1, 10_000),
      restrictCommunityHospitals: bool(env, 'BEDS_RESTRICT_COMMUNITY_HOSPITALS', true),
      sweepIntervalSeconds: int(env, 'BEDS_SWEEP_INTERVAL_SECONDS', nodeEnv === 'test' ? 0 : 60, 0, 86_400),
      stepUpExpiryHours: decimal(env, 'BEDS_STEP_UP_EXPIRY_HOURS', 24, 1, 24 * 14),
      mixBasis: oneOf(env, 'BEDS_MIX_BASIS', ['admissions', 'bed_days'] as const, 'admissions'),
    },
    carePlans: {
      reviewCheckIntervalSeconds: int(env, 'CARE_PLAN_REVIEW_CHECK_INTERVAL_SECONDS', nodeEnv === 'test' ? 0 : 300, 0, 86_400),
      reviewCheckBatchSize: int(env, 'CARE_PLAN_REVIEW_CHECK_BATCH_SIZE', 200, 1, 10_000),
    },
    admissions: {
      readmissionWindowDays: int(env, 'READMISSION_WINDOW_DAYS', 30, 1, 365),
      followUpDueDays: int(env, 'DISCHARGE_FOLLOW_UP_DUE_DAYS', 7, 1, 90),
    },
    webhooks: webhooksConfig(env, nodeEnv),
    caseloads: {
      tierThresholdsPercent: tierThresholds(env, 'RISK_TIER_THRESHOLDS'),
      teamCapacity: int(env, 'PROACTIVE_CARE_TEAM_CAPACITY', 100, 0, 100_000),
      teamCapacityOverrides: capacityOverrides(env, 'PROACTIVE_CARE_TEAM_CAPACITY_OVERRIDES'),
      episodeWeeks: int(env, 'PROACTIVE_CARE_EPISODE_WEEKS', 12, 1, 104),
      completedCooldownMonths: int(env, 'WHO_NEXT_COMPLETED_COOLDOWN_MONTHS', 12, 0, 120),
      declinedCooldownMonths: int(env, 'WHO_NEXT_DECLINED_COOLDOWN_MONTHS', 6, 0, 120),
      reviewCheckIntervalSeconds: int(env, 'EPISODE_REVIEW_CHECK_INTERVAL_SECONDS', nodeEnv === 'test' ? 0 : 300, 0, 86_400),
      reviewCheckBatchSize: int(env, 'EPISODE_REVIEW_CHECK_BATCH_SIZE', 200, 1, 10_000),
      reviewTaskDueDays: int(env, 'EPISODE_REVIEW_TASK_DUE_DAYS', 7, 0, 90),
      riskImportLimitBytes: bytes(env, 'RISK_IMPORT_LIMIT', 128 * 1024 * 1024),
    },
    signIn: signInConfig(env, nodeEnv),
    identity: {
      pdsBaseUrl: url(env, 'PDS_BASE_URL', ['https:', 'http:']) ?? (nodeEnv === 'production' ? undefined : 'http://localhost:4010/FHIR/R4'),
      pdsTimeoutMs: int(env, 'PDS_TIMEOUT_MS', 3000, 50, 60_000),
      pdsAttempts: int(env, 'PDS_ATTEMPTS', 3, 1, 10),
      pdsBreakerFailures: int(env, 'PDS_BREAKER_FAILURES', 5, 1, 1000),
      pdsBreakerResetSeconds: int(env, 'PDS_BREAKER_RESET_SECONDS', 30, 1, 3600),
      traceMatchThreshold: decimal(env, 'TRACE_MATCH_THRESHOLD', 0.95, 0.5, 1),
      traceIntervalSeconds: int(env, 'TRACE_INTERVAL_SECONDS', nodeEnv === 'test' ? 0 : 60, 0, 86_400),
      traceBatchSize: int(env, 'TRACE_BATCH_SIZE', 20, 1, 1000),
      traceRetryMinutes: int(env, 'TRACE_RETRY_MINUTES', 15, 1, 24 * 60),
      pdsRecheckDays: int(env, 'PDS_RECHECK_DAYS', 30, 0, 3650),
    },
    mdt: {
      generateAheadMonths: int(env, 'MDT_GENERATE_AHEAD_MONTHS', 6, 1, 24),
      maxMeetingsPerSeries: int(env, 'MDT_MAX_MEETINGS_PER_SERIES', 120, 1, 1000),
    },
    integrations: {
      mllpPort: str(env, 'HL7_MLLP_PORT') === undefined ? undefined : int(env, 'HL7_MLLP_PORT', 0, 1, 65535),
      mllpHost: str(env, 'HL7_MLLP_HOST') ?? '127.0.0.1',
      senders: hl7Senders(env, 'HL7_SENDERS'),
      inReachTargetMinutes: int(env, 'AE_INREACH_TARGET_MINUTES', 120, 15, 240),
      inReachCheckIntervalSeconds: int(env, 'AE_INREACH_CHECK_INTERVAL_SECONDS', nodeEnv === 'test' ? 0 : 60, 0, 86_400),
    },
    discharge: {
      snapshotIntervalSeconds: int(env, 'DISCHARGE_SNAPSHOT_INTERVAL_SECONDS', nodeEnv === 'test' ? 0 : 300, 0, 86_400),
      snapshotFirstRunDays: int(env, 'DISCHARGE_SNAPSHOT_FIRST_RUN_DAYS', 35, 1, 3660),
    },
  };
}

/** `FACILITY=ODS,FACILITY2=ODS2`: which hospital each HL7 sending facility (MSH-4) speaks for. */
function hl7Senders(env: Env, name: string): Record<string, string> {
  const raw = str(env, name);
  const out: Record<string, string> = {};
  if (!raw) return out;
  for (const pair of raw.split(',')) {
    const m = /^\s*([A-Za-z0-9._-]{1,64})\s*=\s*([A-Z0-9]{3,12})\s*$/.exec(pair);
    if (!m) throw new ConfigError(name, `must be FACILITY=ODS pairs separated by commas, got "${pair.trim()}"`);
    out[m[1]] = m[2];
  }
  return out;
}

function webhooksConfig(env: Env, nodeEnv: AppConfig['nodeEnv']): WebhooksConfig {
  const lenient = nodeEnv !== 'production';
  const timeoutMs = int(env, 'WEBHOOK_TIMEOUT_MS', 5000, 100, 60_000);
  const leaseSeconds = int(env, 'WEBHOOK_LEASE_SECONDS', 60, 1, 3600);
  if (leaseSeconds * 1000 <= timeoutMs) throw new ConfigError('WEBHOOK_LEASE_SECONDS', 'must be longer than WEBHOOK_TIMEOUT_MS');
  const retryBaseSeconds = int(env, 'WEBHOOK_RETRY_BASE_SECONDS', 30, 1, 3600);
  const retryMaxSeconds = int(env, 'WEBHOOK_RETRY_MAX_SECONDS', 3600, 1, 86_400);
  if (retryMaxSeconds < retryBaseSeconds) throw new ConfigError('WEBHOOK_RETRY_MAX_SECONDS', 'must not be shorter than WEBHOOK_RETRY_BASE_SECONDS');
  return {
    dispatchIntervalMs: int(env, 'WEBHOOK_DISPATCH_INTERVAL_MS', nodeEnv === 'test' ? 0 : 1000, 0, 3_600_000),
    batchSize: int(env, 'WEBHOOK_BATCH_SIZE', 20, 1, 1000),
    timeoutMs,
    leaseSeconds,
    retryBaseSeconds,
    retryMaxSeconds,
    retryForHours: int(env, 'WEBHOOK_RETRY_FOR_HOURS', 25, 24, 24 * 14),
    allowHttp: bool(env, 'WEBHOOK_ALLOW_HTTP', lenient),
    allowPrivateTargets: bool(env, 'WEBHOOK_ALLOW_PRIVATE_TARGETS', lenient),
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
