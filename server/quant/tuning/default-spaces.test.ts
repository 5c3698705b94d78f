import { describe, expect, it } from "vitest";
import { ALGORITHM_IDS, ALGORITHMS } from "../models/catalog";
import { DEFAULT_SPACES } from "./default-spaces";
import { W5_SPACE } from "./space";

describe("default search spaces", () => {
  it("GBDT starts from the W5 space: learning rate 0.01–0.3 (log), depth 3–8, min child samples 5–100, feature fraction 0.5–1", () => {
    expect(DEFAULT_SPACES.gbdt).toBe(W5_SPACE);
    expect(W5_SPACE.map((p) => p.type !== "categorical" && [p.name, p.low, p.high, p.log])).toEqual([
      ["learningRate", 0.01, 0.3, true],
      ["maxDepth", 3, 8, false],
      ["minChildSamples", 5, 100, false],
      ["featureFraction", 0.5, 1, false],
    ]);
  });

  it("every algorithm but OLS has one, and both ends of every range are values its parameter schema accepts", () => {
    expect(ALGORITHM_IDS.filter((id) => !DEFAULT_SPACES[id])).toEqual(["linear"]);
    for (const [id, space] of Object.entries(DEFAULT_SPACES)) {
      for (const p of space!) {
        if (p.type === "categorical") continue;
        for (const v of [p.low, p.high]) {
          const parsed = ALGORITHMS[id as keyof typeof ALGORITHMS].params.safeParse({ [p.name]: v });
          expect([id, p.name, v, parsed.success]).toEqual([id, p.name, v, true]);
        }
      }
    }
  });
});
