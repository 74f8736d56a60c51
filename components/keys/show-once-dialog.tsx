"use client";

import * as React from "react";
import { CheckIcon, CopyIcon, TriangleAlertIcon } from "lucide-react";
import { toast } from "@/components/ui/toast";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import type { IssuedKey } from "@/lib/keys/service";
import { buildSnippets } from "@/lib/keys/snippets";

import { ClientTimestamp } from "@/components/time/time-zone";

function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = React.useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      toast.success(`${label} copied`);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      toast.error("The browser did not allow copying. Select the text and copy it by hand.");
    }
  }
  return (
    <Button type="button" variant="outline" size="sm" onClick={copy} aria-label={`Copy ${label.toLowerCase()}`}>
      {copied ? <CheckIcon aria-hidden /> : <CopyIcon aria-hidden />} {copied ? "Copied" : "Copy"}
    </Button>
  );
}

/**
 * The only place a raw key is ever shown: the result of the action that made it, held in the browser's memory until
 * this dialog closes. Closing it forgets the key.
 */
export function ShowOnceDialog({
  issued,
  snippetModel,
  title = "Your new virtual key",
  onClose,
}: {
  issued: IssuedKey | null;
  snippetModel: string;
  title?: string;
  onClose: () => void;
}) {
  const snippets = issued ? buildSnippets({ baseUrl: issued.publicUrl, key: issued.key, model: snippetModel }) : null;
  return (
    <Dialog open={issued !== null} onOpenChange={(open) => (!open ? onClose() : undefined)}>
      <DialogContent
        className="sm:max-w-2xl"
        // A stray click outside must not throw the key away.
        onInteractOutside={(event) => event.preventDefault()}
      >
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>
            {issued?.alias ? (
              <>
                Alias <strong>{issued.alias}</strong>.{" "}
              </>
            ) : null}
            Copy the key now and keep it somewhere safe.
          </DialogDescription>
        </DialogHeader>
        {issued && snippets ? (
          <div className="grid gap-4">
            <Alert variant="warning">
              <TriangleAlertIcon aria-hidden />
              <AlertTitle>You will not see this again</AlertTitle>
              <AlertDescription>Gatehouse does not store the key. If it is lost, issue a new one and delete this one.</AlertDescription>
            </Alert>
            <div className="grid gap-2">
              <div className="flex items-center justify-between gap-2">
                <span className="text-sm font-medium" id="issued-key-label">
                  Virtual key
                </span>
                <CopyButton text={issued.key} label="Key" />
              </div>
              <code
                aria-labelledby="issued-key-label"
                data-testid="issued-key"
                className="block rounded-md border bg-muted px-3 py-2 font-mono text-sm break-all select-all"
              >
                {issued.key}
              </code>
            </div>
            <p className="text-sm">
              {issued.expires ? (
                <>
                  Expires <ClientTimestamp iso={issued.expires} testId="issued-key-expires" className="font-medium" />
                </>
              ) : (
                "Never expires."
              )}
            </p>
            {issued.expiryNote ? <p className="text-sm text-warning">{issued.expiryNote}</p> : null}
            <Tabs defaultValue="curl">
              <TabsList aria-label="Example code">
                <TabsTrigger value="curl">curl</TabsTrigger>
                <TabsTrigger value="python">Python</TabsTrigger>
                <TabsTrigger value="node">Node</TabsTrigger>
              </TabsList>
              {(["curl", "python", "node"] as const).map((lang) => (
                <TabsContent key={lang} value={lang} className="grid gap-2">
                  <div className="flex justify-end">
                    <CopyButton
                      text={snippets[lang]}
                      label={`${lang === "curl" ? "curl" : lang === "python" ? "Python" : "Node"} example`}
                    />
                  </div>
                  <pre
                    className="max-h-64 overflow-auto rounded-md border bg-muted p-3 text-xs"
                    data-testid={`snippet-${lang}`}
                    tabIndex={0}
                  >
                    <code>{snippets[lang]}</code>
                  </pre>
                </TabsContent>
              ))}
            </Tabs>
            <p className="text-xs text-muted-foreground">
              Clients call the gateway at {issued.publicUrl}. The Python example needs <code>pip install openai</code>; the Node example{" "}
              <code>npm install openai</code>.
            </p>
          </div>
        ) : null}
        <DialogFooter>
          <Button type="button" onClick={onClose}>
            I have copied the key
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
