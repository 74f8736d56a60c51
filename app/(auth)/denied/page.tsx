import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export const metadata: Metadata = { title: "No access" };

export default function DeniedPage() {
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h1 className="text-xl">You have no access to Gatehouse</h1>
        </CardTitle>
        <CardDescription>
          You signed in, but none of your groups is mapped to a Gatehouse role or team. Ask your platform team to add one of your groups
          to the group bindings, then sign in again.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <Button asChild variant="outline">
          <Link href="/login">Back to sign in</Link>
        </Button>
      </CardContent>
    </Card>
  );
}
