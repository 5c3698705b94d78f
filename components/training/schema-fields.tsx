"use client";

import { Field } from "@/components/ui/field";
import { Input, NativeSelect } from "@/components/ui/input";
import { FieldError } from "@/components/ui/label";
import { type FormValues, type JsonSchema, propertyField } from "@/lib/json-schema-form";

export interface SchemaFieldProps {
  /** The object schema that has the property. */
  parent: JsonSchema;
  name: string;
  /** The parent's path ("" at the top). */
  prefix?: string;
  values: FormValues;
  /** The inputs' initial values (initialValues), said as hints: what an empty input stands for. */
  defaults: FormValues;
  onChange: (path: string, value: string | boolean) => void;
  errors: Record<string, string | undefined>;
  /** The label of the input at a path (`key` is the property's own name). */
  label: (path: string, key: string) => string;
}

const inputId = (path: string) => `tf-${path.replace(/\./g, "-")}`;
const join = (prefix: string, key: string) => (prefix ? `${prefix}.${key}` : key);

function Checkbox({ path, label, checked, onChange }: { path: string; label: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <label className="flex items-center gap-2 text-sm">
      <input type="checkbox" id={inputId(path)} checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}

/** The fields of an object's properties, leaves in a grid and groups across it. */
export function SchemaFields({ schema, omit = [], ...rest }: Omit<SchemaFieldProps, "parent" | "name"> & { schema: JsonSchema; omit?: string[] }) {
  return (
    <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
      {Object.keys(schema.properties ?? {})
        .filter((k) => !omit.includes(k))
        .map((k) => (
          <SchemaField key={k} parent={schema} name={k} {...rest} />
        ))}
    </div>
  );
}

/** One property's input (or group of inputs), by the kind of field its schema asks for. */
export function SchemaField({ parent, name, prefix = "", values, defaults, onChange, errors, label }: SchemaFieldProps) {
  const s = parent.properties![name]!;
  const path = join(prefix, name);
  const field = propertyField(parent, name);
  const id = inputId(path);
  const text = String(values[path] ?? "");
  const set = (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => onChange(path, e.target.value);
  const group = (inner: JsonSchema, omit: string[] = []) => (
    <SchemaFields schema={inner} prefix={path} values={values} defaults={defaults} onChange={onChange} errors={errors} label={label} omit={omit} />
  );

  switch (field.kind) {
    case "boolean":
      return (
        <div className="flex items-end pb-2">
          <Checkbox path={path} label={label(path, name)} checked={values[path] === true} onChange={(v) => onChange(path, v)} />
        </div>
      );
    case "choice":
      return (
        <Field id={id} label={label(path, name)} error={errors[path]}>
          <NativeSelect id={id} value={text} onChange={set} className="w-full">
            {s.default === undefined ? <option value="">—</option> : null}
            {field.options.map((o) => (
              <option key={o}>{o}</option>
            ))}
          </NativeSelect>
        </Field>
      );
    case "object":
      return (
        <fieldset className="col-span-full space-y-3 rounded-lg border p-4">
          <legend className="px-1 text-sm font-medium">{label(path, name)}</legend>
          {group(field.schema)}
        </fieldset>
      );
    case "variant": {
      const kind = String(values[`${path}.kind`]);
      const chosen = field.variants[kind];
      return (
        <fieldset className="col-span-full space-y-3 rounded-lg border p-4">
          <legend className="px-1 text-sm font-medium">{label(path, name)}</legend>
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
            <Field id={`${id}-kind`} label={label(`${path}.kind`, "kind")} error={errors[`${path}.kind`]}>
              <NativeSelect id={`${id}-kind`} value={kind} onChange={(e) => onChange(`${path}.kind`, e.target.value)} className="w-full">
                {Object.keys(field.variants).map((k) => (
                  <option key={k}>{k}</option>
                ))}
              </NativeSelect>
            </Field>
          </div>
          {chosen ? group(chosen, ["kind"]) : null}
          <FieldError>{errors[path]}</FieldError>
        </fieldset>
      );
    }
    case "optional": {
      const on = values[path] === true;
      return (
        <div className="col-span-full space-y-3 rounded-lg border p-4">
          <Checkbox path={path} label={label(path, name)} checked={on} onChange={(v) => onChange(path, v)} />
          {on ? group(field.schema) : null}
          <FieldError>{errors[path]}</FieldError>
        </div>
      );
    }
    default: {
      const fallback = defaults[path] ? `default ${String(defaults[path])}` : undefined;
      const hint =
        field.kind === "list"
          ? ["numbers, comma-separated", fallback].filter(Boolean).join("; ")
          : field.kind === "choiceOrNumber"
            ? `${field.options.join(", ")} or a number; empty for the default`
            : fallback;
      return (
        <Field id={id} label={label(path, name)} error={errors[path]} hint={hint}>
          <Input id={id} value={text} onChange={set} inputMode={field.kind === "number" ? "decimal" : undefined} aria-invalid={errors[path] ? true : undefined} />
        </Field>
      );
    }
  }
}
