// A chart's logo: the metadata's image when the browser may load it (the UI's content policy allows
// images from the server itself and data: URLs only), else the chart's initials.
import { Avatar } from '@mantine/core';

/** Up to two initials of a chart name: `docker-registry` -> `DR`, `registry` -> `RE`. */
export function chartInitials(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  if (words.length >= 2) return `${words[0]![0]}${words[1]![0]}`.toUpperCase();
  return (words[0] ?? '?').slice(0, 2).toUpperCase();
}

export function ChartLogo({
  name,
  logoImage,
  size = 40,
}: {
  name: string;
  logoImage: string;
  size?: number;
}) {
  // Avatar shows its children when the image fails to load (or is refused by the content policy).
  return (
    <Avatar
      src={logoImage === '' ? null : logoImage}
      alt={`${name} logo`}
      size={size}
      radius="sm"
      color="blue"
    >
      {chartInitials(name)}
    </Avatar>
  );
}
