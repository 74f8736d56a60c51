import { LoadingState } from "@/components/states/loading-state";

export default function ModelLoading() {
  return <LoadingState label="Loading the deployment" rows={6} />;
}
