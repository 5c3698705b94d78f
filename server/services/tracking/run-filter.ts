/**
 * MLflow's run search filter syntax, parsed into clauses joined by AND:
 *   metrics.rmse < 0.03 and params.algorithm = 'gbdt' and tags.symbol = 'SPX'
 *   attributes.status = 'FINISHED' and run_name LIKE 'wf-%' and tags.`my key` IN ('a', 'b')
 * Metrics compare numbers (<, <=, >, >=, =, !=); params and tags compare strings (=, !=, LIKE,
 * ILIKE, IN, NOT IN); attributes: status, run_name, run_id (strings), start_time, end_time (ms).
 * Pure parsing (no database); errors name the offending token.
 */
export type EntityKind = "metric" | "param" | "tag" | "attribute";
export type Comparator = "=" | "!=" | "<" | "<=" | ">" | ">=" | "LIKE" | "ILIKE" | "IN" | "NOT IN";

export interface FilterClause {
  kind: EntityKind;
  key: string;
  op: Comparator;
  value: number | string | string[];
}

export class FilterSyntaxError extends Error {}

const STRING_ATTRIBUTES = new Set(["status", "run_name", "run_id"]);
const NUMERIC_ATTRIBUTES = new Set(["start_time", "end_time"]);
const PREFIXES: Record<string, EntityKind> = { metrics: "metric", metric: "metric", params: "param", param: "param", tags: "tag", tag: "tag", attributes: "attribute", attribute: "attribute", attr: "attribute", run: "attribute" };

const TOKEN = /\s*(?:(`(?:[^`])*`)|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(<=|>=|!=|=|<|>)|(\()|(\))|(,)|(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|([A-Za-z_]\w*(?:\.(?:\w+|`[^`]*`))*))/y;

interface Token {
  type: "ident" | "string" | "op" | "lparen" | "rparen" | "comma" | "number";
  text: string;
}

function tokenize(s: string): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < s.length) {
    if (/^\s*$/.test(s.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(s);
    if (!m) throw new FilterSyntaxError(`cannot parse the filter at "${s.slice(pos).trim().slice(0, 30)}"`);
    pos = TOKEN.lastIndex;
    if (m[1]) out.push({ type: "ident", text: m[1] });
    else if (m[2]) out.push({ type: "string", text: m[2].slice(1, -1).replace(/\\(.)/g, "$1") });
    else if (m[3]) out.push({ type: "op", text: m[3] });
    else if (m[4]) out.push({ type: "lparen", text: "(" });
    else if (m[5]) out.push({ type: "rparen", text: ")" });
    else if (m[6]) out.push({ type: "comma", text: "," });
    else if (m[7]) out.push({ type: "number", text: m[7] });
    else out.push({ type: "ident", text: m[8]! });
  }
  return out;
}

function entity(text: string): { kind: EntityKind; key: string } {
  const unquote = (k: string) => (k.startsWith("`") && k.endsWith("`") ? k.slice(1, -1) : k);
  const dot = text.indexOf(".");
  if (dot < 0) {
    const key = unquote(text);
    if (STRING_ATTRIBUTES.has(key) || NUMERIC_ATTRIBUTES.has(key)) return { kind: "attribute", key };
    throw new FilterSyntaxError(`"${text}" is not metrics.<key>, params.<key>, tags.<key> or an attribute (status, run_name, run_id, start_time, end_time)`);
  }
  const kind = PREFIXES[text.slice(0, dot).toLowerCase()];
  const key = unquote(text.slice(dot + 1));
  if (!kind) throw new FilterSyntaxError(`unknown entity "${text.slice(0, dot)}" (use metrics, params, tags or attributes)`);
  if (!key) throw new FilterSyntaxError(`"${text}" has no key`);
  if (kind === "attribute" && !STRING_ATTRIBUTES.has(key) && !NUMERIC_ATTRIBUTES.has(key)) {
    throw new FilterSyntaxError(`unknown attribute "${key}" (status, run_name, run_id, start_time, end_time)`);
  }
  return { kind, key };
}

export function parseRunFilter(filter: string | undefined | null): FilterClause[] {
  if (!filter || !filter.trim()) return [];
  const t = tokenize(filter);
  const clauses: FilterClause[] = [];
  let i = 0;
  const peekWord = (w: string) => t[i]?.type === "ident" && t[i]!.text.toUpperCase() === w;
  while (i < t.length) {
    const ent = t[i++];
    if (!ent || ent.type !== "ident") throw new FilterSyntaxError(`expected metrics.<key>, params.<key>, tags.<key> or an attribute, got "${ent?.text ?? "end of filter"}"`);
    const { kind, key } = entity(ent.text);
    let op: Comparator;
    if (t[i]?.type === "op") op = t[i++]!.text as Comparator;
    else if (peekWord("NOT") && t[i + 1]?.type === "ident" && t[i + 1]!.text.toUpperCase() === "IN") {
      op = "NOT IN";
      i += 2;
    } else if (peekWord("LIKE") || peekWord("ILIKE") || peekWord("IN")) op = t[i++]!.text.toUpperCase() as Comparator;
    else throw new FilterSyntaxError(`expected a comparator after "${ent.text}"`);

    const numeric = kind === "metric" || (kind === "attribute" && NUMERIC_ATTRIBUTES.has(key));
    let value: FilterClause["value"];
    if (op === "IN" || op === "NOT IN") {
      if (numeric) throw new FilterSyntaxError(`${op} applies to params, tags and string attributes, not "${ent.text}"`);
      if (t[i++]?.type !== "lparen") throw new FilterSyntaxError(`expected "(" after ${op}`);
      const list: string[] = [];
      while (true) {
        const v = t[i++];
        if (v?.type !== "string") throw new FilterSyntaxError(`expected a quoted string in the ${op} list`);
        list.push(v.text);
        const sep = t[i++];
        if (sep?.type === "rparen") break;
        if (sep?.type !== "comma") throw new FilterSyntaxError(`expected "," or ")" in the ${op} list`);
      }
      value = list;
    } else {
      const v = t[i++];
      if (numeric) {
        if (v?.type !== "number") throw new FilterSyntaxError(`"${ent.text}" compares with a number, got "${v?.text ?? "end of filter"}"`);
        if (op === "LIKE" || op === "ILIKE") throw new FilterSyntaxError(`${op} does not apply to "${ent.text}"`);
        value = Number(v.text);
      } else {
        if (v?.type !== "string") throw new FilterSyntaxError(`"${ent.text}" compares with a quoted string, got "${v?.text ?? "end of filter"}"`);
        if (op === "<" || op === "<=" || op === ">" || op === ">=") throw new FilterSyntaxError(`${op} does not apply to "${ent.text}" (use =, !=, LIKE, ILIKE, IN)`);
        value = v.text;
      }
    }
    clauses.push({ kind, key, op, value });
    if (i < t.length) {
      if (!peekWord("AND")) throw new FilterSyntaxError(`expected AND between clauses, got "${t[i]!.text}" (OR is not supported, as in MLflow)`);
      i++;
      if (i >= t.length) throw new FilterSyntaxError("the filter ends with AND");
    }
  }
  return clauses;
}

/** `metrics.rmse ASC`, `attributes.start_time DESC`, `params.lr` (ASC by default). */
export function parseOrderBy(s: string): { kind: EntityKind; key: string; desc: boolean } {
  const m = s.trim().match(/^(.+?)(?:\s+(ASC|DESC))?$/i);
  if (!m) throw new FilterSyntaxError(`cannot parse order_by "${s}"`);
  return { ...entity(m[1]!.trim()), desc: (m[2] ?? "ASC").toUpperCase() === "DESC" };
}
