import { ConfigError, DEVELOPMENT_JWT_SECRET, loadConfig } from './config';

describe('loadConfig', () => {
  it('uses documented defaults for an empty environment', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.dataDir).toBe('.data');
    expect(c.databaseUrl).toBeUndefined();
    expect(c.seedOnFirstStart).toBe(true);
    expect(c.auth.usingDevSecret).toBe(true);
    expect(c.auth.jwtSecret).toBe(DEVELOPMENT_JWT_SECRET);
  });

  it('has the bed policy defaults of the domain brief, each overridable', () => {
    expect(loadConfig({}).beds).toEqual({
      stepDownTarget: 0.6,
      windowDays: 28,
      overdueHours: 48,
      controlLimitSigma: 3,
      mixMinAdmissions: 10,
      restrictCommunityHospitals: true,
      sweepIntervalSeconds: 60,
      stepUpExpiryHours: 24,
      mixBasis: 'admissions',
    });
    const c = loadConfig({
      BEDS_STEP_DOWN_TARGET: '0.55',
      BEDS_WINDOW_DAYS: '42',
      BEDS_OVERDUE_HOURS: '36',
      BEDS_SWEEP_INTERVAL_SECONDS: '0',
      BEDS_STEP_UP_EXPIRY_HOURS: '12',
      BEDS_MIX_BASIS: 'bed_days',
    });
    expect(c.beds).toMatchObject({ stepDownTarget: 0.55, windowDays: 42, overdueHours: 36, sweepIntervalSeconds: 0, stepUpExpiryHours: 12, mixBasis: 'bed_days' });
  });

  it('does not seed by default when an external database is configured', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/x' }).seedOnFirstStart).toBe(false);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ MIGRATIONS_RUN: 'maybe' }, 'MIGRATIONS_RUN'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ AUTH_JWT_SECRET: 'short' }, 'AUTH_JWT_SECRET'],
    [{ BODY_LIMIT: 'lots' }, 'BODY_LIMIT'],
    [{ NODE_ENV: 'production' }, 'AUTH_JWT_SECRET'],
    [{ BEDS_STEP_DOWN_TARGET: '60%' }, 'BEDS_STEP_DOWN_TARGET'],
    [{ BEDS_STEP_DOWN_TARGET: '1.5' }, 'BEDS_STEP_DOWN_TARGET'],
    [{ BEDS_WINDOW_DAYS: '0' }, 'BEDS_WINDOW_DAYS'],
    [{ BEDS_STEP_UP_EXPIRY_HOURS: '0' }, 'BEDS_STEP_UP_EXPIRY_HOURS'],
    [{ BEDS_MIX_BASIS: 'beds' }, 'BEDS_MIX_BASIS'],
    [{ BEDS_RESTRICT_COMMUNITY_HOSPITALS: 'sometimes' }, 'BEDS_RESTRICT_COMMUNITY_HOSPITALS'],
  ])('rejects %j naming %s in one line', (env, variable) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).not.toContain('\n');
  });

  it('starts in production with a JWKS URI and never uses the development secret there', () => {
    const c = loadConfig({ NODE_ENV: 'production', AUTH_JWKS_URI: 'https://idp.example/jwks' });
    expect(c.auth.usingDevSecret).toBe(false);
    expect(c.auth.jwtSecret).toBeUndefined();
  });

  it('has documented referral response targets and a breach check that is off under test', () => {
    const c = loadConfig({});
    expect(c.referrals.responseTargetMinutes).toEqual({ crisis: 120, urgent: 1440, routine: 10080 });
    expect(c.referrals.breachCheckIntervalSeconds).toBe(60);
    expect(c.referrals.traceTaskDueHours).toBe(24);
    expect(loadConfig({ NODE_ENV: 'test' }).referrals.breachCheckIntervalSeconds).toBe(0);
    expect(loadConfig({ REFERRAL_TARGET_CRISIS_MINUTES: '240' }).referrals.responseTargetMinutes.crisis).toBe(240);
  });

  it('has admission defaults, a webhook dispatcher that is off under test and strict webhook targets in production', () => {
    const c = loadConfig({});
    expect(c.admissions).toEqual({ readmissionWindowDays: 30, followUpDueDays: 7 });
    expect(c.webhooks).toMatchObject({ dispatchIntervalMs: 1000, retryForHours: 25, allowHttp: true, allowPrivateTargets: true });
    expect(loadConfig({ NODE_ENV: 'test' }).webhooks.dispatchIntervalMs).toBe(0);
    const prod = loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(32) }).webhooks;
    expect(prod).toMatchObject({ allowHttp: false, allowPrivateTargets: false });
    expect(() => loadConfig({ WEBHOOK_RETRY_FOR_HOURS: '12' })).toThrow('WEBHOOK_RETRY_FOR_HOURS');
    expect(() => loadConfig({ WEBHOOK_LEASE_SECONDS: '5', WEBHOOK_TIMEOUT_MS: '10000' })).toThrow('WEBHOOK_LEASE_SECONDS');
  });

  it.each([
    [{ REFERRAL_TARGET_CRISIS_MINUTES: 'two hours' }, 'REFERRAL_TARGET_CRISIS_MINUTES'],
    [{ REFERRAL_TARGET_CRISIS_MINUTES: '0' }, 'REFERRAL_TARGET_CRISIS_MINUTES'],
    [{ REFERRAL_TARGET_URGENT_MINUTES: '60' }, 'REFERRAL_TARGET_URGENT_MINUTES'],
    [{ REFERRAL_TARGET_ROUTINE_MINUTES: '1000' }, 'REFERRAL_TARGET_ROUTINE_MINUTES'],
    [{ BREACH_CHECK_INTERVAL_SECONDS: '-1' }, 'BREACH_CHECK_INTERVAL_SECONDS'],
    [{ TRACE_TASK_DUE_HOURS: '0' }, 'TRACE_TASK_DUE_HOURS'],
  ])('rejects referral settings %j naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(expect.objectContaining({ variable }));
  });

  it('runs the care plan review check every 5 minutes, never under NODE_ENV=test unless set', () => {
    expect(loadConfig({}).carePlans.reviewCheckIntervalSeconds).toBe(300);
    expect(loadConfig({ NODE_ENV: 'test' }).carePlans.reviewCheckIntervalSeconds).toBe(0);
    expect(loadConfig({ NODE_ENV: 'test', CARE_PLAN_REVIEW_CHECK_INTERVAL_SECONDS: '30' }).carePlans.reviewCheckIntervalSeconds).toBe(30);
    expect(() => loadConfig({ CARE_PLAN_REVIEW_CHECK_INTERVAL_SECONDS: 'often' })).toThrow(
      expect.objectContaining({ variable: 'CARE_PLAN_REVIEW_CHECK_INTERVAL_SECONDS' }),
    );
  });

  it('parses body limits with units', () => {
    expect(loadConfig({ BODY_LIMIT: '512kb' }).bodyLimitBytes).toBe(512 * 1024);
  });
});
