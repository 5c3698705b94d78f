import { parseArgs } from "node:util";
import { ZodError, z } from "zod";
import { getDatabase } from "@/db";
import { ServiceError } from "@/server/services/errors";
import { COMMANDS } from "./commands";
import { readStdin } from "./stdin";

const HELP = `foldline: set-up from scripts and CI (uses DATABASE_URL, or PGlite in PGLITE_DIR)

  ${Object.values(COMMANDS).map((c) => `foldline ${c.usage}`).join("\n  ")}
`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      email: { type: "string" }, name: { type: "string" }, team: { type: "string" }, role: { type: "string" },
      slug: { type: "string" }, "admin-email": { type: "string" }, help: { type: "boolean", short: "h" },
      models: { type: "string" }, versions: { type: "string" }, prefix: { type: "string" },
    },
  });
  const key = positionals.slice(0, 2).join(" ");
  const command = COMMANDS[key];
  if (values.help || !command) {
    (command || values.help ? process.stdout : process.stderr).write(HELP);
    return values.help ? 0 : 2;
  }
  const handle = await getDatabase();
  try {
    console.log(await command.run(handle.db, values as Record<string, string | undefined>, readStdin));
    return 0;
  } finally {
    await handle.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const message =
      err instanceof ServiceError ? err.message : err instanceof ZodError ? z.prettifyError(err) : err instanceof Error ? err.message : String(err);
    console.error(`foldline: ${message}`);
    process.exit(err instanceof ServiceError || err instanceof ZodError || (err as { code?: string })?.code?.startsWith("ERR_PARSE_ARGS") ? 2 : 1);
  },
);
