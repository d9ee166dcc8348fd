import { Hl7Message } from '@medplum/core';
import { Hl7Client } from '@medplum/hl7';
import { MllpListener } from '../../src/modules/integrations/hl7/mllp-listener.service';
import type { TestApp } from '../support/app';

export const FACILITY = 'RHOSP1';

/** `2026-11-20T14:30:00Z` -> `20261120143000+0000` */
export function hl7Time(at: Date): string {
  return `${at.toISOString().replace(/[-:T]/g, '').slice(0, 14)}+0000`;
}

export interface AdtOptions {
  trigger: string;
  controlId: string;
  nhsNumber?: string;
  facility?: string;
  eventAt?: Date;
  /** PV1-2 */
  patientClass?: string;
  /** PV1-4 */
  admissionType?: string;
  ward?: string;
  bed?: string;
  admitAt?: Date;
  dischargeAt?: Date;
  /** PV1-36 */
  disposition?: string;
  /** PV2-9, YYYYMMDD */
  edd?: string;
  mergedNhsNumber?: string;
  name?: [string, string];
  dob?: string;
  messageType?: string;
}

/** An ADT message as a PAS would send it (ER7, segments separated by CR). */
export function adt(o: AdtOptions): string {
  const eventAt = o.eventAt ?? new Date(Date.now() - 3_600_000);
  const pv1 = new Array<string>(46).fill('');
  pv1[0] = 'PV1';
  pv1[1] = '1';
  pv1[2] = o.patientClass ?? 'I';
  pv1[3] = o.ward ? `${o.ward}^^${o.bed ?? ''}^${o.facility ?? FACILITY}` : '';
  pv1[4] = o.admissionType ?? '21';
  pv1[19] = `V${o.controlId}`;
  pv1[36] = o.disposition ?? '';
  pv1[44] = o.admitAt ? hl7Time(o.admitAt) : '';
  pv1[45] = o.dischargeAt ? hl7Time(o.dischargeAt) : '';
  const [family, given] = o.name ?? ['LOVELACE', 'ADA'];
  const segments = [
    `MSH|^~\\&|PAS|${o.facility ?? FACILITY}|SPOA|ZKCHT|${hl7Time(new Date())}||${o.messageType ?? 'ADT'}^${o.trigger}^ADT_${o.trigger}|${o.controlId}|P|2.4`,
    `EVN|${o.trigger}|${hl7Time(eventAt)}`,
    `PID|1||${o.nhsNumber ?? '9990000018'}^^^NHS^NH~H123456^^^${o.facility ?? FACILITY}^MR||${family}^${given}||${o.dob ?? '19401210'}|F|||1 Harbour Street^^Dover^^CT16 1AA`,
    pv1.join('|'),
  ];
  if (o.edd) segments.push(`PV2|||||||||${o.edd}`);
  if (o.mergedNhsNumber) segments.push(`MRG|${o.mergedNhsNumber}^^^NHS^NH`);
  return segments.join('\r');
}

/** Starts the service's MLLP listener on an ephemeral loopback port. */
export async function startListener(t: TestApp): Promise<number> {
  const listener = t.app.get(MllpListener);
  return listener.port() || listener.listen(0, '127.0.0.1');
}

export interface Ack {
  code: string;
  controlId: string;
  errCode: string | null;
  errText: string | null;
  errLocation: string | null;
}

export function readAck(ack: Hl7Message): Ack {
  const msa = ack.getSegment('MSA');
  const err = ack.getSegment('ERR');
  return {
    code: msa?.getField(1)?.toString() ?? '',
    controlId: msa?.getField(2)?.toString() ?? '',
    errCode: err ? err.getField(5).toString() : null,
    errText: err ? err.getField(8).toString() : null,
    errLocation: err ? err.getField(2).toString() : null,
  };
}

/** A real MLLP client (the library's Hl7Client) that sends one message and waits for its ACK. */
export async function send(port: number, text: string, client?: Hl7Client): Promise<Ack> {
  const c = client ?? new Hl7Client({ host: '127.0.0.1', port });
  try {
    // No timeoutMs: the library does not clear that timer when the ACK arrives (it would hold Jest
    // open); Jest's own test timeout bounds the wait instead.
    return readAck(await c.sendAndWait(Hl7Message.parse(text)));
  } finally {
    if (!client) await c.close();
  }
}
