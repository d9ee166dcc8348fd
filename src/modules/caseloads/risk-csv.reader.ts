import { createHash } from 'node:crypto';
import { type Readable, Transform, type TransformCallback, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createInflate } from 'node:zlib';
import { CsvError, parse } from 'csv-parse';
import { PayloadTooLarge, UnsupportedMediaType, ValidationFailed } from '../../common/errors/domain-error';
import { RejectionList, checkRow, csvRecord, headerProblem, isRejection, recordStartLine, stagedLine } from './domain/import-rows';

/** A text/csv request body as it arrives: the stream, and the headers that say how to read it. */
export interface CsvUpload {
  body: Readable;
  contentType: string | undefined;
  contentEncoding: string | undefined;
}

export interface CsvRead {
  /** sha256 over `csv\n` and the decoded text: the idempotency key's content hash. */
  contentHash: string;
  /** Rows checked good and written to the staging stream. */
  staged: number;
  rejected: RejectionList;
}

/** Longest record (one row) the reader holds: an unterminated quote stops here, not at the end of a 40 MB file. */
export const MAX_RECORD_BYTES = 64 * 1024;

const unreadable = (message: string) => new ValidationFailed(`The CSV cannot be read: ${message}`, [{ field: 'body', message }]);

/** Counts bytes and fails with 413 past the limit (applied to the decompressed text, so a small gzip cannot expand without bound). */
class ByteLimit extends Transform {
  private seen = 0;
  constructor(private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) {
      done(new PayloadTooLarge(`The CSV is larger than ${this.limit} bytes (RISK_IMPORT_LIMIT)`));
      return;
    }
    done(null, chunk);
  }
}

/**
 * Bytes to text in the declared charset (UTF-8 unless said), refusing what the database could not
 * store or what was not meant: bytes that are not valid in the charset (a Windows-1252 file sent as
 * UTF-8, an encoded lone surrogate) and NUL characters. Hashes the text as it passes.
 */
class Decode extends Transform {
  private readonly decoder: TextDecoder;
  readonly hash = createHash('sha256').update('csv').update('\n');
  constructor(charset: string) {
    super({ readableObjectMode: false, decodeStrings: true });
    this.decoder = new TextDecoder(charset, { fatal: true });
  }
  private send(text: string, done: TransformCallback): void {
    if (text.includes('\u0000')) {
      done(unreadable('must not contain NUL characters'));
      return;
    }
    this.hash.update(text);
    done(null, text);
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: true });
    } catch {
      done(unreadable(`is not valid ${this.decoder.encoding} text`));
      return;
    }
    this.send(text, done);
  }
  override _flush(done: TransformCallback): void {
    let text: string;
    try {
      text = this.decoder.decode();
    } catch {
      done(unreadable(`is not valid ${this.decoder.encoding} text (it ends inside a character)`));
      return;
    }
    this.send(text, done);
  }
}

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

/** Records to staging lines: the header is checked, then each row (bad ones are kept as rejections, good ones go on). */
class CheckRows extends Transform {
  private header: string[] | null = null;
  /** Staging lines are sent in chunks of about 64 KB (one COPY message each), not one per row. */
  private pending = '';
  staged = 0;
  readonly rejected = new RejectionList();
  constructor() {
    super({ writableObjectMode: true, readableObjectMode: false, writableHighWaterMark: 256 });
  }
  override _transform({ record, info }: ParsedRecord, _enc: BufferEncoding, done: TransformCallback): void {
    if (!this.header) {
      const header = record.map((h) => h.trim());
      const problem = headerProblem(header);
      if (problem) {
        done(new ValidationFailed('The CSV header must name the NHS number and score columns once each', [{ field: 'body', message: problem }]));
        return;
      }
      this.header = header;
      done();
      return;
    }
    const line = recordStartLine(info.lines, record);
    const raw = csvRecord(this.header, line, record);
    const checked = 'code' in raw ? raw : checkRow(raw.row, raw.input, true);
    if (isRejection(checked)) {
      this.rejected.add(checked);
      done();
      return;
    }
    this.staged++;
    this.pending += stagedLine(checked);
    if (this.pending.length < 65_536) {
      done();
      return;
    }
    const chunk = this.pending;
    this.pending = '';
    done(null, chunk);
  }
  override _flush(done: TransformCallback): void {
    if (!this.header) {
      done(new ValidationFailed('The CSV needs a header row', [{ field: 'body', message: 'has no readable header row' }]));
      return;
    }
    if (this.pending) this.push(this.pending);
    done();
  }
}

function charsetOf(contentType: string | undefined): string {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return m ? m[1] : 'utf-8';
}

function decompressor(encoding: string | undefined): Transform | null {
  const e = (encoding ?? 'identity').trim().toLowerCase();
  if (e === 'identity' || e === '') return null;
  if (e === 'gzip' || e === 'x-gzip') return createGunzip();
  if (e === 'deflate') return createInflate();
  throw new UnsupportedMediaType(`Content-Encoding ${e.slice(0, 20)} is not supported (gzip, deflate or none)`);
}

/**
 * Streams a risk CSV from the request into `sink` (PostgreSQL COPY text lines), holding one record at
 * a time: bytes are counted against `limitBytes`, decompressed, decoded, hashed, parsed with
 * csv-parse and checked row by row. A structural problem (no usable header, a quote left open or
 * misplaced, a record over MAX_RECORD_BYTES, bad bytes, NUL) fails the whole read with a 4xx domain
 * error; a bad row is a rejection and the read goes on. On failure the sink is destroyed (COPY
 * fails, so the transaction rolls back) and the rest of the body is drained so the client can read
 * the answer.
 */
export async function readRiskCsv(upload: CsvUpload, limitBytes: number, openSink: () => Writable): Promise<CsvRead> {
  let decode: Decode;
  try {
    decode = new Decode(charsetOf(upload.contentType));
  } catch {
    throw new UnsupportedMediaType(`The charset ${charsetOf(upload.contentType).slice(0, 30)} is not supported`);
  }
  const inflate = decompressor(upload.contentEncoding);
  const limit = new ByteLimit(limitBytes);
  const parser = parse({ info: true, relax_column_count: true, skip_empty_lines: true, bom: true, max_record_size: MAX_RECORD_BYTES });
  const check = new CheckRows();
  const first: Transform = inflate ?? limit;
  // The sink (COPY) opens only once the headers are known to be readable: an open COPY must be ended or failed.
  const sink = openSink();
  upload.body.pipe(first);
  // The request is not part of the pipeline: destroying it on an error would close the socket before the 4xx answer.
  const stages = inflate ? [inflate, limit, decode, parser, check, sink] : [limit, decode, parser, check, sink];
  try {
    await (pipeline as (...streams: (Readable | Writable)[]) => Promise<void>)(...stages);
  } catch (e) {
    upload.body.unpipe(first);
    upload.body.resume();
    if (e instanceof CsvError) {
      const line = (e as CsvError & { lines?: number }).lines;
      throw unreadable(`${describe(e.code)}${line ? ` at line ${line}` : ''}`);
    }
    if (e instanceof Error && 'code' in e && typeof e.code === 'string' && e.code.startsWith('Z_')) throw unreadable('is not valid compressed data');
    throw e;
  }
  return { contentHash: decode.hash.digest('hex'), staged: check.staged, rejected: check.rejected };
}

function describe(code: string): string {
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is not closed';
    case 'CSV_MAX_RECORD_SIZE':
      return `a record is longer than ${MAX_RECORD_BYTES} bytes (a quote left open?)`;
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'text follows a closing quote';
    case 'INVALID_OPENING_QUOTE':
      return 'a quote inside an unquoted field';
    default:
      return 'it is not well-formed CSV';
  }
}
