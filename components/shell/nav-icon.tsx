import {
  BoxesIcon,
  FileCodeIcon,
  FlaskConicalIcon,
  HouseIcon,
  KeyRoundIcon,
  ScrollTextIcon,
  SettingsIcon,
  TagsIcon,
  UsersIcon,
  VaultIcon,
  type LucideIcon,
} from "lucide-react";

import type { NavIconName } from "@/components/shell/types";

// Icons are chosen by name so the server layout can pass plain, serialisable nav data.
const icons: Record<NavIconName, LucideIcon> = {
  home: HouseIcon,
  models: BoxesIcon,
  credentials: VaultIcon,
  keys: KeyRoundIcon,
  teams: UsersIcon,
  aliases: TagsIcon,
  config: FileCodeIcon,
  audit: ScrollTextIcon,
  settings: SettingsIcon,
  playground: FlaskConicalIcon,
};

export function NavIcon({ name, className }: { name: NavIconName; className?: string }) {
  const Icon = icons[name] ?? HouseIcon;
  return <Icon className={className} aria-hidden />;
}
