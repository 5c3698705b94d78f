import { cn } from "@/lib/utils";

export function Label({ className, ...props }: React.ComponentProps<"label">) {
  return <label data-slot="label" className={cn("text-sm font-medium leading-none", className)} {...props} />;
}

/** A form field's error message, announced to screen readers. */
export function FieldError({ children, id }: { children?: React.ReactNode; id?: string }) {
  if (!children) return null;
  return (
    <p data-slot="field-error" id={id} role="alert" className="text-sm text-destructive">
      {children}
    </p>
  );
}
