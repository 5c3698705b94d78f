import { cn } from "@/lib/utils";

/** What a page shows when it has nothing yet, saying honestly why and what comes next. */
export function EmptyState({ title, children, className }: { title: string; children?: React.ReactNode; className?: string }) {
  return (
    <div data-slot="empty-state" className={cn("rounded-xl border border-dashed p-10 text-center", className)}>
      <h2 className="text-base font-semibold">{title}</h2>
      {children ? <div className="mx-auto mt-2 max-w-prose text-sm text-muted-foreground">{children}</div> : null}
    </div>
  );
}
