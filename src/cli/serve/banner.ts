// What `setpoint serve` prints on stdout once it runs: where the API and etcd are, what it records,
// and the first admin's password when it generated one (printed this once, never logged).
import { isIPv4, isIPv6 } from 'node:net';
import { builtWebApp } from '../../server/http/web-app.js';

/**
 * The facts the banner states.
 *
 * @example
 * bannerText({ apiUrl: 'http://127.0.0.1:8420', webUi: false, etcd: { kind: 'embedded', urls, dataDir },
 *   history: true, adminPassword: undefined, passwordHint: '' });
 */
export interface BannerFacts {
  readonly apiUrl: string;
  /** A web UI build is there to serve. */
  readonly webUi: boolean;
  readonly etcd:
    | { readonly kind: 'embedded'; readonly urls: readonly string[]; readonly dataDir: string }
    | { readonly kind: 'cluster'; readonly endpoints: string };
  readonly history: boolean;
  /** One line about the backups, or undefined when they are off. */
  readonly backups?: string;
  /** The generated password of the first admin: shown here once. */
  readonly adminPassword: string | undefined;
  /** What to do with that password, after "shown once; ". */
  readonly passwordHint: string;
}

/** Wide enough for the longest label, 'web UI and API:', so the values line up whichever rows show. */
const labelWidth = 17;

/**
 * The banner, ending with a newline.
 *
 * @example
 * process.stdout.write(bannerText(facts));
 * // Setpoint is running.
 * //   API:             http://127.0.0.1:8420  (API reference: http://127.0.0.1:8420/api/reference)
 * //   ...
 */
export function bannerText(facts: BannerFacts): string {
  const rows: [string, string][] = [
    [
      facts.webUi ? 'web UI and API' : 'API',
      `${facts.apiUrl}  (API reference: ${facts.apiUrl}/api/reference)`,
    ],
  ];
  if (facts.etcd.kind === 'embedded') {
    const first = facts.etcd.urls[0]?.replace(/^https?:\/\//, '') ?? '';
    rows.push(
      ['etcd API', `${facts.etcd.urls.join(', ')}  (try: etcdctl --endpoints ${first} put hello world)`],
      ['data', facts.etcd.dataDir],
    );
  } else {
    rows.push(
      ['etcd API', `${facts.etcd.endpoints}  (an existing etcd; no embedded store runs)`],
      ['data', 'in that etcd'],
    );
  }
  rows.push(
    ['history', facts.history ? 'recorded (setpoint history KEY)' : 'off'],
    ['backups', facts.backups ?? 'off'],
  );
  if (facts.adminPassword !== undefined) {
    rows.push(['admin password', `${facts.adminPassword}  (shown once; ${facts.passwordHint})`]);
  }
  return `Setpoint is running.\n${rows
    .map(([label, value]) => `  ${`${label}:`.padEnd(labelWidth)}${value}\n`)
    .join('')}Stop with Ctrl-C.\n`;
}

/**
 * Whether a built web UI sits in this installation (`dist/web` beside package.json).
 *
 * @example
 * hasWebBuild(); // false until the web UI is built
 */
export function hasWebBuild(): boolean {
  return builtWebApp() !== undefined;
}

/**
 * Whether a listen host reaches this machine only: `localhost`, 127.0.0.0/8, `::1`. A wildcard
 * (`0.0.0.0`, `::`), another address or a host name is taken to reach beyond it.
 *
 * @example
 * isLoopback('127.0.0.1'); // true
 * isLoopback('0.0.0.0'); // false
 */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIPv4(host)) return host.startsWith('127.');
  if (isIPv6(host)) return host === '::1' || /^::ffff:127\./i.test(host);
  return false;
}
