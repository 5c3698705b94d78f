import type { Metadata } from "next";
import { AlertList } from "@/components/monitoring/alert-list";
import { WebhookSettings } from "@/components/monitoring/webhook-settings";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getTeamPage } from "@/server/auth/team-page";

export const metadata: Metadata = { title: "Monitoring" };

export default async function MonitoringPage({ params }: { params: Promise<{ team: string }> }) {
  const { team: slug } = await params;
  const page = await getTeamPage(slug);
  return (
    <div className="space-y-8">
      <PageHeader title="Monitoring">Alerts from drift checks, live performance, failed jobs and retrains, with who is on them.</PageHeader>

      <section className="space-y-3" aria-labelledby="alerts-heading">
        <h2 id="alerts-heading" className="font-semibold">
          Alerts
        </h2>
        <AlertList teamSlug={slug} canManage={page.can("alert:manage")} />
      </section>

      {/* Per-deployment feature drift heatmap, performance chart, latency and error rate: built with the drift checks. */}
      <section className="space-y-3" aria-labelledby="drift-heading" data-testid="drift-section">
        <h2 id="drift-heading" className="font-semibold">
          Drift and performance
        </h2>
        <EmptyState title="Not built yet">Per deployment: feature drift over time, live performance against validation, latency and error rate. Nothing here is simulated.</EmptyState>
      </section>

      {page.can("webhook:manage") ? (
        <section className="space-y-3" aria-labelledby="webhook-heading">
          <h2 id="webhook-heading" className="font-semibold">
            Alert webhook
          </h2>
          <WebhookSettings teamSlug={slug} />
        </section>
      ) : null}
    </div>
  );
}
