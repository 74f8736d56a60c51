import { LoadingState } from "@/components/states/loading-state";

export default function UsageLoading() {
  return <LoadingState label="Loading usage" rows={6} />;
}
