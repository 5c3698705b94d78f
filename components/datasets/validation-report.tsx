import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export interface ReportIssue {
  kind: string;
  severity: "error" | "warning";
  row: number | null;
  column: string | null;
  value?: string;
  message: string;
}

export interface ValidationReportData {
  rows: number;
  errors: number;
  warnings: number;
  totals: Record<string, number>;
  issues: ReportIssue[];
  maxIssuesPerKind: number;
}

/** A data file's validation report: totals per kind, then the listed issues by row. */
export function ValidationReport({ report, title }: { report: ValidationReportData; title: string }) {
  return (
    <section aria-label={title} className="space-y-3">
      <h3 className="font-semibold">{title}</h3>
      <p className="text-sm text-muted-foreground">
        {report.rows.toLocaleString()} rows read: {report.errors.toLocaleString()} errors, {report.warnings.toLocaleString()} warnings.{" "}
        {Object.entries(report.totals)
          .map(([k, n]) => `${k.replaceAll("_", " ")} ${n.toLocaleString()}`)
          .join(" · ")}
        {Object.values(report.totals).some((n) => n > report.maxIssuesPerKind) ? ` (the first ${report.maxIssuesPerKind} of each kind are listed)` : ""}
      </p>
      <div className="max-h-80 overflow-auto">
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Row</TableHead>
              <TableHead>Column</TableHead>
              <TableHead>Problem</TableHead>
              <TableHead>Value</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {report.issues.map((i, k) => (
              <TableRow key={k} data-testid={`issue-${i.severity}`}>
                <TableCell className="tabular-nums">{i.row ?? "—"}</TableCell>
                <TableCell>{i.column ?? "—"}</TableCell>
                <TableCell className={i.severity === "error" ? "text-destructive" : "text-amber-700"}>{i.message}</TableCell>
                <TableCell className="font-mono text-xs">{i.value ?? ""}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </section>
  );
}
