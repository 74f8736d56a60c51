/** "in 29 d 23 h" / "3 h 5 min ago": empty on the server (it cannot know when the page is read), filled in the browser. */
export function ServerCountdown({ iso, className }: { iso: string; className?: string }) {
  return <span className={className} data-countdown={iso} />;
}
