import { LoadingState } from "@/components/states/loading-state";

export default function CredentialsLoading() {
  return <LoadingState label="Loading credentials" rows={4} />;
}
