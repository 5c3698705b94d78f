import { serve } from "inngest/next";
import { inngest } from "@/workers/inngest/client";
import { inngestFunctions } from "@/workers/inngest/functions";

export const runtime = "nodejs";

/** The Inngest serve endpoint: Inngest (Cloud or `inngest dev`) calls the job functions and the retraining cron here. */
export const { GET, POST, PUT } = serve({ client: inngest, functions: inngestFunctions });
