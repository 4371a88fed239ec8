/** Whether a secondary zone looks stale, for the zones list and the zone page's setup check: the contract's rule. */
export { refreshOverdue } from '@secdns/api-types';
