/** Small line icons drawn for this app; decorative unless given a title. */
const paths = {
  keys: 'M14.5 3a5.5 5.5 0 0 0-5.25 7.14L3 16.4V21h4.6v-2.3h2.3v-2.3h2.3l1.26-1.26A5.5 5.5 0 1 0 14.5 3Zm1.75 3.5a1.75 1.75 0 1 1 0 3.5 1.75 1.75 0 0 1 0-3.5Z',
  playground: 'M9 3h6M10 3v5.2L4.6 18.1A2 2 0 0 0 6.35 21h11.3a2 2 0 0 0 1.75-2.9L14 8.2V3M7.2 14h9.6',
  usage: 'M4 20V10M10 20V4M16 20v-7M22 20H2',
  settings:
    'M12 15.5a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7Zm7.4-2.1.1-1.4-.1-1.4 2-1.6-2-3.4-2.4 1a7.6 7.6 0 0 0-2.4-1.4L14.2 2h-4l-.4 2.7a7.6 7.6 0 0 0-2.4 1.4l-2.4-1-2 3.4 2 1.6-.1 1.4.1 1.4-2 1.6 2 3.4 2.4-1a7.6 7.6 0 0 0 2.4 1.4l.4 2.7h4l.4-2.7a7.6 7.6 0 0 0 2.4-1.4l2.4 1 2-3.4-2-1.6Z',
  info: 'M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20Zm0-11v6m0-9.5v.5',
  more: 'M4 12a1.5 1.5 0 1 0 3 0 1.5 1.5 0 1 0-3 0Zm6.5 0a1.5 1.5 0 1 0 3 0 1.5 1.5 0 1 0-3 0Zm6.5 0a1.5 1.5 0 1 0 3 0 1.5 1.5 0 1 0-3 0Z',
  sidebar: 'M5 4h14a1 1 0 0 1 1 1v14a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1Zm4 0v16m5-11-3 3 3 3',
  hub: 'M12 2.5 20.5 7v10L12 21.5 3.5 17V7L12 2.5Zm0 0V12m0 0 8.5-5M12 12 3.5 7M12 12v9.5',
} as const;

export type IconName = keyof typeof paths;

export function Icon({ name, size = 20, title }: { name: IconName; size?: number; title?: string }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.7}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden={title ? undefined : true}
      role={title ? 'img' : undefined}
    >
      {title ? <title>{title}</title> : null}
      <path d={paths[name]} />
    </svg>
  );
}
