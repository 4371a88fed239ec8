import { useParams } from 'react-router';
import { ZoneDetail } from '../../features/zones/components/zone-detail';

export function ZonePage() {
  const { accountId = '', zoneId = '' } = useParams();
  return <ZoneDetail key={zoneId} accountId={accountId} zoneId={zoneId} />;
}

export default ZonePage;
