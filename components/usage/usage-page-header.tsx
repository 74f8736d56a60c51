import { PageHeader } from "@/components/states/page-header";
import { UsageTabs } from "./usage-tabs";
import { ZoneParam } from "./zone-param";

/** The head of every /usage section: the time-zone sync, the title with its description and actions, the tabs. */
export function UsagePageHeader({
  active,
  tz,
  description,
  actions,
}: {
  active: React.ComponentProps<typeof UsageTabs>["active"];
  tz?: string;
  description: string;
  actions?: React.ReactNode;
}) {
  return (
    <>
      <ZoneParam serverZone={tz} />
      <PageHeader title="Usage" description={description} actions={actions} />
      <UsageTabs active={active} tz={tz} />
    </>
  );
}
