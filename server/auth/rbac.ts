import { ROLES, type Role } from "@/db/schema/teams";

export { ROLES, type Role };

/**
 * The one role matrix: which team roles may do what. Roles belong to a team membership and are
 * read per request (never baked into the session), so a role change takes effect at once.
 */
const MATRIX = {
  "team:read": ROLES,
  "member:read": ROLES,
  "member:manage": ["admin"],
  /** Create, list and revoke one's own API tokens (a token acts with its owner's role). */
  "token:own": ROLES,
  /** See and revoke every token of the team. */
  "token:manage": ["admin"],
  "audit:read": ["reviewer", "admin"],
  "dataset:read": ROLES,
  /** Upload data sets and new versions; generate labelled synthetic ones. */
  "dataset:write": ["member", "reviewer", "admin"],
  "backtest:read": ROLES,
  "run:read": ROLES,
  /** Create experiments and runs; log params, metrics and tags. */
  "run:log": ["member", "reviewer", "admin"],
  "run:delete": ["admin"],
  "model:read": ROLES,
  /** Register models and versions, move versions between None, Staging and Archived, set aliases,
   * and request a move to Production. */
  "model:write": ["member", "reviewer", "admin"],
  /** Approve or reject a Production request (not one's own), and roll Production back. */
  "transition:approve": ["reviewer", "admin"],
  "model:delete": ["admin"],
  "backtest:run": ["member", "reviewer", "admin"],
  "job:read": ROLES,
  /** Launch jobs (training, tuning, backtests) and cancel them. */
  "job:run": ["member", "reviewer", "admin"],
  "job:cancel": ["member", "reviewer", "admin"],
  "deployment:read": ROLES,
  /** Create deployments, retarget them, change their mode, weights and sampling, pause them. */
  "deployment:write": ["reviewer", "admin"],
  "deployment:delete": ["admin"],
  /** Score requests at a deployment's endpoint. Every role: scoring reads a model that a viewer
   * may already read (its versions and artifacts are `model:read`/`run:read`), and the log row
   * it leaves records the request without changing what is served. */
  "deployment:predict": ROLES,
  "alert:read": ROLES,
  /** Acknowledge and resolve alerts. (Alerts are raised by jobs and the scheduler, not by callers.) */
  "alert:manage": ["member", "reviewer", "admin"],
  /** Set the team's alert webhook (its URL and signing secret). */
  "webhook:manage": ["admin"],
  "schedule:read": ROLES,
  /** Create, change and delete retraining schedules. */
  "schedule:write": ["admin"],
  /** Start a schedule's retrain now (a job, as `job:run`). */
  "schedule:run": ["member", "reviewer", "admin"],
  /** Drift reports, drift monitors and a deployment's monitoring figures. */
  "monitor:read": ROLES,
  /** Set or remove a deployment's drift monitor (its schedule and what its checks compare). */
  "monitor:write": ["reviewer", "admin"],
  /** Run a deployment's drift check now (a job, as `job:run`). */
  "monitor:run": ["member", "reviewer", "admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof MATRIX;
export const PERMISSIONS = Object.keys(MATRIX) as Permission[];

export const can = (role: Role, permission: Permission): boolean =>
  (MATRIX[permission] as readonly Role[]).includes(role);
