import { simulate } from '../src/modules/beds/domain/simulation';
import type { Direction } from '../src/modules/beds/domain/types';

/**
 * The policy simulated (pure, deterministic, no database): one unit of 10 beds over a year, the
 * step-down share over each trailing 28-day window after the first 28 days, the decisions that went
 * against the mix because of clinical priority, and mean waits. Prints a markdown table for
 * docs/bed-allocation.md. Run with `npm run sim:beds`.
 */

const scenarios: { load: string; arrivals: Record<Direction, number>; backlog: Record<Direction, number>; urgent: Record<Direction, number> }[] = [];
for (const [load, arrivals, backlog] of [
  ['overload (4/day, 75:25)', { step_down: 3, step_up: 1 }, { step_down: 6, step_up: 2 }],
  ['near capacity (1.6/day, 75:25)', { step_down: 1.2, step_up: 0.4 }, { step_down: 0, step_up: 0 }],
] as const) {
  for (const urgent of [
    { step_up: 0, step_down: 0 },
    { step_up: 0.3, step_down: 0 },
    { step_up: 0.3, step_down: 0.1 },
    { step_up: 0.5, step_down: 0.1 },
  ]) {
    scenarios.push({ load, arrivals, backlog, urgent });
  }
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
const f = (n: number, d = 1) => (Number.isNaN(n) ? '–' : n.toFixed(d));

console.log('| load | urgent step-up / step-down | 28-day share: mean (min–max) | admissions | against the mix for priority | mean wait h: urgent up / routine up / urgent down / routine down | idle bed-h while waiting |');
console.log('|---|---|---|---|---|---|---|');
for (const s of scenarios) {
  const r = simulate({ beds: 10, days: 365, arrivals: s.arrivals, backlog: s.backlog, seed: 7, urgentShare: s.urgent });
  const shares = r.dailyShare.filter(([day]) => day >= 28).map(([, x]) => x).filter((x): x is number => x !== null);
  const wait = (dir: Direction, p: 'urgent' | 'routine') => mean(r.decisions.filter((d) => d.direction === dir && d.priority === p).map((d) => d.waitedHours));
  const against = r.decisions.filter((d) => d.againstMixForPriority).length;
  console.log(
    `| ${s.load} | ${s.urgent.step_up * 100}% / ${s.urgent.step_down * 100}% | ${f(mean(shares), 3)} (${f(Math.min(...shares), 3)}–${f(Math.max(...shares), 3)}) | ${r.admissions} | ${against} (${f((100 * against) / r.admissions)}%) | ${f(wait('step_up', 'urgent'))} / ${f(wait('step_up', 'routine'))} / ${f(wait('step_down', 'urgent'))} / ${f(wait('step_down', 'routine'))} | ${f(r.idleBedHoursWhileWaiting)} |`,
  );
}
