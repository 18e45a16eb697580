/**
 * Main thread of openPostgres() (Node and browsers): the core's `COPY "table" ("a", "b") FROM STDIN (FORMAT csv)` for drivers
 * without COPY (node-postgres without pg-copy-streams; PGlite, whose COPY FROM STDIN is unreliable). The CSV the core
 * writes (numbers bare, text always quoted, NULL an empty unquoted field) is split into one text array per column and
 * loaded by one `INSERT ... SELECT FROM unnest($1::text[], ...)`, each value cast to its column's type by the type's
 * own input function, as COPY does: a value the column rejects fails the whole batch, and the core then rewrites it
 * row by row to name the bad rows.
 */

/** The table and columns of a COPY statement the core rendered, or undefined for any other text. */
export function parseCopy(sql: string): { table: string; columns: string[] } | undefined {
  const m = /^COPY "([^"]+)" \(("[^"]+"(?:, "[^"]+")*)\) FROM STDIN \(FORMAT csv\)$/.exec(sql.trim());
  if (m === null) return undefined;
  return { table: m[1] as string, columns: (m[2] as string).slice(1, -1).split('", "') };
}

/**
 * `csv` (the core's COPY data) as one array per column of `width` columns; null for NULL.
 * @throws {Error} for data the core does not write (an unterminated quote, a row of another width)
 */
export function csvColumns(csv: string, width: number): (string | null)[][] {
  const columns: (string | null)[][] = Array.from({ length: width }, () => []);
  let column = 0;
  let at = 0;
  while (at < csv.length) {
    let value: string | null;
    if (csv[at] === '"') {
      let text = '';
      ++at;
      for (;;) {
        const quote = csv.indexOf('"', at);
        if (quote < 0) throw new Error('unterminated quoted field in COPY data');
        text += csv.slice(at, quote);
        at = quote + 1;
        if (csv[at] !== '"') break;
        text += '"';
        ++at;
      }
      value = text;
    } else {
      let end = at;
      while (end < csv.length && csv[end] !== ',' && csv[end] !== '\n') ++end;
      value = end === at ? null : csv.slice(at, end);
      at = end;
    }
    if (column >= width) throw new Error('a COPY row has more fields than columns');
    (columns[column] as (string | null)[]).push(value);
    const separator = csv[at++];
    if (separator === ',') {
      ++column;
    } else {
      if (column !== width - 1) throw new Error('a COPY row has fewer fields than columns');
      column = 0;
    }
  }
  return columns;
}

/** A double-quoted SQL identifier. */
const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** The statement that reads the declared type of each column of a table (format_type: domains by name). */
export const COLUMN_TYPES_SQL =
  'SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a ' +
  'WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped';

/** The INSERT that loads one text array per column of `columns` into `table`, cast to `types` (by column name). */
export function unnestInsert(table: string, columns: string[], types: Map<string, string>): string {
  const casts = columns.map((c, i) => `u.c${i}::${types.get(c) ?? 'text'}`);
  const arrays = columns.map((_, i) => `$${i + 1}::text[]`);
  const names = columns.map((_, i) => `c${i}`);
  return `INSERT INTO ${ident(table)} (${columns.map(ident).join(', ')}) SELECT ${casts.join(', ')} FROM unnest(${arrays.join(', ')}) AS u(${names.join(', ')})`;
}
