import { LoadingState } from "@/components/states/loading-state";

export default function Loading() {
  return <LoadingState label="Loading config as code" rows={6} />;
}
