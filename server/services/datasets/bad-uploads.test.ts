import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parquetWriteBuffer } from "hyparquet-writer";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithDatabase } from "@/db/testing/databases";
import { teamRows } from "@/db/testing/team-rows";
import { SeededRandom } from "@/server/quant/data/random";
import type { IssueKind, ValidationReport } from "@/server/quant/data/validation-report";
import { LocalArtifactBackend } from "../artifacts/local-backend";
import type { TeamCtx } from "../context";
import { ServiceError } from "../errors";
import { makeTeamWithRoles } from "../testing";
import { importDataset } from "./import-dataset";

const dir = mkdtempSync(path.join(tmpdir(), "foldline-bad-uploads-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const backend = new LocalArtifactBackend(dir);
const storedFiles = () => readdirSync(dir, { recursive: true }).length;

const enc = (text: string) => new TextEncoder().encode(text);
const concat = (...parts: (string | Uint8Array | number[])[]) => {
  const bytes = parts.map((p) => (typeof p === "string" ? enc(p) : p instanceof Uint8Array ? p : new Uint8Array(p)));
  const out = new Uint8Array(bytes.reduce((n, b) => n + b.byteLength, 0));
  let o = 0;
  for (const b of bytes) {
    out.set(b, o);
    o += b.byteLength;
  }
  return out;
};
/** The body in 64 KiB chunks, as an HTTP upload arrives. */
async function* chunks(bytes: Uint8Array, size = 64 * 1024) {
  for (let o = 0; o < bytes.byteLength; o += size) yield bytes.subarray(o, o + size);
}

const HEADER = "date,open,high,low,close,volume\n";
const GOOD = `${HEADER}2024-01-02,100,101,99,100.5,1000\n2024-01-03,100.5,102,100,101.5,1200\n2024-01-04,101.5,103,101,102,900\n`;

function parquet(columns: { name: string; data: unknown[] }[]): Uint8Array {
  return new Uint8Array(parquetWriteBuffer({ columnData: columns as Parameters<typeof parquetWriteBuffer>[0]["columnData"] }));
}
const GOOD_PARQUET = parquet([
  { name: "date", data: ["2024-01-02", "2024-01-03"] },
  { name: "open", data: [100, 100.5] },
  { name: "high", data: [101, 102] },
  { name: "low", data: [99, 100] },
  { name: "close", data: [100.5, 101.5] },
  { name: "volume", data: [1000, 1200] },
]);

const random = (n: number, seed: number) => {
  const r = new SeededRandom(seed);
  return Uint8Array.from({ length: n }, () => Math.floor(r.uniform() * 256));
};

/**
 * Files that are not good OHLCV data, each with the first issue the refusal must name (its kind
 * and words of its message): truncated, mistyped, huge, wide, not UTF-8, binary.
 */
const CASES: { name: string; format: "csv" | "parquet"; bytes: () => Uint8Array; kind: IssueKind | IssueKind[]; message: RegExp }[] = [
  { name: "an empty CSV", format: "csv", bytes: () => enc(""), kind: "empty_file", message: /^no header row; nothing was stored$/ },
  { name: "a header and no rows", format: "csv", bytes: () => enc(HEADER), kind: "empty_file", message: /^no data rows; nothing was stored$/ },
  { name: "a CSV cut off mid-row", format: "csv", bytes: () => enc(GOOD.slice(0, GOOD.length - 12)), kind: "malformed_row", message: /^the file has 1 error in 3 rows/ },
  { name: "a CSV cut off inside a quoted field", format: "csv", bytes: () => enc(`${GOOD}"2024-01-05,1,2`), kind: "malformed_row", message: /error/ },
  {
    name: "text where numbers and dates go",
    format: "csv",
    bytes: () => enc(`${HEADER}2024-01-02,100,101,99,abc,1000\nyesterday,1,2,0.5,1,1\n2024-01-04,1,2,0.5,1,0x10\n`),
    kind: "unparseable",
    message: /^the file has 3 errors in 3 rows; nothing was stored$/,
  },
  {
    name: "a 10 MB field",
    format: "csv",
    bytes: () => concat(HEADER, "2024-01-02,100,101,99,", "9".repeat(10 * 1024 * 1024), ",1000\n"),
    kind: "field_too_long",
    message: /^a field longer than 65,536 characters \(data files hold numbers, dates and symbols\); nothing was stored$/,
  },
  {
    name: "10 MB without a newline",
    format: "csv",
    bytes: () => enc("x".repeat(10 * 1024 * 1024)),
    kind: "field_too_long",
    message: /^a field longer than 65,536 characters/,
  },
  {
    name: "a header of 10⁶ columns",
    format: "csv",
    bytes: () => enc(`${Array.from({ length: 1_000_000 }, (_, i) => `c${i}`).join(",")}\n1,2,3\n`),
    kind: "too_many_columns",
    message: /^a record of more than 1,000 fields: an import takes at most 1,000 columns; nothing was stored$/,
  },
  {
    name: "the OHLCV columns and 10⁶ more",
    format: "csv",
    bytes: () => enc(`date,open,high,low,close,volume,${Array.from({ length: 1_000_000 }, (_, i) => `x${i}`).join(",")}\n`),
    kind: "too_many_columns",
    message: /more than 1,000 fields/,
  },
  {
    name: "a row of 10⁶ fields under a good header",
    format: "csv",
    bytes: () => enc(`${HEADER}${"1,".repeat(1_000_000)}1\n`),
    kind: "too_many_columns",
    message: /more than 1,000 fields/,
  },
  {
    name: "invalid UTF-8 in a row",
    format: "csv",
    bytes: () => concat(HEADER, "2024-01-02,100,101,99,100.5,1000\n2024-01-03,1", [0xc3, 0x28], ",2,0.5,1,1\n"),
    kind: "invalid_encoding",
    message: /^not UTF-8 text: an invalid byte sequence in bytes 0–\d+ \(save the file as UTF-8\); nothing was stored$/,
  },
  { name: "Latin-1 text", format: "csv", bytes: () => concat("date,open,high,low,close,volume,soci", [0xe9, 0x74, 0xe9], "\n"), kind: "invalid_encoding", message: /not UTF-8 text/ },
  { name: "a file ending inside a UTF-8 character", format: "csv", bytes: () => concat(GOOD, [0xe2, 0x82]), kind: "invalid_encoding", message: /invalid byte sequence at the end/ },
  { name: "NUL bytes", format: "csv", bytes: () => concat("date,open,high,low,close,volume\n2024-01-02,1", [0], ",2,0.5,1,1\n"), kind: "binary_data", message: /^a NUL byte at character 45: binary data, not CSV text; nothing was stored$/ },
  { name: "UTF-16 text", format: "csv", bytes: () => new Uint8Array(Buffer.from(`\ufeff${GOOD}`, "utf16le")), kind: ["invalid_encoding", "binary_data"], message: /not UTF-8 text|NUL byte/ },
  { name: "1 MB of random bytes", format: "csv", bytes: () => random(1024 * 1024, 7), kind: ["invalid_encoding", "binary_data"], message: /not UTF-8 text|NUL byte/ },
  { name: "a Parquet file sent as CSV", format: "csv", bytes: () => GOOD_PARQUET, kind: ["invalid_encoding", "binary_data"], message: /not UTF-8 text|NUL byte/ },
  { name: "an HTML error page", format: "csv", bytes: () => enc("<!doctype html><html><body>502 Bad Gateway</body></html>\n"), kind: "missing_column", message: /^no column for time/ },

  { name: "an empty Parquet file", format: "parquet", bytes: () => new Uint8Array(0), kind: "empty_file", message: /^not a readable Parquet file: .+; nothing was stored$/ },
  { name: "a Parquet file cut in half", format: "parquet", bytes: () => GOOD_PARQUET.slice(0, GOOD_PARQUET.byteLength >> 1), kind: "empty_file", message: /^not a readable Parquet file/ },
  {
    name: "a Parquet file without its last bytes",
    format: "parquet",
    bytes: () => GOOD_PARQUET.slice(0, GOOD_PARQUET.byteLength - 3),
    kind: "empty_file",
    message: /^not a readable Parquet file/,
  },
  {
    name: "a Parquet file with the wrong magic",
    format: "parquet",
    bytes: () => concat(GOOD_PARQUET.slice(0, GOOD_PARQUET.byteLength - 4), "PAR2"),
    kind: "empty_file",
    message: /^not a readable Parquet file/,
  },
  {
    name: "a Parquet footer that claims more metadata than the file holds",
    format: "parquet",
    bytes: () => {
      const b = GOOD_PARQUET.slice();
      new DataView(b.buffer).setUint32(b.byteLength - 8, 0x7fffffff, true);
      return b;
    },
    kind: "empty_file",
    message: /^not a readable Parquet file/,
  },
  { name: "random bytes as Parquet", format: "parquet", bytes: () => random(64 * 1024, 11), kind: "empty_file", message: /^not a readable Parquet file/ },
  { name: "CSV text as Parquet", format: "parquet", bytes: () => enc(GOOD), kind: "empty_file", message: /^not a readable Parquet file/ },
  {
    name: "Parquet with text where numbers go",
    format: "parquet",
    bytes: () =>
      parquet([
        { name: "date", data: ["2024-01-02", "soon"] },
        { name: "open", data: ["100", "abc"] },
        { name: "high", data: [101, 102] },
        { name: "low", data: [99, 100] },
        { name: "close", data: [100.5, 101.5] },
        { name: "volume", data: [1000, 1200] },
      ]),
    kind: "unparseable",
    message: /^the file has 2 errors in 2 rows; nothing was stored$/,
  },
  {
    name: "Parquet with 1,001 columns",
    format: "parquet",
    bytes: () => parquet(Array.from({ length: 1001 }, (_, i) => ({ name: `c${i}`, data: [i] }))),
    kind: "too_many_columns",
    message: /^1,001 columns: an import takes at most 1,000; nothing was stored$/,
  },
];

describeWithDatabase("bad dataset uploads: refused, named, nothing stored", (database) => {
  let ctx: TeamCtx;
  let teamId: string;
  beforeAll(async () => {
    const f = await makeTeamWithRoles(database().db);
    ctx = f.ctx.member;
    teamId = f.team.id;
  });

  it.each(CASES)("$name ($format)", async ({ format, bytes, kind, message }) => {
    const { db } = database();
    const before = await teamRows(db, teamId);
    const files = storedFiles();
    const err = await importDataset({ ctx, input: { name: "Fuzz", format, symbol: "X" }, body: chunks(bytes()), backend }).then(
      () => new Error("the file was accepted"),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ServiceError);
    const e = err as ServiceError;
    expect([e.code, e.field]).toEqual(["UNPROCESSABLE", "file"]);
    expect(e.message).toMatch(message);
    const report = e.details as ValidationReport;
    const firstError = report.issues.find((i) => i.severity === "error")!;
    expect([kind].flat()).toContain(firstError.kind);
    // The report quotes the file only in short pieces, whatever the file.
    expect(JSON.stringify(report).length).toBeLessThan(20_000);
    expect(await teamRows(db, teamId)).toEqual(before);
    expect(storedFiles()).toBe(files);
  });

  it("the good files these were made from are accepted (so each refusal is the damage's doing)", async () => {
    for (const [format, bytes] of [
      ["csv", enc(GOOD)],
      ["parquet", GOOD_PARQUET],
    ] as const) {
      const [stored] = await importDataset({ ctx, input: { name: `Good ${format}`, format, symbol: "X" }, body: chunks(bytes), backend });
      expect([format, stored!.version.rowCount]).toEqual([format, format === "csv" ? 3 : 2]);
    }
  });
});
