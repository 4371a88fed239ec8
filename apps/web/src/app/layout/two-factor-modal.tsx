/**
 * "Two-factor sign-in" from the user menu: the signed-in user's own (`TwoFactorSettings`), in a modal that loads
 * with its first opening (the QR code comes from the BFF as an image; nothing here is in the first page's bundle).
 */
import { useQuery } from '@tanstack/react-query';
import { FormModal } from '../../components/form-parts';
import { TwoFactorSettings } from '../../features/two-factor/components/two-factor-settings';
import { sessionQuery } from '../../lib/session';

export function TwoFactorModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const session = useQuery(sessionQuery());
  return (
    <FormModal opened={opened} onClose={onClose} title="Two-factor sign-in" size="md">
      <TwoFactorSettings username={session.data?.user.username} onClose={onClose} />
    </FormModal>
  );
}

export default TwoFactorModal;
// "Set up two-factor sign-in" (REQUIRE_TWO_FACTOR) is loaded with this dialog: RequireSession imports it from here.
export { EnrolTwoFactorScreen } from '../auth/enrol-two-factor-screen';
