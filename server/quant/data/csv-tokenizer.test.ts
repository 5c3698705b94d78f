import { describe, expect, it } from "vitest";
import { csvRecordBatches, CsvTokenizer, parseCsvText } from "./csv-tokenizer";

function tokenizeInPieces(text: string, size: number): string[][] {
  const out: string[][] = [];
  const tok = new CsvTokenizer((r) => out.push(r));
  for (let i = 0; i < text.length; i += size) tok.push(text.slice(i, i + size));
  tok.finish();
  return out;
}

async function collect(chunks: Iterable<Uint8Array | string>): Promise<string[][]> {
  const out: string[][] = [];
  for await (const b of csvRecordBatches(chunks)) out.push(...b);
  return out;
}

function bytesOneByOne(bytes: Uint8Array): Uint8Array[] {
  return Array.from(bytes, (b) => Uint8Array.of(b));
}

const AWKWARD =
  '\uFEFFdate,"note, with comma",x\r\n' +
  '2020-01-02,"line1\r\nline2 ""quoted""",1\r\n' +
  '\r\n' +
  '2020-01-03,,2\n' +
  '2020-01-06,"",3\r' +
  '2020-01-07,é€😀,4';
const EXPECTED = [
  ["date", "note, with comma", "x"],
  ["2020-01-02", 'line1\r\nline2 "quoted"', "1"],
  ["2020-01-03", "", "2"],
  ["2020-01-06", "", "3"],
  ["2020-01-07", "é€😀", "4"],
];

describe("CsvTokenizer", () => {
  it("parses quotes, CRLF, lone CR, blank lines, BOM and a missing final newline", () => {
    expect(parseCsvText(AWKWARD)).toEqual(EXPECTED);
  });

  it("gives the same records for every chunk size, down to 1 character", () => {
    for (const size of [1, 2, 3, 5, 7, 64]) expect(tokenizeInPieces(AWKWARD, size)).toEqual(EXPECTED);
  });

  it("decodes bytes fed one at a time (UTF-8 characters split across chunks)", async () => {
    const bytes = new TextEncoder().encode(AWKWARD);
    // TextEncoder writes the BOM as EF BB BF; the decoder drops it.
    expect(await collect(bytesOneByOne(bytes))).toEqual(EXPECTED);
  });

  it("keeps trailing empty fields and handles a trailing newline", () => {
    expect(parseCsvText("a,b,\n1,,\n")).toEqual([
      ["a", "b", ""],
      ["1", "", ""],
    ]);
  });

  it("flags a quote left open at the end of input", () => {
    const out: string[][] = [];
    const tok = new CsvTokenizer((r) => out.push(r));
    tok.push('a,"b\n1,2');
    tok.finish();
    expect(tok.unterminatedQuote).toBe(true);
    expect(out).toEqual([["a", "b\n1,2"]]);
  });

  it("supports another delimiter", () => {
    expect(parseCsvText("a;b\n1;2", ";")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });
});
