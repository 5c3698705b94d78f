/**
 * Streaming CSV tokenizer (RFC 4180 plus the usual leniencies). Text is pushed chunk by chunk
 * and whole records come out, so a file never has to be in memory at once; a chunk may end
 * anywhere: mid-field, mid-quoted-field, between the CR and LF of a CRLF, and (for byte
 * sources, through `TextDecoder`'s streaming mode) in the middle of a UTF-8 character.
 *
 * Rules: fields are separated by `delimiter`; a field that starts with `"` is quoted and may
 * hold delimiters, CR/LF and `""` (an escaped quote); records end at LF, CRLF or a lone CR;
 * blank lines are skipped (they produce no record and do not count as data rows); a leading
 * byte-order mark is dropped. Leniencies: text after a closing quote is appended to the field,
 * and a quote left open at end of input closes there (`unterminatedQuote` is set).
 *
 * Limits (`CsvLimits`): a field longer than `maxFieldChars` or a record of more than `maxFields`
 * fields throws a `CsvLimitError` as soon as it is seen (a field at most one chunk past the
 * limit), so a file without newlines or a header of a million columns is never held whole.
 */

const QUOTE = 34;
const CR = 13;
const LF = 10;

const START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_IN_QUOTED = 3;

export type ByteOrTextChunk = Uint8Array | string;
export type CsvSource = AsyncIterable<ByteOrTextChunk> | Iterable<ByteOrTextChunk>;

export interface CsvLimits {
  maxFieldChars?: number;
  maxFields?: number;
}

/** A field or record over its limit: `kind` says which, `limit` what it was. */
export class CsvLimitError extends Error {
  constructor(
    readonly kind: "field" | "fields",
    readonly limit: number,
  ) {
    super(kind === "field" ? `a field longer than ${limit.toLocaleString("en-US")} characters` : `a record of more than ${limit.toLocaleString("en-US")} fields`);
    this.name = "CsvLimitError";
  }
}

export class CsvTokenizer {
  private state = START;
  private field = "";
  private record: string[] = [];
  private afterCR = false;
  private first = true;
  private readonly delim: number;
  private readonly maxFieldChars: number;
  private readonly maxFields: number;
  /** True when the input ended inside a quoted field. */
  unterminatedQuote = false;

  constructor(
    private readonly onRecord: (fields: string[]) => void,
    delimiter = ",",
    limits: CsvLimits = {},
  ) {
    if (delimiter.length !== 1) throw new Error("CSV delimiter must be one character");
    this.delim = delimiter.charCodeAt(0);
    this.maxFieldChars = limits.maxFieldChars ?? Infinity;
    this.maxFields = limits.maxFields ?? Infinity;
  }

  private pushField(field: string): void {
    if (field.length > this.maxFieldChars) throw new CsvLimitError("field", this.maxFieldChars);
    if (this.record.length >= this.maxFields) throw new CsvLimitError("fields", this.maxFields);
    this.record.push(field);
  }

  push(chunk: string): void {
    const n = chunk.length;
    let i = 0;
    if (this.first && n > 0) {
      this.first = false;
      if (chunk.charCodeAt(0) === 0xfeff) i = 1;
    }
    if (this.afterCR && i < n) {
      this.afterCR = false;
      if (chunk.charCodeAt(i) === LF) i++;
    }
    const delim = this.delim;
    let start = i;
    for (; i < n; i++) {
      const c = chunk.charCodeAt(i);
      switch (this.state) {
        case START:
          if (c === QUOTE) {
            this.state = QUOTED;
            start = i + 1;
          } else if (c === delim) {
            this.pushField("");
          } else if (c === CR || c === LF) {
            this.pushField("");
            this.endRecord();
            i = this.skipLF(chunk, i, c);
          } else {
            this.state = UNQUOTED;
            start = i;
          }
          break;
        case UNQUOTED:
          if (c === delim) {
            this.pushField(this.field + chunk.slice(start, i));
            this.field = "";
            this.state = START;
          } else if (c === CR || c === LF) {
            this.pushField(this.field + chunk.slice(start, i));
            this.field = "";
            this.state = START;
            this.endRecord();
            i = this.skipLF(chunk, i, c);
          }
          break;
        case QUOTED:
          if (c === QUOTE) {
            this.field += chunk.slice(start, i);
            this.state = QUOTE_IN_QUOTED;
          }
          break;
        default: // QUOTE_IN_QUOTED: an escaped quote, the end of the field, or stray text
          if (c === QUOTE) {
            this.field += '"';
            this.state = QUOTED;
            start = i + 1;
          } else if (c === delim) {
            this.pushField(this.field);
            this.field = "";
            this.state = START;
          } else if (c === CR || c === LF) {
            this.pushField(this.field);
            this.field = "";
            this.state = START;
            this.endRecord();
            i = this.skipLF(chunk, i, c);
          } else {
            this.state = UNQUOTED;
            start = i;
          }
      }
    }
    if (this.state === UNQUOTED || this.state === QUOTED) {
      this.field += chunk.slice(start, n);
      if (this.field.length > this.maxFieldChars) throw new CsvLimitError("field", this.maxFieldChars);
    }
  }

  /** Ends the input: emits the last record if the text did not end with a newline. */
  finish(): void {
    if (this.state === QUOTED) this.unterminatedQuote = true;
    if (this.state !== START || this.record.length > 0) {
      this.pushField(this.field);
      this.field = "";
      this.state = START;
      this.endRecord();
    }
  }

  /** After a CR at `i`, consume a following LF (now, or at the start of the next chunk). */
  private skipLF(chunk: string, i: number, c: number): number {
    if (c !== CR) return i;
    if (i + 1 < chunk.length) return chunk.charCodeAt(i + 1) === LF ? i + 1 : i;
    this.afterCR = true;
    return i;
  }

  private endRecord(): void {
    const r = this.record;
    this.record = [];
    if (r.length === 1 && r[0] === "") return; // blank line
    this.onRecord(r);
  }
}

/**
 * Records of a CSV source (bytes are decoded as UTF-8, streaming), yielded in batches: one
 * batch per input chunk, so memory holds one chunk's records at a time. Node `Readable`s are
 * async iterables of `Buffer`s and can be passed directly.
 */
export async function* csvRecordBatches(
  source: CsvSource,
  options: { delimiter?: string } = {},
): AsyncGenerator<string[][]> {
  let batch: string[][] = [];
  const tok = new CsvTokenizer((r) => batch.push(r), options.delimiter);
  const decoder = new TextDecoder("utf-8");
  for await (const chunk of source as AsyncIterable<ByteOrTextChunk>) {
    tok.push(typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
    if (batch.length > 0) {
      yield batch;
      batch = [];
    }
  }
  tok.push(decoder.decode());
  tok.finish();
  if (batch.length > 0) yield batch;
}

/** All records of a string (a convenience for small inputs and tests). */
export function parseCsvText(text: string, delimiter = ","): string[][] {
  const out: string[][] = [];
  const tok = new CsvTokenizer((r) => out.push(r), delimiter);
  tok.push(text);
  tok.finish();
  return out;
}
