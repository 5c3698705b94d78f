CREATE TYPE "public"."lifecycle_stage" AS ENUM('active', 'deleted');--> statement-breakpoint
CREATE TYPE "public"."run_status" AS ENUM('RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED');--> statement-breakpoint
CREATE TABLE "experiment_tags" (
	"experiment_id" bigint NOT NULL,
	"team_id" uuid NOT NULL,
	"key" text NOT NULL,
	"value" text NOT NULL,
	CONSTRAINT "experiment_tags_experiment_id_key_pk" PRIMARY KEY("experiment_id","key")
);
--> statement-breakpoint
CREATE TABLE "experiments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"team_id" uuid NOT NULL,
	"name" text NOT NULL,
	"lifecycle_stage" "lifecycle_stage" DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "run_latest_metrics" (
	"run_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"key" text NOT NULL,
	"value" double precision NOT NULL,
	"is_nan" boolean DEFAULT false NOT NULL,
	"timestamp" bigint NOT NULL,
	"step" bigint NOT NULL,
	CONSTRAINT "run_latest_metrics_run_id_key_pk" PRIMARY KEY("run_id","key")
);
--> statement-breakpoint
CREATE TABLE "run_metrics" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"key" text NOT NULL,
	"value" double precision NOT NULL,
	"is_nan" boolean DEFAULT false NOT NULL,
	"timestamp" bigint NOT NULL,
	"step" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "run_params" (
	"run_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"key" text NOT NULL,
	"value" text NOT NULL,
	CONSTRAINT "run_params_run_id_key_pk" PRIMARY KEY("run_id","key")
);
--> statement-breakpoint
CREATE TABLE "run_tags" (
	"run_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"key" text NOT NULL,
	"value" text NOT NULL,
	CONSTRAINT "run_tags_run_id_key_pk" PRIMARY KEY("run_id","key")
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"experiment_id" bigint NOT NULL,
	"name" text NOT NULL,
	"status" "run_status" DEFAULT 'RUNNING' NOT NULL,
	"start_time" bigint NOT NULL,
	"end_time" bigint,
	"user_id" uuid,
	"lifecycle_stage" "lifecycle_stage" DEFAULT 'active' NOT NULL,
	"parent_run_id" uuid,
	"dataset_version_id" uuid,
	"feature_spec_hash" text
);
--> statement-breakpoint
ALTER TABLE "experiment_tags" ADD CONSTRAINT "experiment_tags_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_tags" ADD CONSTRAINT "experiment_tags_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiments" ADD CONSTRAINT "experiments_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_latest_metrics" ADD CONSTRAINT "run_latest_metrics_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_latest_metrics" ADD CONSTRAINT "run_latest_metrics_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_metrics" ADD CONSTRAINT "run_metrics_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_metrics" ADD CONSTRAINT "run_metrics_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_params" ADD CONSTRAINT "run_params_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_params" ADD CONSTRAINT "run_params_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_tags" ADD CONSTRAINT "run_tags_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_tags" ADD CONSTRAINT "run_tags_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_dataset_version_id_dataset_versions_id_fk" FOREIGN KEY ("dataset_version_id") REFERENCES "public"."dataset_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "experiment_tags_team_idx" ON "experiment_tags" USING btree ("team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "experiments_team_name_idx" ON "experiments" USING btree ("team_id","name");--> statement-breakpoint
CREATE INDEX "run_latest_metrics_team_key_idx" ON "run_latest_metrics" USING btree ("team_id","key");--> statement-breakpoint
CREATE INDEX "run_metrics_run_key_step_idx" ON "run_metrics" USING btree ("run_id","key","step");--> statement-breakpoint
CREATE INDEX "run_metrics_team_idx" ON "run_metrics" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "run_params_team_idx" ON "run_params" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "run_tags_team_idx" ON "run_tags" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "runs_team_experiment_idx" ON "runs" USING btree ("team_id","experiment_id","start_time");--> statement-breakpoint
CREATE INDEX "runs_parent_idx" ON "runs" USING btree ("parent_run_id");