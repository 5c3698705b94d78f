import { Badge } from "@/components/ui/badge";

const TONES = { Production: "good", Staging: "info", Archived: "neutral", None: "neutral" } as const;

/** A stage's colour; the label is the stage unless given (a version number, say). */
export function StageBadge({ stage, children }: { stage: string; children?: React.ReactNode }) {
  return (
    <Badge tone={TONES[stage as keyof typeof TONES] ?? "neutral"} title={stage}>
      {children ?? stage}
    </Badge>
  );
}
