import { Badge } from "@/components/ui/badge";

export function ModeBadge({ mode, challengerWeight }: { mode: "single" | "ab" | "shadow"; challengerWeight?: number }) {
  if (mode === "ab") return <Badge tone="info">{`A/B ${Math.round((challengerWeight ?? 0) * 1000) / 10}% challenger`}</Badge>;
  return <Badge tone={mode === "shadow" ? "info" : "neutral"}>{mode}</Badge>;
}

export function StatusBadge({ status }: { status: "active" | "paused" }) {
  return <Badge tone={status === "active" ? "good" : "bad"}>{status}</Badge>;
}
