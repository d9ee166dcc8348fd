import { PeriodicJob } from './periodic-job';

class CountingJob extends PeriodicJob {
  runs = 0;
  release?: () => void;
  constructor(seconds: number) {
    super('counting', seconds * 1000);
  }
  protected runOnce() {
    this.runs++;
    return new Promise<object>((resolve) => {
      this.release = () => resolve({ runs: this.runs });
    });
  }
}

describe('PeriodicJob', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs on its interval, never overlapping itself, and stops on destroy', async () => {
    const job = new CountingJob(10);
    job.onApplicationBootstrap();
    jest.advanceTimersByTime(10_000);
    expect(job.runs).toBe(1);
    jest.advanceTimersByTime(30_000); // the first run has not finished: no overlap
    expect(job.runs).toBe(1);
    job.release?.();
    await Promise.resolve();
    await Promise.resolve();
    jest.advanceTimersByTime(10_000);
    expect(job.runs).toBe(2);
    job.release?.();
    await Promise.resolve();
    await Promise.resolve();
    jest.advanceTimersByTime(10_000);
    expect(job.runs).toBe(3);
    const stopping = job.onModuleDestroy();
    jest.advanceTimersByTime(10_000); // nothing new starts once stopping
    expect(job.runs).toBe(3);
    job.release?.();
    await stopping; // waits for the pass in flight
    jest.advanceTimersByTime(60_000);
    expect(job.runs).toBe(3);
  });

  it('does not schedule anything when the interval is 0', () => {
    const job = new CountingJob(0);
    job.onApplicationBootstrap();
    jest.advanceTimersByTime(3_600_000);
    expect(job.runs).toBe(0);
  });
});
