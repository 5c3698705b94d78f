"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";
import { SECTIONS, SETTINGS_SECTIONS, type Section } from "./sections";

function NavLink({ teamSlug, section }: { teamSlug: string; section: Section }) {
  const href = `/${teamSlug}/${section.slug}`;
  const active = usePathname()?.startsWith(href);
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={cn("block rounded-md px-3 py-1.5 text-sm hover:bg-muted", active && "bg-muted font-medium")}
    >
      {section.label}
    </Link>
  );
}

export function SideNav({ teamSlug }: { teamSlug: string }) {
  return (
    <nav aria-label="Sections" className="space-y-4">
      <div className="space-y-0.5">
        {SECTIONS.map((s) => (
          <NavLink key={s.slug} teamSlug={teamSlug} section={s} />
        ))}
      </div>
      <div>
        <div className="px-3 pb-1 text-xs font-medium uppercase tracking-wide text-muted-foreground">Settings</div>
        <div className="space-y-0.5">
          {SETTINGS_SECTIONS.map((s) => (
            <NavLink key={s.slug} teamSlug={teamSlug} section={s} />
          ))}
        </div>
      </div>
    </nav>
  );
}
