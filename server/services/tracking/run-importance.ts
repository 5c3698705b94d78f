import { z } from "zod";
import type { ImportanceBand } from "@/server/quant/explain/permutation-importance";
import type { ArtifactBackend } from "../artifacts/backend";
import type { TeamCtx } from "../context";
import { ServiceError } from "../errors";
import { getRunArtifact } from "./artifacts";

/** The run artifact that holds a model's permutation importance (training writes it). */
export const IMPORTANCE_ARTIFACT = "feature_importance.json";
/** server/quant/explain's bands, each of them (the `satisfies` keeps the two in step). */
const IMPORTANCE_BANDS = ["critical", "moderate", "minimal", "none"] as const satisfies readonly ImportanceBand[];

const ImportanceFile = z.array(
  z.object({
    feature: z.string().min(1),
    importance: z.number(),
    std: z.number().min(0).default(0),
    band: z.enum(IMPORTANCE_BANDS),
  }),
);
export type FeatureImportance = z.infer<typeof ImportanceFile>[number];

export type ImportanceResult = { status: "absent" } | { status: "invalid"; message: string } | { status: "logged"; features: FeatureImportance[] };
export const IMPORTANCE_ABSENT: ImportanceResult = { status: "absent" };

/** A run's `feature_importance.json`, most important first; a malformed file is reported, not thrown. */
export function parseImportance(text: string): ImportanceResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { status: "invalid", message: `${IMPORTANCE_ARTIFACT} is not JSON` };
  }
  const parsed = ImportanceFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { status: "invalid", message: `${IMPORTANCE_ARTIFACT}: ${issue.path.join(".") || "(root)"}: ${issue.message}` };
  }
  return { status: "logged", features: [...parsed.data].sort((a, b) => b.importance - a.importance) };
}

/**
 * The importance a run logged (absent when it logged none). The caller has checked the run is
 * the team's. A blob the store cannot give back (missing, corrupt) is reported like a malformed
 * file: the page loses its chart, not the rest of what it shows.
 */
export async function readRunImportance(ctx: TeamCtx, runId: string, backend?: ArtifactBackend): Promise<ImportanceResult> {
  return getRunArtifact({ ctx, input: { runId, path: IMPORTANCE_ARTIFACT }, backend }).then(
    ({ bytes }) => parseImportance(new TextDecoder().decode(bytes)),
    (err: unknown): ImportanceResult => {
      if (err instanceof ServiceError && err.code === "NOT_FOUND") return IMPORTANCE_ABSENT;
      return { status: "invalid", message: `${IMPORTANCE_ARTIFACT} could not be read: ${err instanceof Error ? err.message : String(err)}` };
    },
  );
}
