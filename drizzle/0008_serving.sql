CREATE TYPE "public"."deployment_mode" AS ENUM('single', 'ab', 'shadow');--> statement-breakpoint
CREATE TYPE "public"."deployment_status" AS ENUM('active', 'paused');--> statement-breakpoint
CREATE TYPE "public"."prediction_arm" AS ENUM('primary', 'challenger', 'shadow');--> statement-breakpoint
CREATE TYPE "public"."deployment_target_ref_kind" AS ENUM('alias', 'stage', 'version');--> statement-breakpoint
CREATE TYPE "public"."deployment_target_role" AS ENUM('primary', 'secondary', 'interval_lower', 'interval_upper');--> statement-breakpoint
CREATE TABLE "deployment_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"team_id" uuid NOT NULL,
	"deployment_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"actor_user_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deployment_targets" (
	"deployment_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"role" "deployment_target_role" NOT NULL,
	"model_id" uuid NOT NULL,
	"ref_kind" "deployment_target_ref_kind" NOT NULL,
	"ref" text NOT NULL,
	CONSTRAINT "deployment_targets_deployment_id_role_pk" PRIMARY KEY("deployment_id","role")
);
--> statement-breakpoint
CREATE TABLE "deployments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"mode" "deployment_mode" DEFAULT 'single' NOT NULL,
	"status" "deployment_status" DEFAULT 'active' NOT NULL,
	"challenger_weight" double precision DEFAULT 0 NOT NULL,
	"log_sample_rate" double precision DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deployments_challenger_weight_range" CHECK ("deployments"."challenger_weight" >= 0 and "deployments"."challenger_weight" <= 1),
	CONSTRAINT "deployments_log_sample_rate_range" CHECK ("deployments"."log_sample_rate" >= 0 and "deployments"."log_sample_rate" <= 1)
);
--> statement-breakpoint
CREATE TABLE "prediction_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"team_id" uuid NOT NULL,
	"deployment_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"request_key" text,
	"arm" "prediction_arm" NOT NULL,
	"is_shadow" boolean GENERATED ALWAYS AS (arm = 'shadow') STORED NOT NULL,
	"input_hash" text NOT NULL,
	"rows" integer NOT NULL,
	"output" jsonb NOT NULL,
	"latency_ms" double precision NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deployment_events" ADD CONSTRAINT "deployment_events_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployment_events" ADD CONSTRAINT "deployment_events_deployment_id_deployments_id_fk" FOREIGN KEY ("deployment_id") REFERENCES "public"."deployments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployment_events" ADD CONSTRAINT "deployment_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployment_targets" ADD CONSTRAINT "deployment_targets_deployment_id_deployments_id_fk" FOREIGN KEY ("deployment_id") REFERENCES "public"."deployments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployment_targets" ADD CONSTRAINT "deployment_targets_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployment_targets" ADD CONSTRAINT "deployment_targets_model_id_registered_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."registered_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prediction_log" ADD CONSTRAINT "prediction_log_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prediction_log" ADD CONSTRAINT "prediction_log_deployment_id_deployments_id_fk" FOREIGN KEY ("deployment_id") REFERENCES "public"."deployments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prediction_log" ADD CONSTRAINT "prediction_log_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deployment_events_deployment_idx" ON "deployment_events" USING btree ("deployment_id","id");--> statement-breakpoint
CREATE INDEX "deployment_events_team_idx" ON "deployment_events" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "deployment_targets_model_idx" ON "deployment_targets" USING btree ("model_id");--> statement-breakpoint
CREATE INDEX "deployment_targets_team_idx" ON "deployment_targets" USING btree ("team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "deployments_team_name_idx" ON "deployments" USING btree ("team_id","name");--> statement-breakpoint
CREATE INDEX "prediction_log_deployment_idx" ON "prediction_log" USING btree ("deployment_id","id");--> statement-breakpoint
CREATE INDEX "prediction_log_team_idx" ON "prediction_log" USING btree ("team_id");