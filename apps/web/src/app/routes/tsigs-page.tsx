import { ComingSoon } from './coming-soon';

export function TsigsPage() {
  return (
    <ComingSoon
      title="TSIG keys"
      description="Shared secrets that sign zone transfers. The key name must be identical on both nameservers."
    />
  );
}

export default TsigsPage;
