/**
 * Sends HL7 v2 messages to the service's MLLP listener with a real MLLP client (@medplum/hl7) and
 * prints each ACK (MSA, and ERR when there is one):
 *   npm run hl7:send -- docs/examples/a01.hl7 [more.hl7 ...] [--host 127.0.0.1] [--port 2575]
 * A file holds one message, one segment per line (LF or CR). Port default: HL7_MLLP_PORT, else 2575.
 */
import { readFileSync } from 'node:fs';
import { Hl7Message } from '@medplum/core';
import { Hl7Client } from '@medplum/hl7';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const files = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
  if (files.length === 0) throw new Error('usage: npm run hl7:send -- <file.hl7> [...] [--host h] [--port p]');
  const client = new Hl7Client({ host: arg('host') ?? '127.0.0.1', port: Number(arg('port') ?? process.env.HL7_MLLP_PORT ?? 2575) });
  let failed = false;
  try {
    for (const file of files) {
      const text = readFileSync(file, 'utf8').replace(/\r?\n/g, '\r').replace(/\r+$/, '');
      const ack = await client.sendAndWait(Hl7Message.parse(text));
      const msa = ack.getSegment('MSA');
      const err = ack.getSegment('ERR');
      const code = msa?.getField(1)?.toString() ?? '?';
      if (code !== 'AA') failed = true;
      process.stdout.write(`${file}: ${code} ${msa?.getField(2)?.toString() ?? ''}${err ? ` ${err.getField(5).toString()} ${err.getField(8).toString()}` : ''}\n`);
    }
  } finally {
    await client.close();
  }
  process.exit(failed ? 1 : 0);
}

main().catch((e: Error) => {
  process.stderr.write(`${e.message}\n`);
  process.exit(2);
});
