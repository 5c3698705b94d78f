import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { DatasetsTable } from "@/components/datasets/datasets-table";
import { SyntheticDatasetForm } from "@/components/datasets/synthetic-form";
import { UploadDatasetForm } from "@/components/datasets/upload-form";
import { getTeamPage } from "@/server/auth/team-page";

export const metadata: Metadata = { title: "Datasets" };

export default async function DatasetsPage({ params }: { params: Promise<{ team: string }> }) {
  const { team: slug } = await params;
  const page = await getTeamPage(slug);
  return (
    <div className="space-y-8">
      <PageHeader title="Datasets">Immutable, versioned OHLCV series. A re-upload under the same name is a new version.</PageHeader>
      {page.can("dataset:write") ? (
        <div className="space-y-4">
          <UploadDatasetForm teamSlug={slug} />
          <SyntheticDatasetForm teamSlug={slug} />
        </div>
      ) : null}
      <DatasetsTable teamSlug={slug} />
    </div>
  );
}
