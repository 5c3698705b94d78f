import type { Metadata } from "next";
import { MonitoringDashboard } from "@/components/monitoring/monitoring-dashboard";
import { WebhookSettings } from "@/components/monitoring/webhook-settings";
import { PageHeader } from "@/components/ui/page-header";
import { getTeamPage } from "@/server/auth/team-page";

export const metadata: Metadata = { title: "Monitoring" };

export default async function MonitoringPage({ params, searchParams }: { params: Promise<{ team: string }>; searchParams: Promise<{ deployment?: string | string[] }> }) {
  const { team: slug } = await params;
  const { deployment } = await searchParams;
  const page = await getTeamPage(slug);
  return (
    <div className="space-y-8">
      <PageHeader title="Monitoring">Per deployment: its inputs against the training window, live performance against validation, latency and errors; then the alerts, with who is on them.</PageHeader>

      <MonitoringDashboard
        teamSlug={slug}
        initialDeployment={typeof deployment === "string" ? deployment : null}
        can={{ write: page.can("monitor:write"), run: page.can("monitor:run"), manageAlerts: page.can("alert:manage") }}
      />

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
