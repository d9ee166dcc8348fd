/**
 * A small PDS (Personal Demographics Service) simulator for development and tests: a real HTTP
 * server speaking the PDS FHIR R4 API for the synthetic people in scripts/pds-fixture.json.
 *   GET {base}/Patient?family=&given=&birthdate=&gender=&address-postalcode=   -> searchset Bundle with match scores
 *   GET {base}/Patient/{nhsNumber}                                              -> Patient, or 404 OperationOutcome
 * Run it with `npm run pds` (PORT, default 4010; base path /FHIR/R4). The service never contains
 * a fake: it talks HTTP to whatever PDS_BASE_URL names, this server included. Tests start it
 * in-process and can make it slow or answer garbage (`setMode`), or stop it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface FixturePerson {
  nhsNumber: string;
  given: string[];
  family: string;
  gender: string;
  birthDate: string;
  address: { line: string[]; postalCode: string };
  gpPracticeOds: string;
  deceasedDateTime?: string;
}

export type SimulatorMode = { kind: 'ok' } | { kind: 'slow'; delayMs: number } | { kind: 'garbage' } | { kind: 'error' };

export interface PdsSimulator {
  /** The FHIR base URL, e.g. http://127.0.0.1:4010/FHIR/R4 (what PDS_BASE_URL names). */
  baseUrl: string;
  setMode(mode: SimulatorMode): void;
  /** Requests served so far (for tests that count retries). */
  requests(): number;
  close(): Promise<void>;
}

export const BASE_PATH = '/FHIR/R4';

export function defaultFixturePath(): string {
  const beside = join(__dirname, 'pds-fixture.json');
  return existsSync(beside) ? beside : join(__dirname, '../../scripts/pds-fixture.json');
}

export function loadFixture(path = defaultFixturePath()): FixturePerson[] {
  return (JSON.parse(readFileSync(path, 'utf8')) as { people: FixturePerson[] }).people;
}

const norm = (s: string | null | undefined) => (s ?? '').toLowerCase().replace(/\s+/g, '');

export function toFhirPatient(p: FixturePerson): Record<string, unknown> {
  return {
    resourceType: 'Patient',
    id: p.nhsNumber,
    identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: p.nhsNumber }],
    name: [{ use: 'official', family: p.family, given: p.given }],
    gender: p.gender,
    birthDate: p.birthDate,
    ...(p.deceasedDateTime ? { deceasedDateTime: p.deceasedDateTime } : {}),
    address: [{ use: 'home', line: p.address.line, postalCode: p.address.postalCode }],
    generalPractitioner: [{ type: 'Organization', identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: p.gpPracticeOds } }],
  };
}

/** PDS-like scoring: family name and date of birth must match; given name, postcode and gender lower the score when they differ. */
export function search(people: FixturePerson[], q: URLSearchParams): { person: FixturePerson; score: number }[] {
  const family = q.get('family');
  const birthdate = (q.get('birthdate') ?? '').replace(/^eq/, '');
  if (!family || !birthdate) return [];
  const given = q.get('given');
  const postcode = q.get('address-postalcode');
  const gender = q.get('gender');
  return people
    .filter((p) => norm(p.family) === norm(family) && p.birthDate === birthdate)
    .map((person) => {
      let score = 1;
      if (given && !person.given.some((g) => norm(g).startsWith(norm(given)) || norm(given).startsWith(norm(g)))) score -= 0.15;
      if (postcode && norm(postcode) !== norm(person.address.postalCode)) score -= 0.1;
      if (gender && gender !== person.gender) score -= 0.2;
      return { person, score: Math.round(score * 100) / 100 };
    })
    .sort((a, b) => b.score - a.score);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/fhir+json' });
  res.end(JSON.stringify(body));
}

function notFound(res: ServerResponse, diagnostics: string): void {
  send(res, 404, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found', diagnostics }] });
}

export async function startPdsSimulator(options: { port?: number; host?: string; people?: FixturePerson[] } = {}): Promise<PdsSimulator> {
  const people = options.people ?? loadFixture();
  let mode: SimulatorMode = { kind: 'ok' };
  let served = 0;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    served++;
    if (mode.kind === 'slow') await new Promise((r) => setTimeout(r, (mode as { delayMs: number }).delayMs));
    if (mode.kind === 'error') return send(res, 503, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient' }] });
    if (mode.kind === 'garbage') {
      res.writeHead(200, { 'content-type': 'application/fhir+json' });
      return res.end('{"resourceType":"Bundle","type":"searchset","entry":[{"resource":{"resourceType":"Patient","id":"not-a-number"');
    }
    const url = new URL(req.url ?? '/', 'http://pds.local');
    if (req.method !== 'GET' || !url.pathname.startsWith(`${BASE_PATH}/Patient`)) return notFound(res, 'Unknown resource');
    const rest = url.pathname.slice(`${BASE_PATH}/Patient`.length);
    if (rest === '' || rest === '/') {
      const matches = search(people, url.searchParams);
      return send(res, 200, {
        resourceType: 'Bundle',
        type: 'searchset',
        timestamp: new Date().toISOString(),
        total: matches.length,
        entry: matches.map((m) => ({ fullUrl: `${BASE_PATH}/Patient/${m.person.nhsNumber}`, search: { score: m.score }, resource: toFhirPatient(m.person) })),
      });
    }
    const person = people.find((p) => p.nhsNumber === rest.slice(1));
    return person ? send(res, 200, toFhirPatient(person)) : notFound(res, 'Patient not found');
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, { resourceType: 'OperationOutcome', issue: [{ severity: 'fatal', code: 'exception' }] }));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://${options.host ?? '127.0.0.1'}:${port}${BASE_PATH}`,
    setMode: (m) => {
      mode = m;
    },
    requests: () => served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (require.main === module) {
  const port = Number(process.env.PORT ?? 4010);
  startPdsSimulator({ port, host: process.env.HOST ?? '127.0.0.1' }).then((sim) => {
    process.stdout.write(`PDS simulator: ${sim.baseUrl} (${loadFixture().length} synthetic people)\n`);
  });
}
