import { ComingSoon } from './coming-soon';

export function AclsPage() {
  return (
    <ComingSoon
      title="ACLs"
      description="Account-wide IP ranges allowed to transfer primary zones from Cloudflare (at most /24 for IPv4, /64 for IPv6)."
    />
  );
}

export default AclsPage;
