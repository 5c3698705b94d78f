import { Inngest } from "inngest";

/** The Inngest app of Foldline. Keys come from the environment as the SDK reads them
 * (INNGEST_EVENT_KEY, INNGEST_SIGNING_KEY; INNGEST_DEV=1 for the local dev server). */
export const inngest = new Inngest({ id: "foldline" });
