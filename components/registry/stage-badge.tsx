import { Badge } from "@/components/ui/badge";

const TONES = { Production: "good", Staging: "info", Archived: "neutral", None: "neutral" } as const;

export function StageBadge({ stage }: { stage: string }) {
  return <Badge tone={TONES[stage as keyof typeof TONES] ?? "neutral"}>{stage}</Badge>;
}
