"use client";

import { useRouter } from "next/navigation";
import { NativeSelect } from "@/components/ui/input";

export function TeamSwitcher({ current, teams }: { current: string; teams: { slug: string; name: string }[] }) {
  const router = useRouter();
  return (
    <NativeSelect
      aria-label="Team"
      value={current}
      onChange={(e) => router.push(e.target.value === "__new" ? "/teams/new" : `/${e.target.value}`)}
    >
      {teams.map((t) => (
        <option key={t.slug} value={t.slug}>
          {t.name}
        </option>
      ))}
      <option value="__new">+ New team…</option>
    </NativeSelect>
  );
}
