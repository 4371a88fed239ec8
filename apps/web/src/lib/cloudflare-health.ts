/**
 * What the dashboard has seen of Cloudflare lately (the budget report's `cloudflare`, from every user's calls and
 * the dashboard's own), in words for the header: a badge while Cloudflare fails, errs or is slow, and the lines of
 * the budget popover. So support staff tell at a glance whether a 502 is Cloudflare's (everyone's calls fail, since
 * 05:41) or not (Cloudflare answers: the error is about this request).
 */
import { formatInterval, type CloudflareHealth, type UpstreamFailureKind } from '@secdns/api-types';
import { countOf } from './count';
import { formatRelative } from './format-time';

export type { CloudflareHealth };

const number = new Intl.NumberFormat('en-US');

const FAILURE_WORDS: Record<UpstreamFailureKind, string> = {
  server: 'server error (HTTP 5xx)',
  timeout: 'no answer in time',
  network: 'no connection',
  malformed: 'answer not understood',
};

/** The header's badge, or null while all is well (or nothing is known). */
export function healthBadge(health: CloudflareHealth | undefined): { label: string; color: 'red' | 'yellow' } | null {
  if (!health) return null;
  if (health.state === 'failing') return { label: 'Cloudflare failing', color: 'red' };
  if (health.state === 'errors') return { label: 'Cloudflare errors', color: 'yellow' };
  if (health.state === 'slow') return { label: 'Cloudflare slow', color: 'yellow' };
  return null;
}

/** "2 server errors (HTTP 5xx), 1 no answer in time": the failures of the window by kind, the most first. */
export function failureBreakdown(failures: CloudflareHealth['failures']): string {
  return (Object.entries(failures) as [UpstreamFailureKind, number][])
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, count]) => `${number.format(count)} × ${FAILURE_WORDS[kind]}`)
    .join(', ');
}

/** "120 ms", "2.4 s". */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * "the last 4 calls from this dashboard failed, the first 3 minutes ago" (`from` between "calls" and "failed"); no
 * "first" for one call or a run that began just now.
 */
function runWords(health: CloudflareHealth, now: number, from = ''): string {
  const n = health.consecutiveFailures;
  const calls = n === 1 ? `the last call${from}` : `the last ${number.format(n)} calls${from}`;
  const began = n > 1 && health.failingSince ? formatRelative(health.failingSince, now) : 'just now';
  return `${calls} failed${began === 'just now' ? '' : `, the first ${began}`}`;
}

/** One sentence: how Cloudflare has been answering, and what it means for the person reading. */
export function healthSentence(health: CloudflareHealth, now: number = Date.now()): string {
  const window = formatInterval(health.windowSeconds);
  switch (health.state) {
    case 'unknown':
      return health.lastFailure && health.consecutiveFailures > 0
        ? `No call in the last ${window}; the last one, ${formatRelative(health.lastFailure.at, now)}, failed.`
        : `No call to Cloudflare in the last ${window}.`;
    case 'failing':
      return (
        `Cloudflare is failing: ${runWords(health, now, ' from this dashboard')}. ` +
        'Pages and actions that need Cloudflare fail until it answers again; this is not about your request.'
      );
    case 'errors':
      return (
        `${number.format(health.failed)} of ${countOf(health.calls, 'call')} in the last ${window} failed; ` +
        'Cloudflare is answering again.'
      );
    case 'slow':
      return `Cloudflare is answering slowly: the slowest 5 % of answers took ${formatMs(health.answerMs?.p95 ?? 0)} or more.`;
    default:
      return `Cloudflare is answering: ${countOf(health.calls, 'call')} in the last ${window}, none failed.`;
  }
}

/**
 * Under an error of Cloudflare's (502 / 504) while Cloudflare is failing for everyone: "not only you", so support
 * staff do not chase this one request. Null otherwise (Cloudflare answers other calls, or nothing is known).
 */
export function failingNote(health: CloudflareHealth | undefined, now: number = Date.now()): string | null {
  if (!health || health.state !== 'failing') return null;
  return (
    `Not only this request: Cloudflare is failing for everyone using this dashboard (${runWords(health, now)}). ` +
    'Retry when it answers again; the header shows when it does.'
  );
}

/**
 * In the confirmation of a change (a Force, enable / disable) while Cloudflare is failing for everyone: it will most
 * likely fail too. Null otherwise.
 */
export function failingWarning(health: CloudflareHealth | undefined, now: number = Date.now()): string | null {
  if (!health || health.state !== 'failing') return null;
  return (
    `Cloudflare is failing right now (${runWords(health, now, ' from this dashboard')}): this is likely to fail too. ` +
    'It is sent once, not retried.'
  );
}

