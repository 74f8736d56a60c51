import { LoadingState } from "@/components/states/loading-state";

export default function KeysLoading() {
  return <LoadingState label="Loading virtual keys" rows={8} />;
}
