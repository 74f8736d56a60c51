import { LoadingState } from "@/components/states/loading-state";

export default function ModelsLoading() {
  return <LoadingState label="Loading models" rows={8} />;
}
