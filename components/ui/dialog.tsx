"use client";

import { XIcon } from "lucide-react";
import { createContext, useContext, useEffect, useId, useRef } from "react";
import { cn } from "@/lib/utils";

/**
 * shadcn/ui's Dialog parts over the native `<dialog>` element (no Radix Dialog here): `showModal()`
 * gives the top layer, the inert page behind, focus moved in and back, and Escape to close.
 * Controlled: `open` and `onOpenChange`, as shadcn's Dialog is used with state.
 */
const DialogContext = createContext<{ open: boolean; setOpen: (open: boolean) => void; titleId: string; descriptionId: string } | null>(null);

function useDialog(part: string) {
  const ctx = useContext(DialogContext);
  if (!ctx) throw new Error(`<${part}> must be inside <Dialog>`);
  return ctx;
}

export function Dialog({ open, onOpenChange, children }: { open: boolean; onOpenChange: (open: boolean) => void; children: React.ReactNode }) {
  const id = useId();
  return <DialogContext value={{ open, setOpen: onOpenChange, titleId: `${id}-title`, descriptionId: `${id}-description` }}>{children}</DialogContext>;
}

export function DialogContent({ className, children, showCloseButton = true, ...props }: React.ComponentProps<"dialog"> & { showCloseButton?: boolean }) {
  const { open, setOpen, titleId, descriptionId } = useDialog("DialogContent");
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      data-slot="dialog-content"
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      // Escape, or close() from outside: tell the owner so its state follows.
      onClose={() => open && setOpen(false)}
      // The element itself is only hit on the backdrop: the content fills it edge to edge.
      onClick={(e) => e.target === e.currentTarget && setOpen(false)}
      className={cn(
        "m-auto max-h-[90vh] w-full max-w-[calc(100%-2rem)] overflow-visible rounded-lg border bg-background p-0 text-foreground shadow-lg backdrop:bg-black/50 sm:max-w-lg",
        className,
      )}
      {...props}
    >
      {open ? (
        <div className="relative grid max-h-[90vh] gap-4 overflow-y-auto p-6">
          {/* First in the DOM, so showModal() focuses Close rather than the content's first action. */}
          {showCloseButton ? (
            <button
              type="button"
              data-slot="dialog-close"
              onClick={() => setOpen(false)}
              className="absolute top-4 right-4 rounded-xs opacity-70 transition-opacity hover:opacity-100 focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
            >
              <XIcon className="size-4" />
              <span className="sr-only">Close</span>
            </button>
          ) : null}
          {children}
        </div>
      ) : null}
    </dialog>
  );
}

export function DialogHeader({ className, ...props }: React.ComponentProps<"div">) {
  return <div data-slot="dialog-header" className={cn("flex flex-col gap-2 pr-6 text-center sm:text-left", className)} {...props} />;
}

export function DialogFooter({ className, ...props }: React.ComponentProps<"div">) {
  return <div data-slot="dialog-footer" className={cn("flex flex-col-reverse gap-2 sm:flex-row sm:justify-end", className)} {...props} />;
}

export function DialogTitle({ className, ...props }: React.ComponentProps<"h2">) {
  const { titleId } = useDialog("DialogTitle");
  return <h2 id={titleId} data-slot="dialog-title" className={cn("text-lg leading-none font-semibold", className)} {...props} />;
}

export function DialogDescription({ className, ...props }: React.ComponentProps<"p">) {
  const { descriptionId } = useDialog("DialogDescription");
  return <p id={descriptionId} data-slot="dialog-description" className={cn("text-sm text-muted-foreground", className)} {...props} />;
}
