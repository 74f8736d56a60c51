import { ModelsLoadErrorView } from "./models-load-error-view";
import { RefreshRetry } from "./refresh-retry";

/**
 * LiteLLM did not answer (down, 5xx, dropped connection): say so and offer a retry, never a blank page.
 * Server-rendered; only the retry (a router refresh) is client code.
 */
export function ModelsLoadError({ title, message }: { title: string; message: string }) {
  return (
    <RefreshRetry>
      <ModelsLoadErrorView title={title} message={message} />
    </RefreshRetry>
  );
}
