/** All of standard input as text (for passwords piped in, never passed as arguments). */
export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new Error("pipe the password on standard input, e.g. `printf %s \"$PW\" | foldline user create ...`");
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}
