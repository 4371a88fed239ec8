/**
 * Who spends the shared Cloudflare API budget on what, as the budget's report says it (`spending`, ADR 005), in the
 * words of the header's budget popover. Apart from rate-budget.ts: it imports the contract's labels, which the first
 * chunk does without (the popover is loaded lazily).
 */
import { BUDGET_PURPOSE_LABELS, type BudgetSpender } from '@secdns/api-types';
import { countOf } from './count';

const number = new Intl.NumberFormat('en-US');

/** A spender as the budget's report names them: "alice (you)", "the dashboard itself" (the serial watch, readiness). */
export function spenderName(spender: Pick<BudgetSpender, 'username'>, me: string | null): string {
  if (spender.username === null) return 'The dashboard itself';
  return spender.username === me ? `${spender.username} (you)` : spender.username;
}

/**
 * What a spender spent on, the most first: "Check serials 400 · 12 other reads · 3 changes". Reads and changes of one
 * purpose together ("Force on many zones 40 (20 changes)").
 */
export function spendSummary(spender: Pick<BudgetSpender, 'spends'>): string {
  const other = spender.spends.some((spend) => spend.purpose !== null) ? 'other ' : '';
  return spender.spends
    .map((spend) => {
      const total = spend.reads + spend.writes;
      if (spend.purpose === null) {
        return [spend.reads > 0 && countOf(spend.reads, `${other}read`), spend.writes > 0 && countOf(spend.writes, 'change')]
          .filter(Boolean)
          .join(' · ');
      }
      const changes = spend.writes > 0 && spend.reads > 0 ? ` (${countOf(spend.writes, 'change')})` : spend.writes > 0 ? ' changes' : '';
      return `${BUDGET_PURPOSE_LABELS[spend.purpose]} ${number.format(total)}${changes}`;
    })
    .join(' · ');
}
