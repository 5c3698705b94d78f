import type { TargetRole } from "@/db/schema";
import { type DeploymentRow, type ResolvedTarget, targetView, type TargetView } from "./access";

/** A target as shown: what it names, and the version it names now (null: none). */
export type TargetStatus = TargetView & { serving: number | null };

/** A deployment as the API and the UI show it. */
export interface DeploymentView {
  id: string;
  name: string;
  description: string;
  mode: DeploymentRow["mode"];
  status: DeploymentRow["status"];
  challengerWeight: number;
  logSampleRate: number;
  primary: TargetStatus | null;
  secondary: TargetStatus | null;
  interval: { lower: TargetStatus; upper: TargetStatus } | null;
  createdAt: Date;
  updatedAt: Date;
}

export function deploymentView(d: DeploymentRow, targets: ResolvedTarget[]): DeploymentView {
  const status = (role: TargetRole): TargetStatus | null => {
    const t = targets.find((x) => x.deploymentId === d.id && x.role === role);
    return t ? { ...targetView(t.modelName, t), serving: t.version?.version ?? null } : null;
  };
  const lower = status("interval_lower");
  const upper = status("interval_upper");
  return {
    id: d.id,
    name: d.name,
    description: d.description,
    mode: d.mode,
    status: d.status,
    challengerWeight: d.challengerWeight,
    logSampleRate: d.logSampleRate,
    primary: status("primary"),
    secondary: status("secondary"),
    interval: lower && upper ? { lower, upper } : null,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

/** The configuration part of a view (what an event or audit row records). */
export const configOf = ({ name, description, mode, status, challengerWeight, logSampleRate, primary, secondary, interval }: DeploymentView) => ({
  name,
  description,
  mode,
  status,
  challengerWeight,
  logSampleRate,
  primary,
  secondary,
  interval,
});
