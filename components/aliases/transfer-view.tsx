import { DownloadIcon } from "lucide-react";
import { buttonVariants } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { LoadingState } from "@/components/states/loading-state";
import { Island } from "./aliases-islands";

function ExportCard() {
  const outline = buttonVariants({ variant: "outline" });
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>Export</h2>
        </CardTitle>
        <CardDescription>The whole registry, in the same format the import reads.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-wrap gap-2">
        <a href="/api/aliases/export?format=yaml" download className={outline} data-slot="button">
          <DownloadIcon aria-hidden /> Download YAML
        </a>
        <a href="/api/aliases/export?format=json" download className={outline} data-slot="button">
          <DownloadIcon aria-hidden /> Download JSON
        </a>
      </CardContent>
    </Card>
  );
}

/** The "Import / Export" tab: the export links are plain server HTML, the import form loads after first paint. */
export function TransferView({ canEdit }: { canEdit: boolean }) {
  if (!canEdit) return <ExportCard />;
  return (
    <div className="grid gap-6">
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>Import</h2>
          </CardTitle>
          <CardDescription>
            A pipeline&apos;s declaration of the aliases it needs, as YAML or JSON: a list of entries (alias, consumer, kind, dimension,
            required, team, note) or a mapping with a shared consumer and aliases. Preview first; nothing changes until you apply.
          </CardDescription>
        </CardHeader>
        <Island
          name="ImportSlot"
          props={{}}
          fallback={
            <CardContent>
              <LoadingState label="Loading the import form" rows={3} />
            </CardContent>
          }
        />
      </Card>
      <ExportCard />
    </div>
  );
}
