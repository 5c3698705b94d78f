CREATE TYPE "public"."drift_check_status" AS ENUM('queued', 'running', 'succeeded', 'skipped', 'failed');--> statement-breakpoint
CREATE TABLE "drift_monitors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"deployment_id" uuid NOT NULL,
	"cron" text NOT NULL,
	"time_zone" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"settings" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"next_run_at" timestamp with time zone,
	"last_run_at" timestamp with time zone,
	"last_status" "drift_check_status",
	"last_reason" text,
	"last_job_id" uuid
);
--> statement-breakpoint
CREATE TABLE "drift_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"deployment_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"monitor_id" uuid,
	"job_id" uuid,
	"source" text NOT NULL,
	"reference_from" timestamp with time zone NOT NULL,
	"reference_to" timestamp with time zone NOT NULL,
	"reference_rows" integer NOT NULL,
	"current_from" timestamp with time zone NOT NULL,
	"current_to" timestamp with time zone NOT NULL,
	"current_rows" integer NOT NULL,
	"features" jsonb NOT NULL,
	"evaluated" integer NOT NULL,
	"drifted" integer NOT NULL,
	"drifted_share" double precision,
	"dataset_drift" boolean NOT NULL,
	"performance" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "prediction_log" ADD COLUMN "features" jsonb;--> statement-breakpoint
ALTER TABLE "prediction_log" ADD COLUMN "bar_times" jsonb;--> statement-breakpoint
ALTER TABLE "prediction_log" ADD COLUMN "error" text;--> statement-breakpoint
ALTER TABLE "drift_monitors" ADD CONSTRAINT "drift_monitors_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drift_monitors" ADD CONSTRAINT "drift_monitors_deployment_id_deployments_id_fk" FOREIGN KEY ("deployment_id") REFERENCES "public"."deployments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drift_monitors" ADD CONSTRAINT "drift_monitors_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drift_monitors" ADD CONSTRAINT "drift_monitors_last_job_id_jobs_id_fk" FOREIGN KEY ("last_job_id") REFERENCES "public"."jobs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drift_reports" ADD CONSTRAINT "drift_reports_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drift_reports" ADD CONSTRAINT "drift_reports_deployment_id_deployments_id_fk" FOREIGN KEY ("deployment_id") REFERENCES "public"."deployments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drift_reports" ADD CONSTRAINT "drift_reports_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drift_reports" ADD CONSTRAINT "drift_reports_monitor_id_drift_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."drift_monitors"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drift_reports" ADD CONSTRAINT "drift_reports_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "drift_monitors_deployment_idx" ON "drift_monitors" USING btree ("deployment_id");--> statement-breakpoint
CREATE INDEX "drift_monitors_team_idx" ON "drift_monitors" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "drift_monitors_due_idx" ON "drift_monitors" USING btree ("next_run_at") WHERE enabled;--> statement-breakpoint
CREATE INDEX "drift_reports_deployment_idx" ON "drift_reports" USING btree ("deployment_id","created_at");--> statement-breakpoint
CREATE INDEX "drift_reports_team_idx" ON "drift_reports" USING btree ("team_id");