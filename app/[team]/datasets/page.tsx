import type { Metadata } from "next";
import { DatasetsTable } from "@/components/datasets/datasets-table";
import { UploadDatasetForm } from "@/components/datasets/upload-form";
import { getTeamPage } from "@/server/auth/team-page";

export const metadata: Metadata = { title: "Datasets" };

export default async function DatasetsPage({ params }: { params: Promise<{ team: string }> }) {
  const { team: slug } = await params;
  const page = await getTeamPage(slug);
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Datasets</h1>
        <p className="text-sm text-muted-foreground">Immutable, versioned OHLCV series. A re-upload under the same name is a new version.</p>
      </div>
      {page.can("dataset:write") ? <UploadDatasetForm teamSlug={slug} /> : null}
      <DatasetsTable teamSlug={slug} />
    </div>
  );
}
