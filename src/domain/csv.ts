/**
 * A small RFC 4180 CSV reader: quoted fields with "" escapes and embedded newlines, CRLF or LF line
 * ends, a comma or semicolon separator (detected from the header). Rows are yielded one at a time.
 */
export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`${message} (line ${line})`);
    this.name = 'CsvError';
  }
}

export function detectSeparator(headerLine: string): ',' | ';' {
  const commas = headerLine.split(',').length;
  const semicolons = headerLine.split(';').length;
  return semicolons > commas ? ';' : ',';
}

/** Yields each record with the line it starts on; blank lines are skipped. */
export function* readCsv(text: string, separator?: ',' | ';'): Generator<{ line: number; fields: string[] }> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const sep = separator ?? detectSeparator(body.slice(0, body.search(/\r?\n|$/)));
  let i = 0;
  let line = 1;
  const n = body.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let atFieldStart = true;
    for (;;) {
      if (i >= n) {
        if (quoted) throw new CsvError('unterminated quoted field', start);
        fields.push(field);
        break;
      }
      const ch = body[i]!;
      if (quoted) {
        if (ch === '"') {
          if (body[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            quoted = false;
            i++;
          }
        } else {
          if (ch === '\n') line++;
          field += ch;
          i++;
        }
        continue;
      }
      if (ch === '"' && atFieldStart) {
        quoted = true;
        atFieldStart = false;
        i++;
      } else if (ch === sep) {
        fields.push(field);
        field = '';
        atFieldStart = true;
        i++;
      } else if (ch === '\n' || ch === '\r') {
        fields.push(field);
        i += ch === '\r' && body[i + 1] === '\n' ? 2 : 1;
        line++;
        break;
      } else {
        field += ch;
        atFieldStart = false;
        i++;
      }
    }
    if (fields.length === 1 && fields[0]!.trim() === '') continue;
    yield { line: start, fields };
  }
}
