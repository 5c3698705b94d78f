import { describe, expect, it } from "vitest";
import { loadSampleDataset } from "../data/sample-datasets";
import { isoOf } from "../data/series-builder";
import { addMonthsUtc, lowerBound, purgedKFold, walkForwardSplits, type IndexFold } from "./splits";

const utc = (s: string) => Date.parse(`${s}T00:00:00Z`);
const list = (a: Int32Array) => Array.from(a);
const span = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);

/** Bars on the 1st and the 15th of every month of 2001: rows 2m and 2m + 1 are month m (0-based). */
const twiceMonthly = Float64Array.from({ length: 24 }, (_, i) => Date.UTC(2001, i >> 1, i % 2 === 0 ? 1 : 15));

describe("addMonthsUtc / lowerBound", () => {
  it("clips the day to the target month and keeps the time of day", () => {
    expect(isoOf(addMonthsUtc(utc("2000-01-31"), 1))).toBe("2000-02-29");
    expect(isoOf(addMonthsUtc(utc("2000-01-31"), 13))).toBe("2001-02-28");
    expect(isoOf(addMonthsUtc(utc("2000-03-31"), -1))).toBe("2000-02-29");
    expect(isoOf(addMonthsUtc(utc("2000-01-01"), 36))).toBe("2003-01-01");
    expect(isoOf(addMonthsUtc(Date.parse("2000-11-15T13:30:00Z"), 2))).toBe("2001-01-15T13:30:00.000Z");
  });

  it("finds the first index at or after t", () => {
    const t = Float64Array.from([10, 20, 30]);
    expect([5, 10, 11, 30, 31].map((v) => lowerBound(t, v))).toEqual([0, 0, 1, 2, 3]);
  });
});

describe("walkForwardSplits: hand cases on two bars a month (2001)", () => {
  it("rolling: 3 months train, 2 months test, step 2 → 4 complete folds", () => {
    const f = walkForwardSplits(twiceMonthly, { trainMonths: 3, testMonths: 2, stepMonths: 2 });
    expect(f.map((x) => [list(x.train), list(x.test)])).toEqual([
      [span(0, 5), span(6, 9)], // Jan–Mar | Apr–May
      [span(4, 9), span(10, 13)], // Mar–May | Jun–Jul
      [span(8, 13), span(14, 17)], // May–Jul | Aug–Sep
      [span(12, 17), span(18, 21)], // Jul–Sep | Oct–Nov
    ]);
    // fold 4 would test Dec–Jan 2002; the data covers up to Dec 16 (last bar + 1 day)
    expect(f.map((x) => x.index)).toEqual([0, 1, 2, 3]);
    expect([f[1]!.trainStart, f[1]!.trainEnd, f[1]!.testStart, f[1]!.testEnd].map(isoOf)).toEqual(["2001-03-01", "2001-06-01", "2001-06-01", "2001-08-01"]);
  });

  it("expanding: every fold trains from the anchor", () => {
    const f = walkForwardSplits(twiceMonthly, { trainMonths: 3, testMonths: 2, stepMonths: 2, mode: "expanding" });
    expect(f.map((x) => list(x.train))).toEqual([span(0, 5), span(0, 9), span(0, 13), span(0, 17)]);
    expect(f.map((x) => list(x.test))).toEqual([span(6, 9), span(10, 13), span(14, 17), span(18, 21)]);
    expect(f.every((x) => isoOf(x.trainStart) === "2001-01-01")).toBe(true);
  });

  it("completeTestWindowsOnly: false keeps the partial last window", () => {
    const f = walkForwardSplits(twiceMonthly, { trainMonths: 3, testMonths: 2, stepMonths: 2, completeTestWindowsOnly: false });
    expect(f).toHaveLength(5);
    expect(list(f[4]!.train)).toEqual(span(16, 21)); // Sep–Nov
    expect(list(f[4]!.test)).toEqual([22, 23]); // Dec only
  });

  it("start and end limit the bars used", () => {
    const f = walkForwardSplits(twiceMonthly, { trainMonths: 3, testMonths: 2, start: "2001-02-01", end: "2001-10-01" });
    // Feb–Apr | May–Jun, Apr–Jun | Jul–Aug; Jun–Aug | Sep–Oct would end after 2001-10-01
    expect(f.map((x) => [list(x.train), list(x.test)])).toEqual([
      [span(2, 7), span(8, 11)],
      [span(6, 11), span(12, 15)],
    ]);
    const partial = walkForwardSplits(twiceMonthly, { trainMonths: 3, testMonths: 2, start: "2001-02-01", end: "2001-10-01", completeTestWindowsOnly: false });
    expect(list(partial[2]!.test)).toEqual([16, 17]); // Sep only: bars from Oct 1 are not used
    expect(partial).toHaveLength(3);
  });

  it("purge: labelHorizon and embargo cut max(h, embargo) bars before the test, purgeRows more", () => {
    const base = { trainMonths: 3, testMonths: 2, stepMonths: 2 };
    const first = (o: object) => list(walkForwardSplits(twiceMonthly, { ...base, ...o })[0]!.train);
    expect(first({ purgeRows: 2 })).toEqual(span(0, 3));
    expect(first({ labelHorizon: 2 })).toEqual(span(0, 3)); // rows 4, 5: 4 + 2 ≥ 6 (first test bar)
    expect(first({ labelHorizon: 1 })).toEqual(span(0, 4));
    expect(first({ embargo: 3 })).toEqual(span(0, 2));
    expect(first({ embargo: 1, labelHorizon: 2 })).toEqual(span(0, 3));
    expect(first({ embargo: 1, purgeRows: 1 })).toEqual(span(0, 3));
    // test rows are never cut
    expect(list(walkForwardSplits(twiceMonthly, { ...base, labelHorizon: 2, embargo: 3, purgeRows: 1 })[0]!.test)).toEqual(span(6, 9));
  });

  it("a fold left without training rows is omitted", () => {
    const f = walkForwardSplits(twiceMonthly, { trainMonths: 1, testMonths: 1, purgeRows: 2 });
    // every 1-month training window has 2 bars, all purged
    expect(f).toEqual([]);
  });

  it("refuses bad input, naming the field", () => {
    expect(() => walkForwardSplits(Float64Array.from([2, 1]), { trainMonths: 1, testMonths: 1 })).toThrow(/strictly increasing \(time\[1\]/);
    expect(() => walkForwardSplits(twiceMonthly, { trainMonths: 0, testMonths: 1 })).toThrow(/trainMonths must be an integer ≥ 1/);
    expect(() => walkForwardSplits(twiceMonthly, { trainMonths: 1, testMonths: 1.5 })).toThrow(/testMonths/);
    expect(() => walkForwardSplits(twiceMonthly, { trainMonths: 1, testMonths: 1, purgeRows: -1 })).toThrow(/purgeRows/);
    expect(() => walkForwardSplits(twiceMonthly, { trainMonths: 1, testMonths: 1, start: "01/02/2001" })).toThrow(/start is not a date/);
    expect(() => walkForwardSplits(twiceMonthly, { trainMonths: 1, testMonths: 1, mode: "sliding" as "rolling" })).toThrow(/mode/);
  });
});

describe("walkForwardSplits: W4 on spx (BENCHMARKS.md, peers/walkforward.py)", () => {
  const spx = loadSampleDataset("spx");
  const w4 = { trainMonths: 36, testMonths: 3, stepMonths: 3, start: "2000-01-01", purgeRows: 5 } as const;

  // Expected values: the peer's rule (anchor 2000-01-01, tr0 = anchor + 3k months, train
  // [tr0, tr0 + 36 m), test the next 3 months, stop when test end − 1 day > 2020-04-17,
  // tr_pos[:-5]) evaluated by an awk script over data/sp500-2000.csv.
  it("69 folds, tests 2003Q1..2020Q1, first and last fold rows as the peer's", () => {
    const f = walkForwardSplits(spx.time, w4);
    expect(f).toHaveLength(69);
    const dates = (x: (typeof f)[number]) => [x.trainStart, x.testStart, x.testEnd].map(isoOf);
    expect(dates(f[0]!)).toEqual(["2000-01-01", "2003-01-01", "2003-04-01"]);
    expect(dates(f[68]!)).toEqual(["2017-01-01", "2020-01-01", "2020-04-01"]);
    // fold 0: window rows 0..751 (752 bars, 2000-01-03..2002-12-31), last 5 purged; test 752..812
    expect(list(f[0]!.train)).toEqual(span(0, 746));
    expect(list(f[0]!.test)).toEqual(span(752, 812));
    expect([f[1]!.train.length + 5, f[1]!.test.length]).toEqual([750, 63]);
    // fold 68: window rows 4277..5030 (754 bars), test 5031..5092 (62 bars, 2020-01-02..2020-03-31)
    expect(list(f[68]!.train)).toEqual(span(4277, 5025));
    expect(list(f[68]!.test)).toEqual(span(5031, 5092));
    expect(isoOf(spx.time[5031]!)).toBe("2020-01-02");
    expect(isoOf(spx.time[5092]!)).toBe("2020-03-31");
    expect(f.reduce((s, x) => s + x.test.length, 0)).toBe(4341);
  });

  it("labelHorizon 5 purges the same rows as purgeRows 5 when the test window follows at once", () => {
    const a = walkForwardSplits(spx.time, w4);
    const b = walkForwardSplits(spx.time, { ...w4, purgeRows: 0, labelHorizon: 5 });
    expect(b.map((x) => list(x.train))).toEqual(a.map((x) => list(x.train)));
  });

  it("with incomplete windows allowed, a 70th fold tests 2020-04-01..04-17 (12 bars)", () => {
    const f = walkForwardSplits(spx.time, { ...w4, completeTestWindowsOnly: false });
    expect(f).toHaveLength(70);
    expect(list(f[69]!.test)).toEqual(span(5093, 5104));
  });

  it("no leakage: every training row and its label window end before the first test row", () => {
    for (const [mode, h, embargo] of [["rolling", 5, 0], ["expanding", 20, 3], ["rolling", 0, 10]] as const) {
      const folds = walkForwardSplits(spx.time, { trainMonths: 24, testMonths: 6, stepMonths: 2, mode, labelHorizon: h, embargo });
      expect(folds.length).toBeGreaterThan(50);
      for (const f of folds) {
        const lastTrain = f.train[f.train.length - 1]!, firstTest = f.test[0]!;
        expect(lastTrain + Math.max(h, embargo)).toBeLessThan(firstTest);
        expect(spx.time[lastTrain]!).toBeLessThan(f.trainEnd);
        expect(spx.time[firstTest]!).toBeGreaterThanOrEqual(f.testStart);
        expect(spx.time[f.test[f.test.length - 1]!]!).toBeLessThan(f.testEnd);
      }
    }
  });
});

describe("purgedKFold (López de Prado)", () => {
  const shape = (folds: IndexFold[]) => folds.map((f) => [list(f.train), list(f.test)]);

  it("h = 0, no embargo: plain contiguous k-fold with array_split sizes 4, 3, 3", () => {
    expect(shape(purgedKFold(10, 3))).toEqual([
      [span(4, 9), span(0, 3)],
      [[...span(0, 3), ...span(7, 9)], span(4, 6)],
      [span(0, 6), span(7, 9)],
    ]);
  });

  it("h = 1, embargo 2: purge before and after each test fold, embargo after it", () => {
    // fold 0 tests 0..3 (labels read bars 0..4): after it rows 4 (purged) and 5, 6 (embargo) go
    // fold 1 tests 4..6 (labels read 4..7): row 3 reads bar 4 → purged; 7 purged, 8, 9 embargoed
    // fold 2 tests 7..9: row 6 reads bar 7 → purged
    expect(shape(purgedKFold(10, 3, { labelHorizon: 1, embargo: 2 }))).toEqual([
      [span(7, 9), span(0, 3)],
      [span(0, 2), span(4, 6)],
      [span(0, 5), span(7, 9)],
    ]);
  });

  it("no training row's label window touches the test labels' bars; embargo holds; tests partition the rows", () => {
    for (const [n, k, h, e] of [[101, 5, 3, 2], [50, 7, 0, 4], [37, 2, 10, 0]] as const) {
      const folds = purgedKFold(n, k, { labelHorizon: h, embargo: e });
      expect(folds.flatMap((f) => list(f.test))).toEqual(span(0, n - 1));
      for (const f of folds) {
        const a = f.test[0]!, b = f.test[f.test.length - 1]!;
        for (const i of f.train) {
          expect(i + h < a || i > b + h + e).toBe(true);
        }
        // nothing else is dropped: train + test + purged + embargoed = n
        const dropped = Math.min(h, a) + Math.min(h + e, n - 1 - b);
        expect(f.train.length + f.test.length + dropped).toBe(n);
      }
    }
  });

  it("refuses bad input, naming the field", () => {
    expect(() => purgedKFold(10, 1)).toThrow(/k must be an integer ≥ 2/);
    expect(() => purgedKFold(3, 4)).toThrow(/k must be ≤ n/);
    expect(() => purgedKFold(10, 3, { labelHorizon: -1 })).toThrow(/labelHorizon/);
    expect(() => purgedKFold(10, 3, { embargo: 0.5 })).toThrow(/embargo/);
  });
});
