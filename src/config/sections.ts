// Config sections added with the hospital feeds, discharge workspace, identity and hardening work:
// shapes only; loadConfig (config.ts) reads and validates them.

/** Hospital feeds (HL7 v2 over MLLP, FHIR Encounter) and the A&E in-reach clock (docs/integrations.md). */
export interface IntegrationsConfig {
  /** MLLP listener port; undefined = no listener. */
  mllpPort?: number;
  mllpHost: string;
  /** Sending facility (MSH-4) -> hospital ODS code, beyond facilities that are a hospital's own ODS code. */
  senders: Record<string, string>;
  /** A&E in-reach response target for known patients (2 h default, up to 4 h). */
  inReachTargetMinutes: number;
  inReachCheckIntervalSeconds: number;
}

/** The midnight delayed-patient snapshot (docs/discharge.md). */
export interface DischargeConfig {
  /** How often each instance checks for a day whose snapshot is due; 0 turns it off (the default under NODE_ENV=test). */
  snapshotIntervalSeconds: number;
  /** On the very first run, how many past days to snapshot (later runs catch up every missed day). */
  snapshotFirstRunDays: number;
}

/** NHS number tracing against PDS (docs/identity.md). */
export interface IdentityConfig {
  /** The PDS FHIR R4 base URL (PDS_BASE_URL). Default outside production: the simulator (`npm run pds`). Unset: no tracing. */
  pdsBaseUrl?: string;
  /** One HTTP call to PDS may take this long. */
  pdsTimeoutMs: number;
  /** Attempts per trace call (1 = no retry). */
  pdsAttempts: number;
  /** The circuit opens after this many consecutive failures, and tries again after pdsBreakerResetSeconds. */
  pdsBreakerFailures: number;
  pdsBreakerResetSeconds: number;
  /** A single candidate at or above this match score (0..1) is attached automatically. */
  traceMatchThreshold: number;
  /** How often each instance traces untraced patients; 0 turns it off (the default under NODE_ENV=test). */
  traceIntervalSeconds: number;
  traceBatchSize: number;
  /** After PDS could not answer, the trace is retried this many minutes later. */
  traceRetryMinutes: number;
  /** Re-check a living patient's date of death and registered practice against PDS this often (0 = never). */
  pdsRecheckDays: number;
}

/** Requests per minute per user (token `sub`), or per client address without one (docs/security.md). */
export interface RateLimitConfig {
  /** Per bucket, shared by every instance through PostgreSQL (a sliding one-minute window). */
  perMinute: number;
  /** How often each instance deletes finished windows; 0 = off (the default under NODE_ENV=test). */
  sweepIntervalSeconds: number;
  /** Reverse proxies in front of the service whose X-Forwarded-For is believed (0: the socket address). */
  trustProxyHops: number;
}

/** Hardening knobs (docs/security.md). */
export interface SecurityConfig {
  /** One break_glass alert per user and patient within this window (minutes). */
  breakGlassAlertWindowMinutes: number;
  /** Tokens whose exp is further ahead than this (hours) are refused; iat in the future beyond the skew too. */
  tokenMaxLifetimeHours: number;
  tokenClockSkewSeconds: number;
  /** Swagger UI and /docs-json (default: on outside production, off in production). */
  docsEnabled: boolean;
}

/** MDT meetings (docs/mdt.md). */
export interface MdtConfig {
  /** How far ahead a series generates its meetings, in months (default 6). */
  generateAheadMonths: number;
  /** Most meetings one series may generate in one go (guards a FREQ=DAILY typo). */
  maxMeetingsPerSeries: number;
}
