import { createHash } from "node:crypto";
import type { PredictionArm } from "@/db/schema";

/**
 * A request key's place in [0, 1): the first 4 bytes of sha256(`<deployment id>:<key>`) as an
 * unsigned integer over 2³². The same key always lands in the same place, and places are spread
 * evenly, so an A/B split by `place < weight` is sticky and keeps its proportions. Raising the
 * weight only moves keys from the primary to the challenger, never back. The deployment id is
 * mixed in so a key's arm in one experiment says nothing about its arm in another.
 */
export function keyPlace(deploymentId: string, key: string): number {
  return createHash("sha256").update(`${deploymentId}:${key}`).digest().readUInt32BE(0) / 2 ** 32;
}

/** The arm an A/B deployment routes a request to: by its key's place when it has a key, at random otherwise. */
export function abArm(deploymentId: string, challengerWeight: number, key: string | undefined, random: () => number = Math.random): PredictionArm {
  const place = key === undefined ? random() : keyPlace(deploymentId, key);
  return place < challengerWeight ? "challenger" : "primary";
}
