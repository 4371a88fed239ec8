/**
 * The Cloudflare health webhook (CLOUDFLARE_HEALTH_WEBHOOK_URL; docs/decisions/022-cloudflare-health.md): one POST
 * when Cloudflare's API starts failing for everyone using the dashboard (3 attempts in a row) and one when it answers
 * again — the two log lines, told to the team's channel, so the on-call engineer hears of it before the first ticket.
 * JSON that Slack / Mattermost incoming webhooks take as it is (`text`), with the facts for anything else.
 *
 * A flapping Cloudflare does not flood the channel: after "answers again", a new run of failures is told only once
 * it has lasted to the end of a quiet period (5 minutes from "answers again"), as "failing again"; a run that ends
 * before that is told nowhere but the log. Its "answers again" follows only a "failing" that was told.
 */
import { formatInterval, operationLabel, withFullStop, type UpstreamFailureKind } from '@secdns/api-types';
import type { FastifyBaseLogger } from 'fastify';
import type { AttemptRecord, HealthChange } from '../upstream/health.js';
import { utcTime } from '../text.js';
import { escapeChat } from './audit-webhook.js';
import { createJsonPoster, type JsonPoster, type PosterOptions } from './poster.js';

export interface CloudflareWebhookBody {
  event: 'cloudflare.failing' | 'cloudflare.answering';
  /** One line for a chat channel. */
  text: string;
  /** When it was seen: the attempt that made the run "failing", or the first answer after it. */
  time: string;
  /** The run's first failed attempt. */
  failing_since: string;
  /** Failed attempts in a row (so far, for cloudflare.failing). */
  failed_attempts: number;
  /** cloudflare.answering: from the first failure to the answer. */
  failed_for_seconds: number | null;
  /** cloudflare.failing: the latest failed attempt, with the sentence its user was shown. */
  last_failure: { operation: string; kind: UpstreamFailureKind; status: number; message: string } | null;
  /** cloudflare.failing: Cloudflare had answered again shortly before (a flapping API). */
  again: boolean;
  /** Where the dashboard sends its calls: Cloudflare's API host, or `sandbox`. */
  upstream: string;
}

const KIND_WORDS: Record<UpstreamFailureKind, string> = {
  server: 'Cloudflare answered with a server error',
  timeout: 'no answer in time',
  network: 'no connection',
  malformed: 'an answer that was not understood',
};

export function cloudflareFailingBody(
  run: { since: number; failures: number; last: AttemptRecord },
  at: number,
  upstream: string,
  again = false,
): CloudflareWebhookBody {
  const kind = run.last.kind as UpstreamFailureKind;
  const last = `${operationLabel(run.last.operation)}: ${KIND_WORDS[kind] ?? kind}, HTTP ${run.last.status}`;
  return {
    event: 'cloudflare.failing',
    text: escapeChat(
      `Cloudflare's API is failing${again ? ' again' : ''} for everyone using the dashboard: ` +
        `${run.failures} attempts in a row failed since ${utcTime(run.since)} (last: ${last}). ` +
        'Pages show errors and changes or Force AXFR / NOTIFY made now are likely to fail; ' +
        'see https://www.cloudflarestatus.com/ — the next message says when it answers again.',
    ),
    time: new Date(at).toISOString(),
    failing_since: new Date(run.since).toISOString(),
    failed_attempts: run.failures,
    failed_for_seconds: null,
    last_failure: { operation: run.last.operation, kind, status: run.last.status, message: run.last.message },
    again,
    upstream,
  };
}

export function cloudflareAnsweringBody(
  change: Extract<HealthChange, { kind: 'recovered' }>,
  at: number,
  upstream: string,
): CloudflareWebhookBody {
  const seconds = Math.round(change.failedForMs / 1000);
  return {
    event: 'cloudflare.answering',
    text: escapeChat(
      withFullStop(
        `Cloudflare's API answers again, after ${seconds === 0 ? 'less than a second' : formatInterval(seconds)} of failures ` +
          `(${change.failures} attempts in a row failed since ${utcTime(change.since)}). ` +
          'Changes tried while it failed may or may not have been made: the audit log says which failed',
      ),
    ),
    time: new Date(at).toISOString(),
    failing_since: new Date(change.since).toISOString(),
    failed_attempts: change.failures,
    failed_for_seconds: seconds,
    last_failure: null,
    again: false,
    upstream,
  };
}

export interface CloudflareNotifierOptions {
  /** Cloudflare's API host, or `sandbox`. */
  upstream: string;
  /** The run going on now, when long enough to be "failing" (UpstreamHealth.failingRun). */
  failingRun: () => { since: number; failures: number; last: AttemptRecord } | null;
  report?: Pick<PosterOptions<CloudflareWebhookBody>, 'onFailure' | 'onSent'>;
  sandbox?: boolean;
  /** After "answers again", how long a new run must last to be told. Default 5 minutes. */
  quietMs?: number;
  now?: () => number;
}

export interface CloudflareNotifier {
  /** UpstreamHealth's onChange. */
  change(change: HealthChange): void;
  /** Stops the timer of a held "failing again"; resolves when every body queued so far has been sent. */
  close(): Promise<void>;
  /** A test message, sent now (the Settings page). */
  test: JsonPoster<CloudflareWebhookBody>['test'];
}

export function createCloudflareNotifier(url: string, log: FastifyBaseLogger, options: CloudflareNotifierOptions): CloudflareNotifier {
  const poster = createJsonPoster<CloudflareWebhookBody>(url, log, {
    name: 'Cloudflare health',
    describe: (body) => ({ event: body.event, failed_attempts: body.failed_attempts }),
    ...options.report,
    ...(options.sandbox ? { sandbox: true } : {}),
  });
  const quietMs = options.quietMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  /** The run going on was told (so its end is told too). */
  let told = false;
  /** When "answers again" was last told: the quiet period runs from it. */
  let answeredAt: number | null = null;
  let held: NodeJS.Timeout | null = null;

  const tellFailing = (run: { since: number; failures: number; last: AttemptRecord }, again: boolean) => {
    told = true;
    poster.post(cloudflareFailingBody(run, now(), options.upstream, again));
  };

  return {
    change(change) {
      if (change.kind === 'failing') {
        const quietLeft = answeredAt === null ? 0 : answeredAt + quietMs - now();
        if (quietLeft <= 0) return tellFailing(change, false);
        // Flapping: told at the end of the quiet period if it is still failing then.
        if (held) clearTimeout(held);
        held = setTimeout(() => {
          held = null;
          const run = options.failingRun();
          if (run) tellFailing(run, true);
        }, quietLeft);
        held.unref();
        return;
      }
      if (held) {
        clearTimeout(held);
        held = null;
      }
      if (!told) return;
      told = false;
      answeredAt = now();
      poster.post(cloudflareAnsweringBody(change, answeredAt, options.upstream));
    },
    test: (text) => poster.test(text),
    async close() {
      if (held) clearTimeout(held);
      held = null;
      await poster.drain();
    },
  };
}
