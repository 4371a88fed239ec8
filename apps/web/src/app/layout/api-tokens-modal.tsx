/**
 * "API tokens" from the user menu: the signed-in user's own (`ApiTokens`), in a modal loaded with its first opening
 * (nothing of it is in the first page's bundle).
 */
import { useQuery } from '@tanstack/react-query';
import { FormModal } from '../../components/form-parts';
import { ApiTokens } from '../../features/api-tokens/components/api-tokens';
import { sessionQuery } from '../../lib/session';

export function ApiTokensModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const user = useQuery(sessionQuery()).data?.user;
  return (
    <FormModal opened={opened} onClose={onClose} title="API tokens" size="xl">
      {user && <ApiTokens username={user.username} role={user.role} onNavigate={onClose} />}
    </FormModal>
  );
}

export default ApiTokensModal;
