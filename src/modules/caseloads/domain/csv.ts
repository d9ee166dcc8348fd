/**
 * A small RFC 4180 reader: comma-separated, fields optionally in double quotes (a quote inside
 * written twice), CRLF or LF line ends, quoted fields may span lines. Yields one record at a time
 * with the line it started on, so a 50,000-row import is processed in batches without building
 * every row first. A quote problem is reported on its record (the rest of the file still reads).
 */
export interface CsvRecord {
  /** 1-based line number where the record starts. */
  line: number;
  fields: string[];
  /** Set when the record is malformed (e.g. an unterminated quote or text after a closing quote). */
  error?: string;
}

export function* readCsv(text: string): Generator<CsvRecord> {
  let i = 0;
  let line = 1;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // byte order mark
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let error: string | undefined;
    let field = '';
    for (;;) {
      if (text[i] === '"') {
        i++;
        let closed = false;
        while (i < n) {
          const c = text[i];
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (c === '\n') line++;
          field += c;
          i++;
        }
        if (!closed) error ??= 'unterminated quoted field';
        if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          error ??= 'text after a closing quote';
          while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') i++;
        }
      } else {
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          if (text[i] === '"') error ??= 'a quote inside an unquoted field';
          field += text[i];
          i++;
        }
      }
      fields.push(field);
      field = '';
      if (i < n && text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
    // Blank lines (a single empty field) are skipped.
    if (fields.length === 1 && fields[0] === '' && !error) continue;
    yield error ? { line: start, fields, error } : { line: start, fields };
  }
}
