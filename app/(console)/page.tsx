import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth";
import { homeFor } from "@/lib/platform/navigation";

export default async function HomePage() {
  const user = await currentUser();
  if (!user) redirect("/login");
  redirect(homeFor(user));
}
