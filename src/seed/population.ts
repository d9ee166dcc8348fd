import { prng } from '../common/prng';
import { testRangeNhsNumbers } from '../common/validation/nhs-number';
import { LOCALITIES, PRACTICES } from './south-kent-coast';

export interface SyntheticPatient {
  /** Null once the test range is used up: an untraced patient, as a county really has. */
  nhsNumber: string | null;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex: 'female' | 'male';
  address: { line1: string; town: string; postcode: string };
  gpPracticeOds: string;
  careHomeResident: boolean;
  livesAlone: boolean;
}

const GIVEN_F = ['Ada', 'Beryl', 'Carol', 'Doreen', 'Edith', 'Freya', 'Grace', 'Hannah', 'Irene', 'Joan', 'Kate', 'Lily', 'Maureen', 'Nora', 'Olive', 'Pat', 'Ruth', 'Sarah', 'Tess', 'Vera', 'Wendy', 'Zoe'];
const GIVEN_M = ['Alan', 'Bert', 'Colin', 'Derek', 'Eric', 'Frank', 'George', 'Harry', 'Ian', 'Jack', 'Keith', 'Leonard', 'Malcolm', 'Nigel', 'Owen', 'Peter', 'Ray', 'Stan', 'Tom', 'Vic', 'Walter'];
const FAMILY = ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Robinson', 'Wright', 'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Wood', 'Jackson', 'Clarke', 'Patel', 'Khan', 'Harris', 'Lewis', 'Martin', 'Cooper', 'King', 'Baker', 'Hill', 'Ward'];
const STREETS = ['High Street', 'London Road', 'Castle Street', 'Church Road', 'Marine Parade', 'Station Road', 'Park Avenue', 'The Street', 'Mill Lane', 'Folkestone Road'];
const TOWNS: Record<string, { town: string; postcode: string }[]> = {
  [LOCALITIES.doverDeal]: [
    { town: 'Dover', postcode: 'CT16' },
    { town: 'Dover', postcode: 'CT17' },
    { town: 'Deal', postcode: 'CT14' },
    { town: 'Sandwich', postcode: 'CT13' },
  ],
  [LOCALITIES.shepwayFolkestone]: [
    { town: 'Folkestone', postcode: 'CT19' },
    { town: 'Folkestone', postcode: 'CT20' },
    { town: 'Hythe', postcode: 'CT21' },
    { town: 'New Romney', postcode: 'TN28' },
  ],
};

/** Age bands shaped like South Kent Coast: about 21% aged 65+ (001:50). */
const AGE_BANDS: [number, number, number][] = [
  [0.2, 0, 17],
  [0.59, 18, 64],
  [0.14, 65, 79],
  [0.07, 80, 100],
];

function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)];
}

/** Numbers start at 999 100 000x so examples and tests can use 999 000 xxxx without meeting demo patients. */
export const POPULATION_FIRST_PREFIX = 999_100_000;

/**
 * Every valid number of the test range (999 000 0000 - 999 999 9999: about 909,000) once: from
 * 999 100 000x up first, then the 999 0xx xxxx block that examples and tests use, last (only a
 * county-sized population reaches it).
 */
export function* populationNumbers(): Generator<string> {
  yield* testRangeNhsNumbers(POPULATION_FIRST_PREFIX);
  yield* testRangeNhsNumbers(999_000_000, POPULATION_FIRST_PREFIX - 1);
}

/**
 * `count` synthetic registered patients, deterministic per seed. NHS numbers come from the test
 * range only and are never invalid or out of range: once the range is used up, the rest are
 * untraced patients (no NHS number yet), which a county's population really holds too.
 */
export function* syntheticPopulation(count: number, seed = 20261123, today = new Date('2026-11-23T00:00:00Z')): Generator<SyntheticPatient> {
  const r = prng(seed);
  const numbers = populationNumbers();
  for (let i = 0; i < count; i++) {
    const nhsNumber = numbers.next().value ?? null;
    const sex = r() < 0.51 ? 'female' : 'male';
    let u = r();
    let band = AGE_BANDS[AGE_BANDS.length - 1];
    for (const b of AGE_BANDS) {
      if (u < b[0]) {
        band = b;
        break;
      }
      u -= b[0];
    }
    const age = band[1] + Math.floor(r() * (band[2] - band[1] + 1));
    const dob = new Date(today.getTime() - (age * 365.25 + r() * 364) * 86_400_000);
    const practice = PRACTICES[i % PRACTICES.length];
    const place = pick(r, TOWNS[practice.locality as string]);
    yield {
      nhsNumber,
      givenName: pick(r, sex === 'female' ? GIVEN_F : GIVEN_M),
      familyName: pick(r, FAMILY),
      dateOfBirth: dob.toISOString().slice(0, 10),
      sex,
      address: {
        line1: `${1 + Math.floor(r() * 200)} ${pick(r, STREETS)}`,
        town: place.town,
        postcode: `${place.postcode} ${1 + Math.floor(r() * 9)}${String.fromCharCode(65 + Math.floor(r() * 26))}${String.fromCharCode(65 + Math.floor(r() * 26))}`,
      },
      gpPracticeOds: practice.odsCode,
      careHomeResident: age >= 80 && r() < 0.12,
      livesAlone: age >= 65 && r() < 0.3,
    };
  }
}
