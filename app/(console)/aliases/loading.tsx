import { LoadingState } from "@/components/states/loading-state";

export default function Loading() {
  return <LoadingState label="Loading consumer aliases" rows={6} />;
}
