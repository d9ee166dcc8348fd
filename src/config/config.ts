/**
 * The only reader of process.env. Every variable is validated once at boot; a missing or malformed
 * variable stops the process with one line naming it (see ConfigError).
 */
export interface AppConfig {
  nodeEnv: 'development' | 'test' | 'production';
  host: string;
  port: number;
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
  rateLimit: { perMinute: number };
  dbPoolSize: number;
  referrals: ReferralsConfig;
  /** Step-up / step-down beds: global defaults (units may override target and window). */
  beds: BedsConfig;
  carePlans: CarePlansConfig;
  mdt: MdtConfig;
}

/** MDT meetings (docs/mdt.md). */
export interface MdtConfig {
  /** How far ahead a series generates its meetings, in months (default 6). */
  generateAheadMonths: number;
  /** Most meetings one series may generate in one go (guards a FREQ=DAILY typo). */
  maxMeetingsPerSeries: number;
}

/** The care plan review check (docs/care-plans.md). */
export interface CarePlansConfig {
  /** How often each instance looks for plans past their review date; 0 turns it off (the default under NODE_ENV=test). */
  reviewCheckIntervalSeconds: number;
  /** Overdue plans claimed per check (FOR UPDATE SKIP LOCKED). */
  reviewCheckBatchSize: number;
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
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Invalid configuration: ${variable} ${reason}`);
  }
}

/** Documented in the README; only ever used outside production, and a warning is logged. */
export const DEVELOPMENT_JWT_SECRET = 'development-only-secret-do-not-use-in-production';

type Env = Record<string, string | undefined>;

function str(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = str(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function decimal(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = str(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+(\.\d+)?$/.test(raw)) throw new ConfigError(name, `must be a number such as 0.6, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = str(env, name);
  if (raw === undefined) return fallback;
  if (/^(true|1|yes)$/i.test(raw)) return true;
  if (/^(false|0|no)$/i.test(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = str(env, name);
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = str(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'must be a URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}`);
  }
  return raw;
}

function bytes(env: Env, name: string, fallback: number): number {
  const raw = str(env, name);
  if (raw === undefined) return fallback;
  const m = /^(\d+)\s*(b|kb|mb)?$/i.exec(raw);
  if (!m) throw new ConfigError(name, `must be a size such as 512kb or 1mb, got "${raw}"`);
  const unit = (m[2] ?? 'b').toLowerCase();
  return Number(m[1]) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1);
}

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
    databaseUrl,
    dataDir: str(env, 'DATA_DIR') ?? '.data',
    embeddedPgPort: int(env, 'EMBEDDED_PG_PORT', 54329, 1, 65535),
    migrationsRun: bool(env, 'MIGRATIONS_RUN', true),
    seedOnFirstStart: bool(env, 'SEED_ON_FIRST_START', databaseUrl === undefined),
    seedPopulation: int(env, 'SEED_POPULATION', 3000, 0, 1_000_000),
    auth: {
      jwtSecret: jwtSecret ?? (usingDevSecret ? DEVELOPMENT_JWT_SECRET : undefined),
      jwksUri,
      issuer: str(env, 'AUTH_ISSUER'),
      audience: str(env, 'AUTH_AUDIENCE'),
      usingDevSecret,
    },
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    bodyLimitBytes: bytes(env, 'BODY_LIMIT', 1024 * 1024),
    rateLimit: { perMinute: int(env, 'RATE_LIMIT_PER_MINUTE', 1200, 1, 1_000_000) },
    dbPoolSize: int(env, 'DB_POOL_SIZE', 10, 1, 200),
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
    },
    carePlans: {
      reviewCheckIntervalSeconds: int(env, 'CARE_PLAN_REVIEW_CHECK_INTERVAL_SECONDS', nodeEnv === 'test' ? 0 : 300, 0, 86_400),
      reviewCheckBatchSize: int(env, 'CARE_PLAN_REVIEW_CHECK_BATCH_SIZE', 200, 1, 10_000),
    },
    mdt: {
      generateAheadMonths: int(env, 'MDT_GENERATE_AHEAD_MONTHS', 6, 1, 24),
      maxMeetingsPerSeries: int(env, 'MDT_MAX_MEETINGS_PER_SERIES', 120, 1, 1000),
    },
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
