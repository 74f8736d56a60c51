import {
  BellIcon,
  BoxesIcon,
  FileCodeIcon,
  FlaskConicalIcon,
  ChartColumnIcon,
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
  notifications: BellIcon,
  playground: FlaskConicalIcon,
  usage: ChartColumnIcon,
};

export function NavIcon({ name, className }: { name: NavIconName; className?: string }) {
  const Icon = icons[name] ?? HouseIcon;
  return <Icon className={className} aria-hidden />;
}
