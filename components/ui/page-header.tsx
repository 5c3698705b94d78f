/** A page's title and one line saying what the page is for. */
export function PageHeader({ title, children }: { title: string; children?: React.ReactNode }) {
  return (
    <div data-slot="page-header">
      <h1 className="text-2xl font-semibold">{title}</h1>
      {children ? <p className="text-sm text-muted-foreground">{children}</p> : null}
    </div>
  );
}
