import { LoadingState } from "@/components/states/loading-state";

export default function NewModelLoading() {
  return <LoadingState label="Loading the provider catalogue" rows={6} />;
}
