/**
 * A 100x100 SVG icon (charmhub's format: a filled circle) with the charm's initials,
 * coloured from a hash of its name so that sibling charms are told apart.
 */
export function generateIcon(name: string, title: string): string {
  const initials = name
    .split('-')
    .filter((word) => word.length > 0)
    .slice(0, 2)
    .map((word) => word.charAt(0).toUpperCase())
    .join('');
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) % 360;
  const escapedTitle = title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100">',
    `  <title>${escapedTitle}</title>`,
    `  <circle cx="50" cy="50" r="50" fill="hsl(${hash}, 55%, 40%)"/>`,
    `  <text x="50" y="50" dy="0.35em" text-anchor="middle" font-family="Ubuntu, sans-serif" font-size="38" font-weight="bold" fill="#ffffff">${initials}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
